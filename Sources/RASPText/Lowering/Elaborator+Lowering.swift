import Foundation
import RASP

/// Lowering of s-op and selector expressions to the RASP DSL (RASP-TEXT §5.5–8, §11.1):
/// element-wise operations become `Map` / `SequenceMap` / `LinearSequenceMap` with constant
/// operands folded into the function, unnamed unary maps are fused into the node that
/// consumes them (a `SequenceMap` or a `Select` predicate), and `and`/`or`/`not` on selectors
/// become composite selectors (simplified to one `Select` where possible).
extension Elaborator {
    // MARK: Operand checks

    func notAnSOp(_ value: MetaValue, at offset: Int, file: SourceFile, for what: String) -> Diagnostic {
        switch value {
        case .selector:
            return diagnostic(.selectorWhereSOpNeeded, "\(what) needs an s-op, not a selector", at: offset, in: file)
        case .list, .dict:
            return diagnostic(
                .notCompilable,
                "\(what) needs an s-op, not \(value.kindName): lists and dicts exist only while the program is built and cannot become weights",
                at: offset, in: file)
        default:
            return diagnostic(.type, "\(what) needs an s-op, not \(value.kindName)", at: offset, in: file)
        }
    }

    /// The s-op in `value`; an atom becomes a constant s-op.
    func requireSOp(_ value: MetaValue, at offset: Int, file: SourceFile, for what: String) throws(Diagnostic) -> SOp {
        switch value {
        case .sop(let sop): return sop
        case .atom(let v): return constantSOp(v)
        default: throw notAnSOp(value, at: offset, file: file, for: what)
        }
    }

    func requireSelector(_ value: MetaValue, at offset: Int, file: SourceFile, for what: String) throws(Diagnostic) -> Selector {
        guard case .selector(let selector) = value else {
            throw diagnostic(.selectorWhereSOpNeeded, "\(what) needs a selector, not \(value.kindName)", at: offset, in: file)
        }
        return selector
    }

    /// `value` at every position: a map of `indices` (compilable, unlike `Full`).
    func constantSOp(_ value: Value) -> SOp {
        Map({ _ in value }, indices)
    }

    /// An unannotated Map of `indices` (position arithmetic such as `indices - 1`), whose
    /// function is fused into the node that consumes it instead of taking an MLP of its own.
    private func unfusedMap(_ sop: SOp) -> (MapFunction, SOp)? {
        guard !sop.hasExplicitAnnotations, case .map(let f, let inner) = sop.kind, case .indices = inner.kind else {
            return nil
        }
        return (f, inner)
    }

    // MARK: Select

    static let comparisons: [String: Comparison] = ["==": .eq, "!=": .neq, "<": .lt, ">": .gt, "<=": .leq, ">=": .geq]

    func lowerSelect(
        _ keys: MetaValue, _ keysAt: Int, _ queries: MetaValue, _ queriesAt: Int, _ op: String, file: SourceFile
    ) throws(Diagnostic) -> Selector {
        let comparison = Elaborator.comparisons[op] ?? .eq
        let selector: Selector
        switch (keys, queries) {
        case (.atom(let a), .atom(let b)):
            let holds = try meta(at: keysAt, file: file) { try comparison.evaluate(key: a, query: b) }
            selector = Select(indices, indices, holds ? .true : .false)
        case (.atom(let a), _):
            let q = try selectOperand(queries, at: queriesAt, file: file, side: "queries")
            selector = foldedSelect(indices, q, description: "\(a.pythonRepr) \(op) q") { _, query in
                try comparison.evaluate(key: a, query: query)
            }
        case (_, .atom(let b)):
            let k = try selectOperand(keys, at: keysAt, file: file, side: "keys")
            selector = foldedSelect(k, indices, description: "k \(op) \(b.pythonRepr)") { key, _ in
                try comparison.evaluate(key: key, query: b)
            }
        default:
            let k = try selectOperand(keys, at: keysAt, file: file, side: "keys")
            let q = try selectOperand(queries, at: queriesAt, file: file, side: "queries")
            if unfusedMap(k) == nil, unfusedMap(q) == nil {
                selector = Select(k, q, comparison)
            } else {
                selector = foldedSelect(k, q, description: "k \(op) q") { key, query in
                    try comparison.evaluate(key: key, query: query)
                }
            }
        }
        if comparison != .eq { mayAverage.insert(selector.id) }
        if case .select(_, _, .comparison(.true)) = selector.kind { mayAverage.insert(selector.id) }
        return selector
    }

    private func selectOperand(_ value: MetaValue, at offset: Int, file: SourceFile, side: String) throws(Diagnostic) -> SOp {
        let sop = try requireSOp(value, at: offset, file: file, for: "select's \(side)")
        if sop.isNumerical {
            throw diagnostic(
                .encodingMismatch, "select needs categorical \(side), but this s-op is numerical", at: offset, in: file)
        }
        return sop
    }

    /// `Select(keys, queries, predicate)` with unannotated maps of the keys and queries folded
    /// into the predicate (`select(indices, indices - 1, ==)` reads `indices` on both sides).
    private func foldedSelect(
        _ keys: SOp, _ queries: SOp, description: String, _ predicate: @escaping PredicateFunction
    ) -> Selector {
        var keys = keys
        var queries = queries
        var keyMap: MapFunction?
        var queryMap: MapFunction?
        var text = description
        if let (f, inner) = unfusedMap(keys) {
            keys = inner
            keyMap = f
            text = text.replacingFirst("k", with: "f(k)")
        }
        if let (f, inner) = unfusedMap(queries) {
            queries = inner
            queryMap = f
            text = text.replacingFirst(" q", with: " g(q)")
        }
        let km = keyMap
        let qm = queryMap
        return Select(keys, queries, .custom(description: text) { k, q in
            guard let key = try km.map({ try $0(k) }) ?? k, let query = try qm.map({ try $0(q) }) ?? q else { return false }
            return try predicate(key, query)
        })
    }

    // MARK: Aggregate

    func lowerAggregate(
        _ selectorValue: MetaValue, at selectorAt: Int, _ valuesValue: MetaValue, valuesAt: Int, default explicitDefault: Value?,
        hasDefault: Bool, aggregateAt: Int, defaultAt: Int?, file: SourceFile
    ) throws(Diagnostic) -> SOp {
        let selector = try requireSelector(selectorValue, at: selectorAt, file: file, for: "aggregate")
        var values = try requireSOp(valuesValue, at: valuesAt, file: file, for: "aggregate's values")
        let averages = selectorMayAverage(selector)
        let isNumerical = values.isNumerical || (zeroOne.contains(values.id) && averages)
        if isNumerical, !values.isNumerical { values = numerical(values) }
        let defaultValue: Value?
        if hasDefault {
            defaultValue = explicitDefault
            if let d = explicitDefault {
                if isNumerical, d != .int(0) {
                    note(.notCompilable, "a numerical aggregate's default must be 0 to compile (got \(d.pythonRepr))", at: defaultAt ?? aggregateAt, file: file, compile: true)
                } else if !isNumerical {
                    note(.notCompilable, "a categorical aggregate's default must be omitted to compile (Tracr gives None where nothing is selected; got \(d.pythonRepr))", at: defaultAt ?? aggregateAt, file: file, compile: true)
                }
            }
        } else {
            defaultValue = isNumerical ? .int(0) : nil
            if !isNumerical {
                note(.semanticDifference, "where this aggregate selects nothing, the REPL gives 0 and Tracr gives None", at: aggregateAt, file: file, compile: false)
            }
        }
        if !isNumerical, averages {
            note(.categoricalMean, "categorical aggregate may average different values (its selector can select several keys); mark the values numerical(…) for a mean", at: aggregateAt, file: file, compile: true)
        }
        let result = Aggregate(selector, values, default: defaultValue)
        return isNumerical ? numerical(result) : result
    }

    /// Whether `selector` can select several keys for one query (so an aggregate averages).
    func selectorMayAverage(_ selector: Selector) -> Bool {
        switch selector.kind {
        case .select: return mayAverage.contains(selector.id)
        case .and(let a, let b): return selectorMayAverage(a) && selectorMayAverage(b)
        case .or(let a, let b): return selectorMayAverage(a) || selectorMayAverage(b)
        case .not: return true
        case .constant: return true
        }
    }

    /// Records a warning (or, with `compile`, a problem that only stops compilation), once per place.
    /// A note raised inside a bundled library is reported at the user's call into the library.
    func note(_ kind: Diagnostic.Kind, _ message: String, at offset: Int, file: SourceFile, compile: Bool) {
        var message = message
        var offset = offset
        var file = file
        let libraries = Set(LibraryFiles.names.map { $0 + ".rasp" })
        if libraries.contains(file.name), let index = callSites.lastIndex(where: { !libraries.contains($0.file.name) }) {
            let site = callSites[index]
            message = "in '\(site.function)': " + message
            offset = site.offset
            file = site.file
        }
        let item = Diagnostic(kind, message, at: file.location(ofOffset: offset), in: file, severity: compile ? .error : .warning)
        if compile {
            if !compileErrors.contains(item) { compileErrors.append(item) }
        } else if !warnings.contains(item) {
            warnings.append(item)
        }
    }

    // MARK: Index

    func lowerIndex(_ base: MetaValue, _ index: MetaValue, at: Int, indexAt: Int, file: SourceFile) throws(Diagnostic) -> MetaValue {
        switch (base, index) {
        case (.list(let elements), .atom(let i)):
            guard case .int(let k) = i, let position = pythonIndex(k, count: elements.count) else {
                throw diagnostic(.type, "list index \(i.pythonRepr) out of range (the list has \(elements.count) elements)", at: indexAt, in: file)
            }
            return elements[position]
        case (.atom(.string(let s)), .atom(let i)):
            let characters = Array(s)
            guard case .int(let k) = i, let position = pythonIndex(k, count: characters.count) else {
                throw diagnostic(.type, "string index \(i.pythonRepr) out of range", at: indexAt, in: file)
            }
            return .atom(.string(String(characters[position])))
        case (.dict(let entries), .atom(let key)):
            guard let entry = entries.first(where: { $0.key == key }) else {
                throw diagnostic(.type, "key \(key.pythonRepr) is not in the dict", at: indexAt, in: file)
            }
            return entry.value
        case (.list, .sop(let s)), (.dict, .sop(let s)), (.atom(.string), .sop(let s)):
            let table = try lookupTable(base, at: at, file: file)
            return .sop(Map({ x in
                guard let value = table(x) else { throw RASPValueError.valueError("index \(x.pythonRepr) is not in the table") }
                return value
            }, s))
        case (.sop(let s), .atom(.int(let i))):
            let selector: Selector
            if i >= 0 {
                let target = Value.int(i)
                selector = Select(indices, indices, .custom(description: "k == \(i)") { k, _ in k == target })
            } else {
                let offset = Value.int(i)
                selector = Select(indices, lengthSOp, .custom(description: "k == q - \(-i)") { k, q in k == (try q + offset) })
            }
            note(.semanticDifference, "where this index is outside the input, the REPL gives 0 and Tracr gives None", at: at, file: file, compile: false)
            return .sop(Aggregate(selector, s))
        case (.sop, _):
            throw diagnostic(.type, "an s-op can only be indexed by a constant int, not \(index.kindName)", at: indexAt, in: file)
        case (.selector, _):
            throw diagnostic(.selectorWhereSOpNeeded, "a selector cannot be indexed", at: at, in: file)
        default:
            throw diagnostic(.type, "\(base.kindName) cannot be indexed by \(index.kindName)", at: at, in: file)
        }
    }

    private func pythonIndex(_ k: Int, count: Int) -> Int? {
        let position = k < 0 ? count + k : k
        return position >= 0 && position < count ? position : nil
    }

    /// `x ↦ base[x]` for a list of atoms, a string or a dict of atoms.
    private func lookupTable(_ base: MetaValue, at: Int, file: SourceFile) throws(Diagnostic) -> @Sendable (Value) -> Value? {
        switch base {
        case .list(let elements):
            var atoms: [Value] = []
            for element in elements {
                guard case .atom(let v) = element else {
                    throw diagnostic(.notCompilable, "a list indexed by an s-op must hold constants, not \(element.kindName)", at: at, in: file)
                }
                atoms.append(v)
            }
            let table = atoms
            return { x in
                guard case .int(let k) = x.asIntegralIndex else { return nil }
                let position = k < 0 ? table.count + k : k
                return position >= 0 && position < table.count ? table[position] : nil
            }
        case .atom(.string(let s)):
            let characters = Array(s).map { Value.string(String($0)) }
            return { x in
                guard case .int(let k) = x.asIntegralIndex else { return nil }
                let position = k < 0 ? characters.count + k : k
                return position >= 0 && position < characters.count ? characters[position] : nil
            }
        case .dict(let entries):
            var table: [Value: Value] = [:]
            for entry in entries {
                guard case .atom(let v) = entry.value else {
                    throw diagnostic(.notCompilable, "a dict indexed by an s-op must hold constants, not \(entry.value.kindName)", at: at, in: file)
                }
                table[entry.key] = v
            }
            let frozen = table
            return { x in frozen[x] }
        default:
            return { _ in nil }
        }
    }

    // MARK: Unary

    func lowerUnary(_ op: String, _ operand: MetaValue, at: Int, file: SourceFile) throws(Diagnostic) -> MetaValue {
        switch (op, operand) {
        case ("not", .selector(let s)):
            let negated = ~s
            mayAverage.insert(negated.id)
            return .selector(negated)
        case ("not", .sop(let s)): return .sop(Map({ x in .bool(!x.isTruthy) }, s))
        case ("not", .atom(let v)): return .atom(.bool(!v.isTruthy))
        case ("not", .list(let e)): return .atom(.bool(e.isEmpty))
        case ("not", .dict(let e)): return .atom(.bool(e.isEmpty))
        case ("-", .atom(let v)): return .atom(try meta(at: at, file: file) { try ElementOperations.negate(v) })
        case ("-", .sop(let s)):
            let result = Map({ x in try ElementOperations.negate(x) }, s)
            return .sop(s.isNumerical ? numerical(result) : result)
        case ("+", .atom(let v)):
            guard v.isNumeric else { throw diagnostic(.type, "bad operand type for unary +: '\(v.typeName)'", at: at, in: file) }
            return .atom(v)
        case ("+", .sop): return operand
        default:
            throw notAnSOp(operand, at: at, file: file, for: "'\(op)'")
        }
    }

    // MARK: Binary

    func lowerBinary(
        _ op: String, _ lhs: MetaValue, _ lhsAt: Int, _ rhs: MetaValue, _ rhsAt: Int, at: Int, file: SourceFile
    ) throws(Diagnostic) -> MetaValue {
        if op == "and" || op == "or" { return try lowerLogic(op, lhs, lhsAt, rhs, rhsAt, at: at, file: file) }
        if op == "in" { return try lowerIn(lhs, lhsAt, rhs, rhsAt, at: at, file: file) }
        switch (lhs, rhs) {
        case (.atom(let a), .atom(let b)):
            return .atom(try meta(at: at, file: file) { try ElementOperations.binary(op, a, b) })
        case (.list(let a), .list(let b)) where op == "+":
            guard a.count + b.count <= Elaborator.maxRange else {
                throw diagnostic(.valueSetTooLarge, "list longer than \(Elaborator.maxRange) elements", at: at, in: file)
            }
            return .list(a + b)
        case (.list(let a), .atom(.int(let n))) where op == "*":
            guard n <= Elaborator.maxRange, a.count * max(n, 0) <= Elaborator.maxRange else {
                throw diagnostic(.valueSetTooLarge, "list repetition too large (at most \(Elaborator.maxRange) elements)", at: at, in: file)
            }
            return .list(Array(repeating: a, count: max(n, 0)).flatMap { $0 })
        case (.sop(let s), .atom(let b)):
            let result = Map({ x in try ElementOperations.binary(op, x, b) }, s)
            return .sop(s.isNumerical && Elaborator.arithmetic.contains(op) ? numerical(result) : result)
        case (.atom(let a), .sop(let s)):
            let result = Map({ x in try ElementOperations.binary(op, a, x) }, s)
            return .sop(s.isNumerical && Elaborator.arithmetic.contains(op) ? numerical(result) : result)
        case (.sop(let l), .sop(let r)):
            if (op == "+" || op == "-"), l.isNumerical, r.isNumerical {
                return .sop(numerical(LinearSequenceMap(l, r, .int(1), .int(op == "+" ? 1 : -1))))
            }
            return .sop(fusedSequenceMap({ x, y in try ElementOperations.binary(op, x, y) }, l, r))
        default:
            let (culprit, culpritAt) = isSOpLike(lhs) ? (rhs, rhsAt) : (lhs, lhsAt)
            if case .function = culprit {
                throw diagnostic(.type, "'\(op)' does not apply to a function", at: culpritAt, in: file)
            }
            if case .atom = culprit {
                throw diagnostic(.type, "'\(op)' does not apply to \(lhs.kindName) and \(rhs.kindName)", at: at, in: file)
            }
            throw notAnSOp(culprit, at: culpritAt, file: file, for: "'\(op)'")
        }
    }

    static let arithmetic: Set<String> = ["+", "-", "*", "/", "%", "^"]

    private func isSOpLike(_ value: MetaValue) -> Bool {
        switch value {
        case .sop, .atom: return true
        default: return false
        }
    }

    /// `SequenceMap(f, l, r)` with unannotated unary maps of `l` and `r` fused into `f`.
    func fusedSequenceMap(_ f: @escaping SequenceMapFunction, _ l: SOp, _ r: SOp) -> SOp {
        var fst = l
        var snd = r
        var g: MapFunction?
        var h: MapFunction?
        if let (map, inner) = unfusedMap(l) {
            fst = inner
            g = map
        }
        if let (map, inner) = unfusedMap(r) {
            snd = inner
            h = map
        }
        guard g != nil || h != nil else { return SequenceMap(f, l, r) }
        let gl = g
        let hr = h
        return SequenceMap({ x, y in
            guard let a = try gl.map({ try $0(x) }) ?? x, let b = try hr.map({ try $0(y) }) ?? y else { return nil }
            return try f(a, b)
        }, fst, snd)
    }

    private func lowerLogic(
        _ op: String, _ lhs: MetaValue, _ lhsAt: Int, _ rhs: MetaValue, _ rhsAt: Int, at: Int, file: SourceFile
    ) throws(Diagnostic) -> MetaValue {
        let isAnd = op == "and"
        switch (lhs, rhs) {
        case (.selector(let a), .selector(let b)):
            let combined = isAnd ? a & b : a | b
            let averages = isAnd
                ? selectorMayAverage(a) && selectorMayAverage(b) : selectorMayAverage(a) || selectorMayAverage(b)
            if averages { mayAverage.insert(combined.id) }
            return .selector(combined)
        case (.selector, _), (_, .selector):
            let culpritAt = { if case .selector = lhs { return rhsAt } else { return lhsAt } }()
            throw diagnostic(
                .selectorWhereSOpNeeded, "'\(op)' cannot combine a selector with a non-selector; both sides must be selectors",
                at: culpritAt, in: file)
        case (.sop(let l), .sop(let r)):
            return .sop(fusedSequenceMap({ x, y in try ElementOperations.binary(op, x, y) }, l, r))
        case (.sop(let s), .atom(let b)), (.atom(let b), .sop(let s)):
            return .sop(Map({ x in try ElementOperations.binary(op, x, b) }, s))
        case (.sop, _), (_, .sop):
            let (culprit, culpritAt) = { if case .sop = lhs { return (rhs, rhsAt) } else { return (lhs, lhsAt) } }()
            throw notAnSOp(culprit, at: culpritAt, file: file, for: "'\(op)'")
        default:
            // Python value semantics on meta values: `3 and 5` is 5.
            let truthy = lhs.isTruthy
            return isAnd ? (truthy ? rhs : lhs) : (truthy ? lhs : rhs)
        }
    }

    private func lowerIn(
        _ lhs: MetaValue, _ lhsAt: Int, _ rhs: MetaValue, _ rhsAt: Int, at: Int, file: SourceFile
    ) throws(Diagnostic) -> MetaValue {
        switch (lhs, rhs) {
        case (.atom(let a), .list(let elements)):
            return .atom(.bool(elements.contains { if case .atom(let v) = $0 { return v == a } else { return false } }))
        case (.sop(let s), .list(let elements)):
            var atoms: [Value] = []
            for element in elements {
                guard case .atom(let v) = element else {
                    throw diagnostic(.notCompilable, "'in' with an s-op needs a list of constants, not one holding \(element.kindName)", at: rhsAt, in: file)
                }
                atoms.append(v)
            }
            let set = atoms
            return .sop(Map({ x in .bool(set.contains(x)) }, s))
        case (.atom(let a), .sop(let s)):
            // §5.5: a mean over all positions of `indicator(s == a)`, then `> 0`.
            let hits = numerical(Map({ x in .int(x == a ? 1 : 0) }, s))
            let all = Select(indices, indices, .true)
            let fraction = numerical(Aggregate(all, hits, default: .int(0)))
            return .sop(Map({ x in .bool(try x.pythonGreaterThan(.int(0))) }, fraction))
        case (_, .selector), (.selector, _):
            throw diagnostic(.selectorWhereSOpNeeded, "'in' needs s-ops or constants, not a selector", at: at, in: file)
        default:
            throw diagnostic(.type, "'in' needs a list on its right, not \(rhs.kindName)", at: rhsAt, in: file)
        }
    }

    // MARK: Conditional

    func lowerConditional(
        _ condition: SOp, _ then: MetaValue, _ thenAt: Int, _ otherwise: MetaValue, _ otherwiseAt: Int, file: SourceFile
    ) throws(Diagnostic) -> SOp {
        switch (then, otherwise) {
        case (.atom(let a), .atom(let b)):
            return Map({ c in c.isTruthy ? a : b }, condition)
        case (.sop(let x), .atom(let b)):
            return fusedSequenceMap({ c, y in c.isTruthy ? y : b }, condition, x)
        case (.atom(let a), .sop(let y)):
            return fusedSequenceMap({ c, z in c.isTruthy ? a : z }, condition, y)
        case (.sop(let x), .sop(let y)):
            let paired = fusedSequenceMap({ c, v in .tuple([c, v]) }, condition, x)
            return SequenceMap({ pair, z in
                guard case .tuple(let parts) = pair, parts.count == 2 else { return nil }
                return parts[0].isTruthy ? parts[1] : z
            }, paired, y)
        case (.sop, _), (.atom, _):
            throw notAnSOp(otherwise, at: otherwiseAt, file: file, for: "a conditional's branch")
        default:
            throw notAnSOp(then, at: thenAt, file: file, for: "a conditional's branch")
        }
    }
}

extension MetaValue {
    /// Python truthiness of a meta value.
    var isTruthy: Bool {
        switch self {
        case .atom(let v): return v.isTruthy
        case .list(let e): return !e.isEmpty
        case .dict(let e): return !e.isEmpty
        case .function, .sop, .selector: return true
        }
    }
}

extension Value {
    /// Ints and bools as ints (list indexing by an s-op).
    fileprivate var asIntegralIndex: Value {
        if case .bool(let b) = self { return .int(b ? 1 : 0) }
        return self
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
