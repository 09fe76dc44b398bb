/// A craft block: what one compiled expression contributes to the model.
public indirect enum CraftBlock: Sendable, Hashable {
    /// One or more heads in an attention sublayer.
    case attention(MultiAttentionHead)
    /// An MLP sublayer.
    case mlp(MLP)
    /// Blocks applied one after another, each adding to the residual (Tracr's
    /// `SeriesWithResiduals`; e.g. SelectorWidth = head, then MLP in the next sublayer).
    case series(SeriesWithResiduals)

    /// Every residual direction the block reads or writes.
    public var residualSpace: VectorSpace {
        switch self {
        case let .attention(m): m.residualSpace
        case let .mlp(m): m.residualSpace
        case let .series(s): s.residualSpace
        }
    }
}

/// Blocks applied in sequence with residual connections: `x ← x + block(x)` for each.
public struct SeriesWithResiduals: Sendable, Hashable {
    /// The blocks in order.
    public var blocks: [CraftBlock]

    /// A series of `blocks`.
    public init(_ blocks: [CraftBlock]) { self.blocks = blocks }

    /// Every residual direction a block reads or writes.
    public var residualSpace: VectorSpace { VectorSpace.join(blocks.map(\.residualSpace)) }
}
