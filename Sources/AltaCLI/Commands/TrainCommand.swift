import AltaTensors
import AltaTraining
import ArgumentParser
import Foundation

/// `alta train DIR … -o OUT`: trains an MLP on a trace dataset written by `alta traces`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an MLP on a trace dataset (from `alta traces`) and write a checkpoint, loss curve and metrics.",
        discussion: """
            Mean squared error on batches sampled uniformly from every row, with a linear \
            warm-up to --lr and exponential decay by --decay over the run (floor lr·decay). \
            --noise adds Gaussian noise to the inputs; --subtract-residual trains on \
            target − noisy input (what an MLP adds inside a residual stream). OUT gets \
            mlp.safetensors, loss.svg and metrics.json (vector accuracy: rows with every \
            dimension within 0.1; element accuracy: dimensions within 0.1). A seed gives a \
            bit-identical run. Adafactor is optax's with its defaults (the original's); \
            --adafactor-momentum adds optax's momentum, and --adafactor-relative-step uses \
            T5's relative step size min(1e-2, 1/√t) at step t in place of --lr, --warmup \
            and --decay.
            """)

    @Argument(help: "A trace folder written by `alta traces`.")
    var traces: String

    @Option(help: "Hidden layers.") var depth: Int = 2
    @Option(help: "Units per hidden layer.") var width: Int = 128
    @Option(help: "Hidden activation: relu, sigmoid or tanh.") var activation: String = "relu"
    @Option(help: "Initialisation: he or xavier.") var initialisation: String = "he"
    @Option(help: "Optimiser: adafactor or adam.") var optimizer: String = "adafactor"
    @Option(help: "Training steps.") var steps: Int = 4_000
    @Option(help: "Rows per step.") var batch: Int = 256
    @Option(help: "Peak learning rate. (default: 0.01)") var lr: Float?
    @Option(help: "Warm-up steps. (default: 100)") var warmup: Int?
    @Option(help: "Learning-rate decay factor over the run, in (0, 1] (1: none). (default: 0.01)") var decay: Float?
    @Option(help: "Standard deviation of Gaussian input noise.") var noise: Float = 0
    @Flag(help: "Train on target − input (the MLP's update to a residual stream).") var subtractResidual = false
    @Option(help: "Decoupled weight decay on the weights.") var weightDecay: Float = 0
    @Option(help: "Seed of initialisation, batches and noise.") var seed: UInt64 = 0
    @Option(help: "Adafactor momentum β₁ in [0, 1) (optax's momentum; 0: none).") var adafactorMomentum: Float = 0
    @Flag(help: "Adafactor with T5's relative step size min(1e-2, 1/√t) in place of --lr, --warmup and --decay.")
    var adafactorRelativeStep = false

    @Option(name: [.short, .customLong("output")], help: "The folder to write.")
    var output: String

    func validate() throws {
        try OptionRange.check(depth, "--depth", in: 0...64)
        try OptionRange.check(width, "--width", in: 1...65_536)
        try OptionRange.check(steps, "--steps", in: 1...100_000_000)
        try OptionRange.check(batch, "--batch", in: 1...1_048_576)
        try OptionRange.check(warmup, "--warmup", atLeast: 0)
        try OptionRange.check(lr, "--lr", in: 0...Float.greatestFiniteMagnitude, excludingLower: true)
        try OptionRange.check(decay, "--decay", in: 0...1, excludingLower: true)
        try OptionRange.check(noise, "--noise", in: 0...Float.greatestFiniteMagnitude)
        try OptionRange.check(weightDecay, "--weight-decay", in: 0...Float.greatestFiniteMagnitude)
        guard let a = Activation(rawValue: activation), MLPConfiguration.activations.contains(a) else {
            throw ValidationError("--activation must be relu, sigmoid or tanh, got '\(activation)'")
        }
        guard MLPConfiguration.Initialisation(rawValue: initialisation) != nil else {
            throw ValidationError("--initialisation must be he or xavier, got '\(initialisation)'")
        }
        guard let kind = OptimizerKind(rawValue: optimizer) else {
            throw ValidationError("--optimizer must be adafactor or adam, got '\(optimizer)'")
        }
        try Self.checkAdafactorOptions(momentum: adafactorMomentum, relativeStep: adafactorRelativeStep, optimizer: kind,
                                       prefix: "--", schedule: [("--lr", lr != nil), ("--warmup", warmup != nil), ("--decay", decay != nil)])
    }

    /// Refuses Adafactor's options out of range or where they do not apply: momentum outside
    /// [0, 1), either option with another optimiser, and the relative step together with an
    /// option of the schedule it replaces (`schedule`: each option and whether it was given).
    /// `prefix` starts the options' names (`--` or `--trace-`).
    static func checkAdafactorOptions(momentum: Float, relativeStep: Bool, optimizer: OptimizerKind, prefix: String,
                                      schedule: [(option: String, given: Bool)] = []) throws {
        guard momentum.isFinite, momentum >= 0, momentum < 1 else {
            throw ValidationError("\(prefix)adafactor-momentum must be in [0.0, 1.0), got \(momentum)")
        }
        if optimizer != .adafactor {
            if momentum != 0 {
                throw ValidationError("\(prefix)adafactor-momentum needs --optimizer adafactor, got \(optimizer.rawValue)")
            }
            if relativeStep {
                throw ValidationError("\(prefix)adafactor-relative-step needs --optimizer adafactor, got \(optimizer.rawValue)")
            }
        }
        if relativeStep, let given = schedule.first(where: \.given) {
            throw ValidationError("\(given.option) does not apply with \(prefix)adafactor-relative-step (the step size is min(1e-2, 1/√t))")
        }
    }

    func run() throws {
        let folder = try OutputFolder.url(output, option: "--output")
        var configuration = MLPConfiguration()
        configuration.depth = depth
        configuration.width = width
        configuration.activation = Activation(rawValue: activation) ?? .relu
        configuration.initialisation = MLPConfiguration.Initialisation(rawValue: initialisation) ?? .he
        configuration.optimizer = OptimizerKind(rawValue: optimizer) ?? .adafactor
        configuration.steps = steps
        configuration.batchSize = batch
        if let lr { configuration.learningRate = lr }
        if let warmup { configuration.warmupSteps = warmup }
        if let decay { configuration.decayRate = decay }
        configuration.noise = noise
        configuration.subtractResidual = subtractResidual
        configuration.weightDecay = weightDecay
        configuration.seed = seed
        configuration.adafactorMomentum = adafactorMomentum
        configuration.adafactorRelativeStep = adafactorRelativeStep
        let dataset: TraceDataset
        dataset = try ProgressReporter.during("reading \(traces)") {
            try TraceFolder.read(from: URL(fileURLWithPath: traces, isDirectory: true))
        }
        let reporter = ProgressReporter(total: steps, label: "train")
        let result: TrainingResult
        do {
            let trainer = try MLPTrainer(configuration: configuration)
            result = try trainer.train(inputs: dataset.inputs, targets: dataset.targets) { p in
                reporter.advance(to: p.step, detail: "loss \(String(format: "%.5f", p.loss))  \(String(format: "%.0f", p.examplesPerSecond)) examples/s")
            }
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        try TrainingFolder.write(result, dataset: dataset.metadata, to: folder)
        let m = result.metrics
        print("\(Plural.count(steps, "step")) in \(String(format: "%.2f", result.seconds)) s (\(String(format: "%.1f", result.stepsPerSecond)) steps/s); "
            + "final batch loss \(String(format: "%.5f", result.losses.last ?? 0)); on all \(dataset.rowCount) rows: "
            + "loss \(String(format: "%.5f", m.loss)), vector accuracy \(String(format: "%.4f", m.vectorAccuracy)), "
            + "element accuracy \(String(format: "%.4f", m.elementAccuracy)) → \(output)")
    }
}
