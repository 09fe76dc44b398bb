/// Heads that run side by side in one attention sublayer; their outputs add up.
public struct MultiAttentionHead: Sendable, Hashable {
    /// The heads, in order.
    public var heads: [CraftAttentionHead]

    /// A sublayer of `heads`.
    public init(_ heads: [CraftAttentionHead]) { self.heads = heads }

    /// Every residual direction a head reads or writes.
    public var residualSpace: VectorSpace { VectorSpace.join(heads.map(\.residualSpace)) }
}
