import ALTA

/// Evaluates `.alta` expressions. Names are looked up through `lookup` (which may throw,
/// e.g. `ALTAError.readNull` when an update reads a null variable — passed through
/// unchanged); every other failure is an `ALTATextDiagnostic` at the culprit.
///
/// Built-in functions: `min`, `max`, `clamp(x, lo, hi)`, `abs`, `round` (to the nearest
/// integer, halves away from zero), `floor`, `ceil`, `str`, `sorted`, `len`. Arithmetic on
/// integers is checked (overflow is an error); `/` divides as real numbers, `//` and `%`
/// truncate as Swift does; `^` is exclusive or.
struct ALTAExpressionEvaluator {
    let file: String
    let source: String
    let lookup: (String, ALTASourceLocation) throws -> ALTATextValue

    /// The most elements a range, set or list may have.
    static let maxElements = 1_000_000

    func fail(_ message: String, at location: ALTASourceLocation) -> ALTATextDiagnostic {
        ALTATextDiagnostic(file: file, source: source, location: location, message: message)
    }

    func evaluate(_ expression: ALTAExpression) throws -> ALTATextValue {
        let at = expression.location
        switch expression.kind {
        case .integer(let v): return .int(v)
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .boolean(let b): return .bool(b)
        case .null: return .null
        case .name(let name): return try lookup(name, at)
        case .unary(let op, let operand):
            let value = try evaluate(operand)
            if op == "not" { return .bool(!(try truth(value, at: operand.location))) }
            switch value {
            case .int(let v):
                guard v != Int.min else { throw fail("integer overflow", at: at) }
                return .int(-v)
            case .number(let x): return .number(-x)
            default: throw fail("cannot negate \(value)", at: at)
            }
        case .binary(let op, let left, let right):
            if op == "and" || op == "or" {
                let l = try truth(try evaluate(left), at: left.location)
                if op == "and" ? !l : l { return .bool(l) }
                return .bool(try truth(try evaluate(right), at: right.location))
            }
            return try binary(op, try evaluate(left), try evaluate(right), at: at)
        case .conditional(let then, let condition, let otherwise):
            return try truth(try evaluate(condition), at: condition.location) ? try evaluate(then) : try evaluate(otherwise)
        case .call(let name, let arguments):
            return try call(name, try arguments.map { try evaluate($0) }, at: at)
        case .set(let elements):
            var members = Set<Int>()
            for value in try collect(elements) {
                guard case .int(let v) = value else { throw fail("a set holds integers, not \(value)", at: at) }
                members.insert(v)
            }
            return .set(members)
        case .list(let elements):
            return .list(try collect(elements))
        case .comprehension(let element, let variable, let from, let through):
            let lo = try integer(try evaluate(from), at: from.location)
            let hi = try integer(try evaluate(through), at: through.location)
            try checkCount(lo, hi, at: at)
            guard lo <= hi else { return .list([]) }
            var items: [ALTATextValue] = []
            for k in lo...hi {
                let inner = ALTAExpressionEvaluator(file: file, source: source) { name, location in
                    name == variable ? .int(k) : try lookup(name, location)
                }
                items.append(try inner.evaluate(element))
            }
            return .list(items)
        }
    }

    private func checkCount(_ lo: Int, _ hi: Int, at location: ALTASourceLocation) throws {
        guard lo <= hi else { return }
        let (count, overflow) = hi.subtractingReportingOverflow(lo)
        guard !overflow, count < Self.maxElements else {
            throw fail("the range \(lo)..\(hi) has more than \(Self.maxElements) elements", at: location)
        }
    }

    private func collect(_ elements: [ALTACollectionElement]) throws -> [ALTATextValue] {
        var items: [ALTATextValue] = []
        for element in elements {
            switch element {
            case .single(let e): items.append(try evaluate(e))
            case .range(let from, let through):
                let lo = try integer(try evaluate(from), at: from.location)
                let hi = try integer(try evaluate(through), at: through.location)
                try checkCount(lo, hi, at: from.location)
                if lo <= hi { items += (lo...hi).map { .int($0) } }
            }
            guard items.count <= Self.maxElements else {
                throw fail("more than \(Self.maxElements) elements", at: element.location)
            }
        }
        return items
    }

    func truth(_ value: ALTATextValue, at location: ALTASourceLocation) throws -> Bool {
        guard case .bool(let b) = value else { throw fail("expected a condition (true or false), found \(value)", at: location) }
        return b
    }

    func integer(_ value: ALTATextValue, at location: ALTASourceLocation) throws -> Int {
        guard case .int(let v) = value else { throw fail("expected an integer, found \(value)", at: location) }
        return v
    }

    private func binary(_ op: String, _ l: ALTATextValue, _ r: ALTATextValue, at: ALTASourceLocation) throws -> ALTATextValue {
        switch op {
        case "==": return .bool(equal(l, r))
        case "!=": return .bool(!equal(l, r))
        case "<", "<=", ">", ">=":
            guard let a = l.real, let b = r.real else { throw fail("cannot compare \(l) and \(r) with '\(op)'", at: at) }
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        default: break
        }
        if case .int(let a) = l, case .int(let b) = r {
            let result: (Int, Bool)
            switch op {
            case "+": result = a.addingReportingOverflow(b)
            case "-": result = a.subtractingReportingOverflow(b)
            case "*": result = a.multipliedReportingOverflow(by: b)
            case "^": return .int(a ^ b)
            case "//", "%":
                guard b != 0 else { throw fail("division by zero", at: at) }
                result = op == "//" ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
            case "/":
                guard b != 0 else { throw fail("division by zero", at: at) }
                return .number(Double(a) / Double(b))
            default: throw fail("unknown operator '\(op)'", at: at)
            }
            guard !result.1 else { throw fail("integer overflow", at: at) }
            return .int(result.0)
        }
        guard let a = l.real, let b = r.real, ["+", "-", "*", "/"].contains(op) else {
            throw fail("cannot apply '\(op)' to \(l) and \(r)", at: at)
        }
        let x: Double
        switch op {
        case "+": x = a + b
        case "-": x = a - b
        case "*": x = a * b
        default:
            guard b != 0 else { throw fail("division by zero", at: at) }
            x = a / b
        }
        guard x.isFinite else { throw fail("the result is not a finite number", at: at) }
        return .number(x)
    }

    private func equal(_ l: ALTATextValue, _ r: ALTATextValue) -> Bool {
        if let a = l.real, let b = r.real { return a == b }
        return l == r
    }

    private func call(_ name: String, _ args: [ALTATextValue], at: ALTASourceLocation) throws -> ALTATextValue {
        func arity(_ n: Int) throws {
            guard args.count == n else { throw fail("\(name) takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", at: at) }
        }
        func reals() throws -> [Double] {
            try args.map { value in
                guard let x = value.real else { throw fail("\(name) needs numbers, got \(value)", at: at) }
                return x
            }
        }
        func toInt(_ x: Double) throws -> ALTATextValue {
            guard let v = Int(exactly: x) else { throw fail("\(x) does not fit an integer", at: at) }
            return .int(v)
        }
        let allInts = args.allSatisfy { if case .int = $0 { return true } else { return false } }
        switch name {
        case "min", "max":
            guard !args.isEmpty else { throw fail("\(name) needs at least one argument", at: at) }
            if allInts {
                let values = args.compactMap { if case .int(let v) = $0 { return v } else { return nil } }
                return .int((name == "min" ? values.min() : values.max()) ?? 0)
            }
            let values = try reals()
            return .number((name == "min" ? values.min() : values.max()) ?? 0)
        case "clamp":
            try arity(3)
            if allInts, case .int(let x) = args[0], case .int(let lo) = args[1], case .int(let hi) = args[2] {
                return .int(min(max(x, lo), hi))
            }
            let v = try reals()
            return .number(min(max(v[0], v[1]), v[2]))
        case "abs":
            try arity(1)
            if case .int(let v) = args[0] {
                guard v != Int.min else { throw fail("integer overflow", at: at) }
                return .int(abs(v))
            }
            return .number(abs(try reals()[0]))
        case "round", "floor", "ceil":
            try arity(1)
            let x = try reals()[0]
            switch name {
            case "round": return try toInt(x.rounded())
            case "floor": return try toInt(x.rounded(.down))
            default: return try toInt(x.rounded(.up))
            }
        case "str":
            try arity(1)
            switch args[0] {
            case .int(let v): return .string(String(v))
            case .number(let x): return .string(String(x))
            case .string(let s): return .string(s)
            default: throw fail("str needs an integer, a number or a string, got \(args[0])", at: at)
            }
        case "sorted":
            try arity(1)
            guard case .list(let items) = args[0] else { throw fail("sorted needs a list, got \(args[0])", at: at) }
            if items.allSatisfy({ $0.real != nil }) {
                return .list(items.sorted { ($0.real ?? 0) < ($1.real ?? 0) })
            }
            throw fail("sorted needs a list of numbers", at: at)
        case "len":
            try arity(1)
            switch args[0] {
            case .list(let items): return .int(items.count)
            case .set(let s): return .int(s.count)
            case .string(let s): return .int(s.count)
            default: throw fail("len needs a list, a set or a string, got \(args[0])", at: at)
            }
        default:
            throw fail("unknown function '\(name)' (built-ins: min, max, clamp, abs, round, floor, ceil, str, sorted, len)", at: at)
        }
    }
}

extension ALTACollectionElement {
    var location: ALTASourceLocation {
        switch self {
        case .single(let e): return e.location
        case .range(let e, _): return e.location
        }
    }
}
