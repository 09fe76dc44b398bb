/// What a training run produced.
public struct TrainingResult: Sendable {
    /// The trained network.
    public let mlp: MLP
    /// The configuration it was trained with.
    public let configuration: MLPConfiguration
    /// Batch loss after each step (`steps` entries).
    public let losses: [Float]
    /// Metrics on every dataset row, inputs without noise.
    public let metrics: TrainingMetrics
    /// Wall-clock seconds of the training loop.
    public let seconds: Double

    /// Training steps per second.
    public var stepsPerSecond: Double { seconds > 0 ? Double(losses.count) / seconds : 0 }
}
