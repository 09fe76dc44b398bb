import AltaTensors

/// One transformer block: multi-head attention then a feed-forward, both residual
/// (`h += attn(LN1(h)); h += mlp(LN2(h))`).
public struct TransformerLayer: Sendable, Equatable {
    /// The heads; an attention sublayer with no heads adds only `attentionOutputBias`.
    public var heads: [AttentionHead]
    /// `[dModel]`, added once to the summed head outputs.
    public var attentionOutputBias: [Float]
    /// The position-wise MLP.
    public var feedForward: FeedForward
    /// LayerNorm before attention, when the model uses LayerNorm.
    public var attentionNorm: LayerNormWeights?
    /// LayerNorm before the MLP, when the model uses LayerNorm.
    public var feedForwardNorm: LayerNormWeights?

    /// A layer from its parts.
    public init(
        heads: [AttentionHead], feedForward: FeedForward, attentionOutputBias: [Float]? = nil,
        attentionNorm: LayerNormWeights? = nil, feedForwardNorm: LayerNormWeights? = nil
    ) {
        self.heads = heads
        self.feedForward = feedForward
        let dModel = feedForward.layers.last?.outputWidth ?? 0
        self.attentionOutputBias = attentionOutputBias ?? [Float](repeating: 0, count: dModel)
        self.attentionNorm = attentionNorm
        self.feedForwardNorm = feedForwardNorm
    }
}
