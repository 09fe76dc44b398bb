/// One rule of the SCAN quasi-synchronous CFG (ALTA-EXAMPLES §5.1): `S → source`
/// paired with `S → target`, where the k-th `S` of the target expands the
/// `mapping[k]`-th `S` of the source.
public struct SCANGrammarRule: Hashable, Sendable, CustomStringConvertible {
    /// Source right-hand side (command words and `S`).
    public let source: [SCANSymbol]
    /// Target right-hand side (actions and `S`).
    public let target: [SCANSymbol]
    /// For the k-th `S` in `target`, the index (0 or 1) of the source `S` it expands.
    public let mapping: [Int]

    /// A rule from its two sides and mapping.
    public init(source: [SCANSymbol], target: [SCANSymbol], mapping: [Int]) {
        precondition(source.count >= 1 && source.count <= 3, "source length must be 1–3")
        precondition(
            mapping.count == target.filter { $0 == .nonterminal }.count,
            "one mapping entry per target nonterminal")
        self.source = source
        self.target = target
        self.mapping = mapping
        self.sourceIDs = source.map(\.id)
        self.targetIDs = target.map(\.id)
        var childOfTarget: [Int?] = []
        var seen = 0
        for symbol in target {
            if symbol == .nonterminal {
                childOfTarget.append(mapping[seen])
                seen += 1
            } else {
                childOfTarget.append(nil)
            }
        }
        self.targetChild = childOfTarget
        let nonterminalIndices = source.indices.filter { source[$0] == .nonterminal }
        self.childStackPositions = (0..<2).map { k in
            k < nonterminalIndices.count ? source.count - 1 - nonterminalIndices[k] : 3
        }
        self.needsEndOfInput = source.contains(.word(.and)) || source.contains(.word(.after))
    }

    /// Symbol ids of `source`.
    public let sourceIDs: [Int]
    /// Symbol ids of `target`.
    public let targetIDs: [Int]
    /// For each target position: the source `S` index (0 or 1) expanded there if the
    /// target symbol is `S` (i.e. `mapping[number of S before it]`), else `nil`.
    public let targetChild: [Int?]

    /// The upstream key: the source joined with spaces (`S twice`).
    public var key: String { source.map(\.description).joined(separator: " ") }

    /// Where the k-th source `S` sits on the stack when the source is on top of it:
    /// 0 = top, 1 = second, 2 = third, 3 = the rule has no k-th `S` (k ∈ {0, 1}).
    public func childStackPosition(_ k: Int) -> Int { childStackPositions[k] }

    /// ``childStackPosition(_:)`` for k = 0 and 1.
    public let childStackPositions: [Int]

    /// Whether the rule may only be reduced with `eos` as look-ahead (`and`, `after`).
    public let needsEndOfInput: Bool

    public var description: String {
        "S → \(key) ⇒ " + target.map(\.description).joined(separator: " ")
    }
}
