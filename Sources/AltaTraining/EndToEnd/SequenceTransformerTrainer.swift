import AltaTensors
import Foundation

/// Trains a `SequenceTransformer` end to end on a `SequenceDataset`: mean cross-entropy on
/// the positions that carry targets, the warm-up/decay schedule and optimisers of
/// `MLPTrainer` (`LearningRateSchedule`, `Adam`, `Adafactor`), gradients clipped by their
/// global norm.
///
/// Every batch holds sequences of one length (so no padding or masks): each step draws one
/// example uniformly, then `batchSize` examples uniformly (with replacement) among those of
/// its length, so each length is trained in proportion to its examples. Initialisation and
/// batches come from `SplitMix64` streams of `configuration.seed`, and the kernels are
/// deterministic, so a seed gives bit-identical weights.
///
/// ```swift
/// let trainer = try SequenceTransformerTrainer(configuration: .looped)
/// let result = try trainer.train(dataset, vocabularySize: 3, classCount: 2, maxLength: 65)
/// ```
public struct SequenceTransformerTrainer: Sendable {
    /// The run's settings.
    public let configuration: SequenceTransformerConfiguration

    /// A trainer; throws `TrainingError.invalidSetting` for settings out of range.
    public init(configuration: SequenceTransformerConfiguration) throws(TrainingError) {
        try configuration.validate()
        self.configuration = configuration
    }

    /// Trains a fresh model on `dataset` whose position table holds `maxLength` positions
    /// (at least the dataset's longest sequence; more when it is to run on longer inputs).
    ///
    /// - Parameter progress: called after every step.
    public func train(_ dataset: SequenceDataset, vocabularySize: Int, classCount: Int, maxLength: Int,
                      progress: (TrainingProgress) -> Void = { _ in }) throws(TrainingError) -> SequenceTrainingResult {
        let c = configuration
        guard maxLength >= dataset.maxLength else {
            throw .shapeMismatch("the model holds \(maxLength) positions; the dataset has sequences of \(dataset.maxLength)")
        }
        try checkMemory(length: dataset.maxLength)
        var initRandom = SplitMix64(seed: c.seed)
        var batchRandom = SplitMix64(seed: c.seed &+ 0x9E37_79B9_7F4A_7C15)
        var model = try SequenceTransformer(configuration: c, vocabularySize: vocabularySize, classCount: classCount,
                                            maxLength: maxLength, random: &initRandom)
        var optimizer = c.optimizer.make(for: model.parameters)
        let schedule = c.schedule
        let bucketOf: [Int] = {
            var index = [Int](repeating: 0, count: dataset.count)
            for (b, bucket) in dataset.buckets.enumerated() { for e in bucket.examples { index[e] = b } }
            return index
        }()
        var losses: [Float] = []
        losses.reserveCapacity(c.steps)
        let start = Date()
        for step in 0..<c.steps {
            let bucket = dataset.buckets[bucketOf[batchRandom.int(in: 0...(dataset.count - 1))]]
            var tokens: [Int] = [], targets: [Int] = []
            tokens.reserveCapacity(c.batchSize * bucket.length)
            targets.reserveCapacity(c.batchSize * bucket.length)
            for _ in 0..<c.batchSize {
                let e = bucket.examples[batchRandom.int(in: 0...(bucket.examples.count - 1))]
                tokens += dataset.sequences[e]
                targets += dataset.targets[e]
            }
            var (loss, gradients) = try model.gradients(tokens: tokens, length: bucket.length, targets: targets)
            guard loss.isFinite else {
                throw .invalidSetting("training", reason: "the loss became \(loss) at step \(step + 1); lower the learning rate")
            }
            losses.append(loss)
            if c.gradientClip > 0 {
                var squared = 0.0
                for g in gradients { for x in g.values { squared += Double(x) * Double(x) } }
                let norm = Float(squared.squareRoot())
                if norm > c.gradientClip {
                    let factor = c.gradientClip / norm
                    for t in gradients.indices { for k in gradients[t].values.indices { gradients[t].values[k] *= factor } }
                }
            }
            optimizer.step(parameters: &model.parameters, gradients: gradients, learningRate: schedule.rate(at: step))
            let elapsed = Date().timeIntervalSince(start)
            progress(TrainingProgress(step: step + 1, steps: c.steps, loss: loss,
                                      examplesPerSecond: elapsed > 0 ? Double((step + 1) * c.batchSize) / elapsed : 0))
        }
        return SequenceTrainingResult(model: model, losses: losses, seconds: Date().timeIntervalSince(start))
    }

    /// Refuses a run whose kept activations would exceed the memory limit (`MemoryLimit`):
    /// per block application the input, q, k, v, heads and MLP activations of the batch
    /// (about `6·d + width` floats per position) and its attention probabilities, over the
    /// iterations of the longest training sequence.
    func checkMemory(length: Int) throws(TrainingError) {
        let c = configuration
        let iterations = c.iterations(forTokenCount: length)
        let perPosition = 6 * c.dModel + c.mlpWidth + c.heads * length
        do {
            try MemoryLimit.current().check(MemoryLimit.bytes(of: [iterations, c.batchSize * length, perPosition]),
                                            for: "training a \(c.layout.rawValue) transformer on sequences of \(length) tokens at batch \(c.batchSize)")
        } catch {
            throw .invalidSetting("memory", reason: "\(error)")
        }
    }
}
