import AltaTensors

/// Everything that determines a training run of an MLP on trace rows (ALTA.md §13.2).
///
/// Defaults follow the original's parity experiment: 2 hidden layers of 128 ReLU units, He
/// initialisation, Adafactor, batch 256, peak learning rate 1e-2 with 100 warm-up steps and
/// decay rate 1e-2 over the run, 4,000 steps.
public struct MLPConfiguration: Codable, Equatable, Sendable {
    /// Weight initialisation.
    public enum Initialisation: String, Codable, Sendable, CaseIterable {
        /// N(0, 2 / fan_in) weights, zero biases.
        case he
        /// N(0, 2 / (fan_in + fan_out)) weights, zero biases.
        case xavier
    }

    /// Number of hidden layers (0 gives a single linear map).
    public var depth: Int = 2
    /// Units per hidden layer.
    public var width: Int = 128
    /// Hidden activation: `relu`, `sigmoid` or `tanh`.
    public var activation: Activation = .relu
    /// Weight initialisation.
    public var initialisation: Initialisation = .he
    /// The optimiser.
    public var optimizer: OptimizerKind = .adafactor
    /// Training steps.
    public var steps: Int = 4_000
    /// Rows per step (sampled uniformly with replacement).
    public var batchSize: Int = 256
    /// Peak learning rate.
    public var learningRate: Float = 1e-2
    /// Linear warm-up steps from 0 to the peak.
    public var warmupSteps: Int = 100
    /// Exponential decay factor reached after `steps` further steps; also the floor
    /// (`learningRate · decayRate`). 1 disables decay.
    public var decayRate: Float = 1e-2
    /// Standard deviation of Gaussian noise added to each batch's inputs (0 = none).
    public var noise: Float = 0
    /// Train on `target − (input + noise)` (the MLP's contribution to a residual stream).
    public var subtractResidual: Bool = false
    /// Decoupled weight decay on the weight matrices (not biases): `w -= lr · decay · w`.
    public var weightDecay: Float = 0
    /// Seed of initialisation, batch sampling and noise.
    public var seed: UInt64 = 0

    /// The defaults.
    public init() {}

    /// Hidden activations a trainer accepts.
    public static let activations: [Activation] = [.relu, .sigmoid, .tanh]

    /// Throws `TrainingError.invalidSetting` naming the first setting out of range.
    public func validate() throws(TrainingError) {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws(TrainingError) {
            if !ok { throw .invalidSetting(name, reason: reason) }
        }
        try check((0...64).contains(depth), "depth", "must lie in 0...64, not \(depth)")
        try check((1...65_536).contains(width), "width", "must lie in 1...65536, not \(width)")
        try check(Self.activations.contains(activation), "activation", "must be relu, sigmoid or tanh, not \(activation.rawValue)")
        try check(steps >= 1, "steps", "must be at least 1, not \(steps)")
        try check((1...1_048_576).contains(batchSize), "batch", "must lie in 1...1048576, not \(batchSize)")
        try check(learningRate.isFinite && learningRate > 0, "lr", "must be a positive number, not \(learningRate)")
        try check(warmupSteps >= 0, "warmup", "must be at least 0, not \(warmupSteps)")
        try check(decayRate.isFinite && decayRate > 0 && decayRate <= 1, "decay", "must lie in (0, 1], not \(decayRate)")
        try check(noise.isFinite && noise >= 0, "noise", "must be a number at least 0, not \(noise)")
        try check(weightDecay.isFinite && weightDecay >= 0, "weight-decay", "must be a number at least 0, not \(weightDecay)")
    }
}
