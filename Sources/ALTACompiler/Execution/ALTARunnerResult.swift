import AltaTensors

/// The residuals of one layer application of one sequence.
public struct ALTARunnerLayer: Sendable, Equatable {
    /// `[T, dModel]` after the attention sublayer (the MLP input).
    public let afterAttention: Matrix
    /// `[T, dModel]` after the MLP sublayer.
    public let afterMLP: Matrix
}

/// What `ALTASparseRunner.run` computed for a batch.
public struct ALTARunnerResult: Sendable {
    /// Per sequence `[T, dModel]` final residual.
    public let finalResiduals: [Matrix]
    /// Per sequence, the number of layer applications run.
    public let layersRun: [Int]
    /// Per sequence, whether the halting rule held at the end.
    public let halted: [Bool]
    /// Per sequence and layer application, when traces were asked for.
    public let traces: [[ALTARunnerLayer]]?

    /// Sequence `sequence`'s `[T, dModel]` final residual (as `ForwardResult.finalResidual(of:)`).
    public func finalResidual(of sequence: Int) -> Matrix { finalResiduals[sequence] }
}
