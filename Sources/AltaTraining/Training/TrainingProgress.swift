/// One step of a running training, for progress display.
public struct TrainingProgress: Sendable {
    /// Steps done (1-based).
    public let step: Int
    /// Total steps.
    public let steps: Int
    /// This step's batch loss (mean squared error for an MLP, cross-entropy for a
    /// `SequenceTransformer`).
    public let loss: Float
    /// Training rows processed per second so far.
    public let examplesPerSecond: Double
}
