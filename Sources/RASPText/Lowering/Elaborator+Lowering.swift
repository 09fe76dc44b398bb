import Foundation
import RASP

/// Lowering of `select` and `aggregate` to the RASP DSL (RASP-TEXT §7–8, §11.1), with the
/// operand checks and notes shared by all lowering. Position arithmetic (`indices - 1`) is
/// folded into the `Select` predicate; an aggregate is numerical when its values are (or are
/// an `indicator` averaged by a selector that can select several keys).
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
    func unfusedMap(_ sop: SOp) -> (MapFunction, SOp)? {
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
}


extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
