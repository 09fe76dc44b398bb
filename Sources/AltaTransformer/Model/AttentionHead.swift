import AltaTensors

/// One attention head's weights and masking.
///
/// Logits are `scale · (x W_Q + b_Q)(x W_K + b_K)ᵀ` over the visible keys; the output is
/// `softmax(logits) · (x W_V + b_V) · W_O`. Per-head widths may differ; export pads them.
public struct AttentionHead: Sendable, Equatable {
    /// `[dModel, dHead]`
    public var query: WeightMatrix
    /// `[dHead]`
    public var queryBias: [Float]
    /// `[dModel, dHead]`
    public var key: WeightMatrix
    /// `[dHead]`
    public var keyBias: [Float]
    /// `[dModel, dValue]`
    public var value: WeightMatrix
    /// `[dValue]`
    public var valueBias: [Float]
    /// `[dValue, dModel]`
    public var output: WeightMatrix
    /// Keys outside these relative offsets are invisible, or every key is visible when `nil`.
    public var relativeMask: RelativePositionMask?
    /// A virtual key with this logit and a zero value (an attention sink): when no real key
    /// scores above it, the head outputs (close to) zero — the null value. `nil` = no sink.
    public var sinkLogit: Float?

    /// A head from its matrices; biases default to zeros.
    public init(
        query: WeightMatrix, key: WeightMatrix, value: WeightMatrix, output: WeightMatrix,
        queryBias: [Float]? = nil, keyBias: [Float]? = nil, valueBias: [Float]? = nil,
        relativeMask: RelativePositionMask? = nil, sinkLogit: Float? = nil
    ) {
        self.query = query
        self.key = key
        self.value = value
        self.output = output
        self.queryBias = queryBias ?? [Float](repeating: 0, count: query.columns)
        self.keyBias = keyBias ?? [Float](repeating: 0, count: key.columns)
        self.valueBias = valueBias ?? [Float](repeating: 0, count: value.columns)
        self.relativeMask = relativeMask
        self.sinkLogit = sinkLogit
    }

    /// Query/key width.
    public var dHead: Int { query.columns }
    /// Value width.
    public var dValue: Int { value.columns }
}
