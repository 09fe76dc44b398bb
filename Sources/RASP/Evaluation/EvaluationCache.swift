/// Memoised values of expressions on one input, reusable across evaluations of programs that
/// share sub-expressions (``Evaluator/evaluate(_:cache:)``). Entries hold their expressions
/// strongly, so an identity is never confused with a later object at the same address.
public struct EvaluationCache: Sendable {
    /// The input sequence.
    public let input: [Value]
    /// Whether selectors are masked causally.
    public let causal: Bool
    var sops: [ObjectIdentifier: (sop: SOp, values: [Value?])] = [:]
    var selectors: [ObjectIdentifier: (selector: Selector, matrix: [[Bool]])] = [:]

    /// An empty cache for `input`.
    public init(input: [Value], causal: Bool = false) {
        self.input = input
        self.causal = causal
    }

    /// The cached values of `sop`, if it was evaluated.
    public func values(of sop: SOp) -> [Value?]? {
        guard let entry = sops[sop.id], entry.sop === sop else { return nil }
        return entry.values
    }

    /// The number of cached expressions.
    public var count: Int { sops.count + selectors.count }
}
