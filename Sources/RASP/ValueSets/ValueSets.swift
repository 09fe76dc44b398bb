/// The result of ``ValueSetInference/infer(_:)``.
public struct ValueSets: Sendable {
    /// The program's graph.
    public let graph: RASPGraph
    let sets: [ObjectIdentifier: [Value]]

    /// The value set of an SOp, sorted in Tracr's basis order; `nil` if not part of the program.
    public func values(of sop: SOp) -> [Value]? {
        sets[sop.id].map { Value.basisSorted($0) }
    }

    /// The value set of the SOp node with this label.
    public func values(labelled label: String) -> [Value]? {
        guard let sop = graph.node(labelled: label)?.sop else { return nil }
        return values(of: sop)
    }
}
