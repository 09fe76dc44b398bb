import AltaTensors

/// The result of a forward pass over a batch.
///
/// The forward pass leaves the output scores and final residuals of its sequences in
/// one feature-major array each (per group of sequences run together); the per-sequence
/// matrices and the decoded outputs below are made from them when asked for. Ask for a
/// sequence's once and keep it rather than asking again inside a loop.
public struct ForwardResult: Sendable {
    /// Per sequence, the number of layer applications run.
    public let layersRun: [Int]
    /// Per sequence, whether a looped model's halting rule held (always false for stacked
    /// models and looped models without a halting rule).
    public let halted: [Bool]
    /// Per sequence traces, when asked for (`RunOptions.trace`).
    public let traces: [SequenceTrace]?

    /// `[dVocabOut]`-wide output scores of every group, in sequence order.
    let scores: [StackedActivations]
    /// `[dModel]`-wide final residuals of every group, in sequence order.
    let finals: [StackedActivations]
    /// `[groups + 1]`: the first sequence of each group, then the number of sequences.
    private let groupStarts: [Int]
    /// Decodes output scores.
    let outputEncoder: OutputEncoder
    /// The BOS token, whose position decodes as itself.
    let bos: String?

    init(
        scores: [StackedActivations], finals: [StackedActivations], layersRun: [Int], halted: [Bool],
        traces: [SequenceTrace]?, outputEncoder: OutputEncoder, bos: String?
    ) {
        precondition(scores.map(\.count) == finals.map(\.count), "scores and residuals of different groups")
        self.scores = scores
        self.finals = finals
        self.layersRun = layersRun
        self.halted = halted
        self.traces = traces
        self.outputEncoder = outputEncoder
        self.bos = bos
        var starts = [0]
        for part in scores { starts.append(starts[starts.count - 1] + part.count) }
        groupStarts = starts
    }

    /// Number of sequences.
    public var count: Int { groupStarts[groupStarts.count - 1] }

    /// The group holding sequence `sequence` and the sequence's slot there.
    private func placement(_ sequence: Int) -> (group: Int, slot: Int) {
        precondition(sequence >= 0 && sequence < count, "sequence \(sequence) of a batch of \(count)")
        // The last group starting at or before `sequence` (binary search: the sparse-rows
        // backend makes every sequence a group of its own).
        var low = 0, high = groupStarts.count - 2
        while low < high {
            let middle = (low + high + 1) / 2
            if groupStarts[middle] <= sequence { low = middle } else { high = middle - 1 }
        }
        return (low, sequence - groupStarts[low])
    }

    /// Sequence `sequence`'s decoded output at every position (the BOS position, if the
    /// model has one, decodes as the BOS token).
    public func outputs(of sequence: Int) -> [OutputValue] {
        let (group, slot) = placement(sequence)
        var decoded: [OutputValue] = []
        decoded.reserveCapacity(scores[group].rows.length(slot))
        scores[group].forEachPosition(of: slot) { decoded.append(outputEncoder.decode($0)) }
        if let bos, !decoded.isEmpty { decoded[0] = .category(bos) }
        return decoded
    }

    /// Sequence `sequence`'s `[T, dVocabOut]` raw output scores (`residual @ unembedding`).
    public func outputScores(of sequence: Int) -> Matrix {
        let (group, slot) = placement(sequence)
        return scores[group].matrix(slot)
    }

    /// Sequence `sequence`'s `[T, dModel]` final residual (after the final LayerNorm, if any).
    public func finalResidual(of sequence: Int) -> Matrix {
        let (group, slot) = placement(sequence)
        return finals[group].matrix(slot)
    }

    /// Decoded output per sequence and position (`outputs(of:)` of every sequence).
    public var outputs: [[OutputValue]] { (0..<count).map(outputs(of:)) }
    /// Per sequence `[T, dVocabOut]` raw output scores (`outputScores(of:)` of every sequence).
    public var outputScores: [Matrix] { (0..<count).map(outputScores(of:)) }
    /// Per sequence `[T, dModel]` final residual (`finalResidual(of:)` of every sequence).
    public var finalResiduals: [Matrix] { (0..<count).map(finalResidual(of:)) }
}
