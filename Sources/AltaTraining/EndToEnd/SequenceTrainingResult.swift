/// What an end-to-end training run produced.
public struct SequenceTrainingResult: Sendable {
    /// The trained model.
    public let model: SequenceTransformer
    /// Batch cross-entropy after each step (`steps` entries).
    public let losses: [Float]
    /// Wall-clock seconds of the training loop.
    public let seconds: Double

    /// Training steps per second.
    public var stepsPerSecond: Double { seconds > 0 ? Double(losses.count) / seconds : 0 }
}
