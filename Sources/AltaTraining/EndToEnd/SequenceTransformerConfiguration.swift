import AltaTensors

/// Everything that determines a standard transformer trained end to end on input/output
/// pairs (the baseline of trace supervision): its shape and its training run.
///
/// The block is norm-free: `x ← x + Attention(x)`, then `x ← x + MLP(x)` with a ReLU MLP
/// `d → mlpWidth → d` (no LayerNorm, like the compiled models; the output projections
/// start small, scaled by `1/√(2·layers)`, so the residual stays of order one over the
/// depth). The defaults are small enough that the four methods of `alta learn parity` run
/// in minutes on two shared cores: d_model 32, 4 heads, MLP width 64, relative position
/// biases (as the parity program's relative heads), bidirectional attention, Adam with
/// warm-up and decay, batch 32, 2,000 steps.
public struct SequenceTransformerConfiguration: Codable, Equatable, Sendable {
    /// How blocks are laid out over depth.
    public enum Layout: String, Codable, Sendable, CaseIterable {
        /// `layers` distinct blocks, each applied once.
        case stacked
        /// One shared block applied again and again (a Universal Transformer without
        /// halting): once per input token by default (`n + 1` times for `n` bits after START,
        /// as the trace experiment's layer count), at most `maxIterations` when set.
        case looped
    }

    /// How positions enter the model.
    public enum Positions: String, Codable, Sendable, CaseIterable {
        /// A learned embedding per absolute position, added to the token embedding (positions
        /// beyond the training lengths keep their initial values).
        case absolute
        /// A learned bias per head and layer on each clipped relative distance
        /// `clamp(j − i, −relativeRange, relativeRange)`, added to the attention scores.
        case relative
        /// No position information (with causal attention the mask still orders tokens).
        case none
    }

    /// Stacked or looped.
    public var layout: Layout = .stacked
    /// Distinct blocks of a stacked model (a looped model has one).
    public var layers: Int = 4
    /// Looped: the most iterations per input (`nil`: one per input token).
    public var maxIterations: Int?
    /// Residual width.
    public var dModel: Int = 32
    /// Attention heads (must divide `dModel`).
    public var heads: Int = 4
    /// Hidden units of each block's MLP.
    public var mlpWidth: Int = 64
    /// Position information.
    public var positions: Positions = .relative
    /// Largest relative distance with its own bias.
    public var relativeRange: Int = 8
    /// Each position attends only to itself and earlier positions.
    public var causal: Bool = false

    /// The optimiser (the same `Adam`/`Adafactor` as the MLP trainer).
    public var optimizer: OptimizerKind = .adam
    /// Training steps.
    public var steps: Int = 2_000
    /// Sequences per step (all of one length, see `SequenceTransformerTrainer`).
    public var batchSize: Int = 32
    /// Peak learning rate.
    public var learningRate: Float = 3e-3
    /// Linear warm-up steps.
    public var warmupSteps: Int = 100
    /// Decay factor of the learning rate over the run (also the floor's factor).
    public var decayRate: Float = 0.1
    /// Gradients whose global norm exceeds this are scaled down to it (0: no clipping).
    public var gradientClip: Float = 1
    /// Seed of initialisation and batch sampling.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// A looped configuration with the other defaults.
    public static var looped: SequenceTransformerConfiguration {
        var c = SequenceTransformerConfiguration()
        c.layout = .looped
        return c
    }

    /// Blocks applied to an input of `tokenCount` tokens.
    public func iterations(forTokenCount tokenCount: Int) -> Int {
        switch layout {
        case .stacked: layers
        case .looped: max(1, min(tokenCount, maxIterations ?? tokenCount))
        }
    }

    /// Distinct blocks (parameter sets).
    public var blockCount: Int { layout == .stacked ? layers : 1 }

    /// The learning-rate schedule of this run.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, decayRate: decayRate, transitionSteps: steps)
    }

    /// Throws `TrainingError.invalidSetting` naming the first setting out of range.
    public func validate() throws(TrainingError) {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(TrainingError) {
            if !ok { throw .invalidSetting(name, reason: reason) }
        }
        try check((1...64).contains(layers), "layers", "must lie in 1...64, not \(layers)")
        if let maxIterations { try check((1...4_096).contains(maxIterations), "max-iterations", "must lie in 1...4096, not \(maxIterations)") }
        try check((1...4_096).contains(dModel), "d-model", "must lie in 1...4096, not \(dModel)")
        try check((1...dModel).contains(heads) && dModel % heads == 0, "heads", "must divide d-model \(dModel), not \(heads)")
        try check((1...65_536).contains(mlpWidth), "mlp-width", "must lie in 1...65536, not \(mlpWidth)")
        try check((0...4_096).contains(relativeRange), "relative-range", "must lie in 0...4096, not \(relativeRange)")
        try check(steps >= 1, "steps", "must be at least 1, not \(steps)")
        try check((1...65_536).contains(batchSize), "batch", "must lie in 1...65536, not \(batchSize)")
        try check(learningRate.isFinite && learningRate > 0, "lr", "must be a positive number, not \(learningRate)")
        try check(warmupSteps >= 0, "warmup", "must be at least 0, not \(warmupSteps)")
        try check(decayRate.isFinite && decayRate > 0 && decayRate <= 1, "decay", "must lie in (0, 1], not \(decayRate)")
        try check(gradientClip.isFinite && gradientClip >= 0, "clip", "must be a number at least 0, not \(gradientClip)")
    }
}
