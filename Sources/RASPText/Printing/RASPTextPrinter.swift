import RASP

/// Writes a RASP program (a DSL graph) as `.rasp` text that reads back to the same graph:
/// every s-op and selector keeps its label (`named(…, "label")`) and encoding, and the
/// functions of Maps and SequenceMaps are written as tables of their values over the value
/// sets of the printed vocabulary and maximum length (`map_table`, `sequence_map_table`), so
/// the text compiles to the same weights for those settings.
///
/// ```swift
/// let text = try RASPTextPrinter.text(of: program, vocabulary: ["a", "b"], maxSeqLen: 5)
/// let again = try RASPTextProgram(source: text, fileName: "reverse.rasp")
/// ```
public enum RASPTextPrinter {
    /// The `.rasp` text of `output` with a header for `vocabulary`, `maxSeqLen` and `causal`.
    /// - Throws: ``RASPTextPrintError`` naming the first construct with no text form.
    public static func text(
        of output: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false
    ) throws(RASPTextPrintError) -> String {
        let valueSets: ValueSets
        do {
            valueSets = try ValueSetInference(vocabulary: vocabulary, maxSeqLen: maxSeqLen, meanRule: .exactAny).infer(output)
        } catch {
            throw .valueSets("\(error)")
        }
        let graph = RASPGraph(output)
        var lines = [
            "#@ vocab [\(try vocabulary.map(literal).joined(separator: ", "))]",
            "#@ max_seq_len \(maxSeqLen)",
        ]
        if causal { lines.append("#@ causal True") }
        var names: [ObjectIdentifier: String] = [:]
        var used: Set<String> = []
        for expr in order(output) {
            let label = graph.label(of: expr)
            let body: String
            switch expr {
            case .sop(let sop):
                if sop.primitiveLabel != nil, case .length = sop.kind {
                    throw .unsupported(label, "the length primitive (build it with selector_width)")
                }
                if sop.primitiveLabel != nil { names[ObjectIdentifier(sop)] = sop.primitiveLabel; continue }
                var text = try expression(sop, label: label, names: names, valueSets: valueSets)
                if let encoding = sop.explicitEncoding { text = "\(encoding.rawValue)(\(text))" }
                body = text
            case .selector(let selector):
                body = try expression(selector, label: label, names: names, valueSets: valueSets)
            }
            var name = "v_" + String(label.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
            while used.contains(name) { name += "_" }
            used.insert(name)
            switch expr {
            case .sop(let sop): names[ObjectIdentifier(sop)] = name
            case .selector(let selector): names[ObjectIdentifier(selector)] = name
            }
            // The expression's own name (the label is the name plus the graph's numbering,
            // which the read-back graph repeats).
            let own: String
            switch expr {
            case .sop(let sop): own = sop.name
            case .selector(let selector): own = selector.name
            }
            lines.append("\(name) = named(\(body), \(try literal(.string(own))));")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every s-op and selector reachable from `output`, operands before their users.
    static func order(_ output: SOp) -> [RASPExpr] {
        var seen: Set<ObjectIdentifier> = []
        var result: [RASPExpr] = []
        func visit(_ expr: RASPExpr) {
            let id: ObjectIdentifier
            switch expr {
            case .sop(let sop): id = ObjectIdentifier(sop)
            case .selector(let selector): id = ObjectIdentifier(selector)
            }
            guard seen.insert(id).inserted else { return }
            for child in children(expr) { visit(child) }
            result.append(expr)
        }
        visit(.sop(output))
        return result
    }

    static func children(_ expr: RASPExpr) -> [RASPExpr] {
        switch expr {
        case .sop(let sop): return sop.kind.children
        case .selector(let selector):
            switch selector.kind {
            case .select(let keys, let queries, _): return [.sop(keys), .sop(queries)]
            case .and(let a, let b), .or(let a, let b): return [.selector(a), .selector(b)]
            case .not(let a): return [.selector(a)]
            case .constant: return []
            }
        }
    }

    private static func expression(
        _ sop: SOp, label: String, names: [ObjectIdentifier: String], valueSets: ValueSets
    ) throws(RASPTextPrintError) -> String {
        func name(_ s: SOp) -> String { names[ObjectIdentifier(s)] ?? s.name }
        func name(_ s: Selector) -> String { names[ObjectIdentifier(s)] ?? s.name }
        func values(_ s: SOp) throws(RASPTextPrintError) -> [Value] {
            guard let values = valueSets.values(of: s) else { throw .unsupported(label, "an operand without a value set") }
            return values
        }
        func result(_ f: () throws -> Value?) throws(RASPTextPrintError) -> String {
            let value: Value?
            do { value = try f() } catch { throw .unsupported(label, "a function that fails on a value it meets (\(error))") }
            guard let value else { throw .unsupported(label, "a function giving None") }
            return try literal(value)
        }
        switch sop.kind {
        case .tokens, .indices, .length:
            return sop.name
        case .map(let f, let inner):
            let entries = try values(inner).map { x throws(RASPTextPrintError) in "\(try literal(x)): \(try result { try f(x) })" }
            return "map_table({\(entries.joined(separator: ", "))}, \(name(inner)))"
        case .sequenceMap(let f, let fst, let snd):
            let second = try values(snd)
            let rows = try values(fst).map { x throws(RASPTextPrintError) in
                let row = try second.map { y throws(RASPTextPrintError) in "\(try literal(y)): \(try result { try f(x, y) })" }
                return "\(try literal(x)): {\(row.joined(separator: ", "))}"
            }
            return "sequence_map_table({\(rows.joined(separator: ", "))}, \(name(fst)), \(name(snd)))"
        case .linearSequenceMap(let fst, let snd, let a, let b):
            return "linear_sequence_map(\(name(fst)), \(name(snd)), \(try literal(a)), \(try literal(b)))"
        case .selectorWidth(let selector):
            return "selector_width(\(name(selector)))"
        case .aggregate(let selector, let values, let fallback):
            guard let fallback else { return "aggregate(\(name(selector)), \(name(values)))" }
            return "aggregate(\(name(selector)), \(name(values)), \(try literal(fallback)))"
        case .sum(let selector, let values, let fallback):
            guard fallback == .int(0) else { throw .unsupported(label, "a sum with a default other than 0") }
            return "aggregate_sum(\(name(selector)), \(name(values)))"
        case .full, .constant:
            throw .unsupported(label, "a constant s-op")
        }
    }

    private static func expression(
        _ selector: Selector, label: String, names: [ObjectIdentifier: String], valueSets: ValueSets
    ) throws(RASPTextPrintError) -> String {
        func name(_ s: SOp) -> String { names[ObjectIdentifier(s)] ?? s.name }
        func name(_ s: Selector) -> String { names[ObjectIdentifier(s)] ?? s.name }
        switch selector.kind {
        case .select(let keys, let queries, let predicate):
            guard let comparison = predicate.comparison else {
                // A custom predicate as the table of its results over the keys' and queries' values.
                guard let keyValues = valueSets.values(of: keys), let queryValues = valueSets.values(of: queries) else {
                    throw .unsupported(label, "an operand without a value set")
                }
                let rows = try keyValues.map { k throws(RASPTextPrintError) in
                    let row = try queryValues.map { q throws(RASPTextPrintError) in
                        let holds: Bool
                        do { holds = try predicate.evaluate(key: k, query: q) } catch {
                            throw .unsupported(label, "a predicate that fails on values it meets (\(error))")
                        }
                        return "\(try literal(q)): \(holds ? "True" : "False")"
                    }
                    return "\(try literal(k)): {\(row.joined(separator: ", "))}"
                }
                return "select_table(\(name(keys)), \(name(queries)), {\(rows.joined(separator: ", "))}, \(try literal(.string(predicate.displayName))))"
            }
            return "select_where(\(name(keys)), \(name(queries)), \"\(comparison.tracrName)\")"
        case .and(let a, let b): return "selector_and(\(name(a)), \(name(b)))"
        case .or(let a, let b): return "selector_or(\(name(a)), \(name(b)))"
        case .not(let a): return "selector_not(\(name(a)))"
        case .constant: throw .unsupported(label, "a constant selector")
        }
    }

    /// A value as `.rasp` text: ints, floats (shortest exact form), quoted strings, True/False,
    /// tuples `(a, b)`.
    static func literal(_ value: Value) throws(RASPTextPrintError) -> String {
        switch value {
        case .int(let i): return "\(i)"
        case .float(let f):
            guard f.isFinite else { throw .unsupported("\(f)", "a value that is not finite") }
            let text = "\(f)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .bool(let b): return b ? "True" : "False"
        case .string(let s):
            return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .tuple(let elements):
            let parts = try elements.map { element throws(RASPTextPrintError) in try literal(element) }
            return "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
        }
    }
}

/// Why a RASP program has no `.rasp` text form.
public enum RASPTextPrintError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression labelled `label` is `what`, which `.rasp` cannot write.
    case unsupported(_ label: String, _ what: String)
    /// The value sets could not be inferred.
    case valueSets(String)

    public var description: String {
        switch self {
        case .unsupported(let label, let what): return "'\(label)' is \(what), which has no .rasp form"
        case .valueSets(let reason): return "cannot infer the value sets: \(reason)"
        }
    }
}
