/// Everything that determines an `alta learn` study (`LearnExperiment`).
///
/// The defaults are the reference parity experiment (ALTA.md §13.5) for trace supervision —
/// every bit string of 1–8 bits, traces with one layer per token, MLP 9 → 128 → 128 → 9 ReLU,
/// Adafactor, batch 256, 4,000 steps, target output − input, 20 random inputs per test
/// length 8, 16, 32, 64 — and the small transformers of `SequenceTransformerConfiguration`
/// for the end-to-end baselines (stacked: 4 blocks; looped: one block once per token).
public struct LearnSettings: Sendable, Equatable {
    /// Training input lengths (bits for parity, digits per operand for addition).
    public var trainLengths: ClosedRange<Int> = 1...8
    /// Random training inputs for programs that are not enumerated (addition).
    public var trainCount: Int = 1_000
    /// Test input lengths.
    public var testLengths: [Int] = [8, 16, 32, 64]
    /// Random test inputs per length.
    public var samples: Int = 20
    /// Runs per method, with seeds `0..<seeds`.
    public var seeds: Int = 3
    /// The methods to run.
    public var methods: [LearnMethod] = LearnMethod.allCases
    /// The trace MLP's training (its `noise` and `seed` are set per method and run;
    /// `subtractResidual` is always on).
    public var mlp: MLPConfiguration = {
        var c = MLPConfiguration()
        c.subtractResidual = true
        return c
    }()
    /// How the traces fill undefined MLP inputs (the original's uniform noise, or the
    /// compiled model's own zero block).
    public var fill: TraceFill = .uniform
    /// Input noise σ of `LearnMethod.traceNoise`.
    public var noise: Float = 0.1
    /// The stacked end-to-end model (its `seed` is set per run).
    public var stacked = SequenceTransformerConfiguration()
    /// The looped end-to-end model (its `seed` is set per run).
    public var looped = SequenceTransformerConfiguration.looped

    /// The defaults.
    public init() {}

    /// Throws `TrainingError.invalidSetting` naming the first setting out of range.
    public func validate() throws(TrainingError) {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(TrainingError) {
            if !ok { throw .invalidSetting(name, reason: reason) }
        }
        try check(trainLengths.lowerBound >= 1, "train-lengths", "must start at 1 or more, not \(trainLengths.lowerBound)")
        try check(trainCount >= 1, "train-count", "must be at least 1, not \(trainCount)")
        try check(!testLengths.isEmpty && testLengths.allSatisfy { $0 >= 1 }, "test-lengths", "must be one or more lengths of at least 1, not \(testLengths)")
        try check(samples >= 1, "samples", "must be at least 1, not \(samples)")
        try check((1...1_000).contains(seeds), "seeds", "must lie in 1...1000, not \(seeds)")
        try check(!methods.isEmpty, "methods", "at least one method is needed")
        try check(noise.isFinite && noise >= 0, "noise", "must be a number at least 0, not \(noise)")
        try mlp.validate()
        try stacked.validate()
        try looped.validate()
    }
}
