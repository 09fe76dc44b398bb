/// Where a running `LearnExperiment` is, for progress display.
public struct LearnProgress: Sendable {
    /// Work done and in all, in training steps (data extraction and evaluation count as
    /// none).
    public let done: Int
    public let total: Int
    /// The running method and seed.
    public let method: LearnMethod
    public let seed: Int
    /// The last batch loss of the running training (mean squared error for trace
    /// supervision, cross-entropy end to end).
    public let loss: Float
}
