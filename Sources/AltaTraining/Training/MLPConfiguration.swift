import AltaTensors

/// Everything that determines a training run of an MLP on trace rows (ALTA.md §13.2).
///
/// Defaults follow the original's parity experiment: 2 hidden layers of 128 ReLU units, He
/// initialisation, Adafactor, batch 256, peak learning rate 1e-2 with 100 warm-up steps and
/// decay rate 1e-2 over the run, 4,000 steps; Adafactor without momentum, on that schedule.
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
    /// Adafactor's momentum β₁ in [0, 1) (optax's `momentum`: a moving average of the
    /// updates, without bias correction); 0, the original's setting, keeps none.
    public var adafactorMomentum: Float = 0
    /// Adafactor with T5's relative step size: step t (1-based) uses the learning rate
    /// min(1e-2, 1/√t) (`LearningRateSchedule.relativeStep`) in place of `learningRate`,
    /// `warmupSteps` and `decayRate`.
    public var adafactorRelativeStep: Bool = false

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
        try check(adafactorMomentum.isFinite && adafactorMomentum >= 0 && adafactorMomentum < 1, "adafactor-momentum",
                  "must lie in [0, 1), not \(adafactorMomentum)")
        try check(adafactorMomentum == 0 || optimizer == .adafactor, "adafactor-momentum",
                  "needs the adafactor optimizer, not \(optimizer.rawValue)")
        try check(!adafactorRelativeStep || optimizer == .adafactor, "adafactor-relative-step",
                  "needs the adafactor optimizer, not \(optimizer.rawValue)")
    }

    /// A fresh optimiser of this configuration's kind (with its Adafactor momentum) for
    /// tensors shaped like `parameters`.
    public func makeOptimizer(for parameters: [Matrix]) -> any Optimizer {
        optimizer.make(for: parameters, adafactorMomentum: adafactorMomentum)
    }
}

extension MLPConfiguration {
    private enum CodingKeys: String, CodingKey {
        case depth, width, activation, initialisation, optimizer, steps, batchSize, learningRate, warmupSteps, decayRate
        case noise, subtractResidual, weightDecay, seed, adafactorMomentum, adafactorRelativeStep
    }

    /// Decodes a configuration; a key that is absent keeps its default, so configurations
    /// written before a setting existed (e.g. the Adafactor options) still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var c = MLPConfiguration()
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try container.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.depth, into: &c.depth)
        try read(.width, into: &c.width)
        try read(.activation, into: &c.activation)
        try read(.initialisation, into: &c.initialisation)
        try read(.optimizer, into: &c.optimizer)
        try read(.steps, into: &c.steps)
        try read(.batchSize, into: &c.batchSize)
        try read(.learningRate, into: &c.learningRate)
        try read(.warmupSteps, into: &c.warmupSteps)
        try read(.decayRate, into: &c.decayRate)
        try read(.noise, into: &c.noise)
        try read(.subtractResidual, into: &c.subtractResidual)
        try read(.weightDecay, into: &c.weightDecay)
        try read(.seed, into: &c.seed)
        try read(.adafactorMomentum, into: &c.adafactorMomentum)
        try read(.adafactorRelativeStep, into: &c.adafactorRelativeStep)
        self = c
    }
}
