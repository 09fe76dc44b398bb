import AltaTensors

/// What one application of a layer did to one sequence.
public struct LayerTrace: Sendable, Equatable {
    /// Index into `TransformerModel.layers` (always 0 for a looped model).
    public let layer: Int
    /// Which application this is (0-based): the layer index when stacked, the loop
    /// iteration when looped.
    public let step: Int
    /// `[T, dModel]` residual after the attention sublayer.
    public let afterAttention: Matrix
    /// Per head `[T, T]` scaled logits (query rows, key columns); invisible keys are −∞.
    /// Empty at `TraceLevel.residuals`, as are the patterns and MLP activations.
    public let attentionLogits: [Matrix]
    /// Per head `[T, T]` attention weights.
    public let attentionPatterns: [Matrix]
    /// Per MLP hidden layer `[T, width]` activations (after the activation function).
    public let mlpHidden: [Matrix]
    /// `[T, dModel]` residual after the MLP sublayer.
    public let afterMLP: Matrix
}

/// Everything a forward pass computed for one sequence.
public struct SequenceTrace: Sendable, Equatable {
    /// `[T, dModel]` token + position embedding.
    public let embedding: Matrix
    /// One entry per layer application, in order.
    public let layers: [LayerTrace]
}
