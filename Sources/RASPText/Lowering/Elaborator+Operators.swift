import RASP

/// Lowering of operators, indexing and conditionals (RASP-TEXT §5.5–5.6): constants fold into
/// `Map`s, two s-ops meet in a `SequenceMap` (numerical `+`/`-`: `LinearSequenceMap`), logic on
/// selectors builds composite selectors, `atom in s-op` becomes a mean over all positions.
extension Elaborator {
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

