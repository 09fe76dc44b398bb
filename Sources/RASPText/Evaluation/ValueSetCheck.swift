import RASP

/// The compile-time check of a `.rasp` program's value sets (RASP-TEXT §11.1, last row): with
/// a vocabulary and a maximum length, infers every s-op's value set as the compiler does and
/// reports, at the s-op's source position, a function that fails on a value it will meet and
/// a categorical value set larger than the compiler accepts.
struct ValueSetCheck {
    /// The compiler's default limit on a categorical value set (`RASPCompilerOptions.maxCategoricalValues`).
    static let maxCategoricalValues = 20_000

    let output: SOp
    let origins: [ObjectIdentifier: Origin]

    /// Where a node was built.
    struct Origin: Sendable {
        let file: SourceFile
        let offset: Int
    }

    func diagnostics(vocabulary: [Value], maxSeqLen: Int) -> [Diagnostic] {
        let graph = RASPGraph(output)
        func diagnostic(_ node: RASPExpr?, _ kind: Diagnostic.Kind, _ message: String) -> Diagnostic? {
            guard let node, let origin = origins[node.id] else { return nil }
            return Diagnostic(kind, message, at: origin.file.location(ofOffset: origin.offset), in: origin.file)
        }
        let sets: ValueSets
        do {
            sets = try ValueSetInference(vocabulary: vocabulary, maxSeqLen: maxSeqLen, meanRule: .exactAny).infer(output)
        } catch let error as ValueSetError {
            let node = graph.node(labelled: error.label)
            let fallback = Diagnostic(.type, "\(error)", at: SourceLocation(line: 1, column: 1), in: SourceFile(name: "program", text: ""))
            return [diagnostic(node, .type, "\(error.reason)") ?? fallback]
        } catch {
            return []
        }
        var found: [Diagnostic] = []
        for node in graph.nodes {
            guard case .sop(let sop) = node, sop.isCategorical, let values = sets.values(of: sop),
                values.count > Self.maxCategoricalValues
            else { continue }
            if let item = diagnostic(node, .valueSetTooLarge,
                "this s-op takes \(values.count) values, more than the compiler's \(Self.maxCategoricalValues) for a categorical s-op")
            {
                found.append(item)
            }
        }
        return found
    }
}
