/// One transformer layer in craft form: an attention sublayer, then an MLP sublayer.
public struct CraftLayer: Sendable, Hashable {
    /// The heads of the attention sublayer (none = empty sublayer).
    public var heads: [CraftAttentionHead]
    /// The MLP sublayer (`nil` = empty sublayer).
    public var mlp: MLP?

    /// A layer from its parts.
    public init(heads: [CraftAttentionHead] = [], mlp: MLP? = nil) {
        self.heads = heads
        self.mlp = mlp
    }

    /// A layer whose MLP sublayer runs `mlps` side by side (combined in parallel).
    public init(heads: [CraftAttentionHead], mlps: [MLP]) throws(CraftError) {
        self.heads = heads
        self.mlp = mlps.isEmpty ? nil : try MLP.combineInParallel(mlps)
    }

    /// Every residual direction the layer reads or writes.
    public var residualSpace: VectorSpace {
        VectorSpace.join(heads.map(\.residualSpace) + (mlp.map { [$0.residualSpace] } ?? []))
    }
}

/// Layers in craft form, ready to be assembled into a ``TransformerModel``.
public struct CraftModel: Sendable, Hashable {
    /// The layers, in order (a looped model has exactly one).
    public var layers: [CraftLayer]

    /// A model from its layers.
    public init(layers: [CraftLayer]) { self.layers = layers }

    /// Every residual direction a block reads or writes (the sorted union).
    public var residualSpace: VectorSpace { VectorSpace.join(layers.map(\.residualSpace)) }
}
