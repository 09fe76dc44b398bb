/// The value of every expression of a program on one input, from ``Evaluator/trace(_:on:)``.
/// The compiler's conformance tests decode each SOp's residual subspace after the layer that
/// computes it and compare with these values.
public struct EvaluationTrace: Sendable {
    /// The program's graph (labels).
    public let graph: RASPGraph
    /// The output values.
    public let output: [Value?]
    let sopValues: [ObjectIdentifier: [Value?]]
    let selectorValues: [ObjectIdentifier: [[Bool]]]

    /// The values of an SOp of the program (`nil` if it is not part of it).
    public func values(of sop: SOp) -> [Value?]? { sopValues[sop.id] }

    /// The `[query][key]` matrix of a selector of the program.
    public func matrix(of selector: Selector) -> [[Bool]]? { selectorValues[selector.id] }

    /// The values of the SOp node with this label.
    public func values(labelled label: String) -> [Value?]? {
        guard let sop = graph.node(labelled: label)?.sop else { return nil }
        return sopValues[sop.id]
    }

    /// The matrix of the selector node with this label.
    public func matrix(labelled label: String) -> [[Bool]]? {
        guard let selector = graph.node(labelled: label)?.selector else { return nil }
        return selectorValues[selector.id]
    }
}
