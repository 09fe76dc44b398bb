import AltaTensors
import Foundation

/// Trains an `MLP` to map trace inputs to trace targets (ALTA.md §13.2): mean squared error,
/// batches sampled uniformly with replacement, optional Gaussian input noise, optional
/// "subtract residual" targets (`target − noisy input`), warm-up/decay schedule, Adam or
/// Adafactor, decoupled weight decay.
///
/// Every random draw (initialisation, batches, noise) comes from `SplitMix64` streams seeded
/// by `configuration.seed`, and the kernels are deterministic, so a configuration and data
/// give bit-identical runs.
///
/// ```swift
/// var config = MLPConfiguration()
/// config.noise = 0.1; config.subtractResidual = true
/// let result = try MLPTrainer(configuration: config).train(inputs: data.inputs, targets: data.targets)
/// result.metrics.vectorAccuracy
/// ```
public struct MLPTrainer: Sendable {
    /// The run's settings.
    public let configuration: MLPConfiguration

    /// A trainer; throws `TrainingError.invalidSetting` for settings out of range.
    public init(configuration: MLPConfiguration) throws(TrainingError) {
        try configuration.validate()
        self.configuration = configuration
    }

    /// The schedule of this run: T5's relative step for Adafactor with
    /// `adafactorRelativeStep`, else warm-up and decay.
    public var schedule: LearningRateSchedule {
        if configuration.adafactorRelativeStep { return .relativeStep }
        return LearningRateSchedule(peak: configuration.learningRate, warmupSteps: configuration.warmupSteps,
                             decayRate: configuration.decayRate, transitionSteps: configuration.steps)
    }

    /// Trains a fresh network on `inputs` → `targets` (`[rows, d]` each, at least one row).
    ///
    /// - Parameter progress: called after every step.
    public func train(inputs: Matrix, targets: Matrix, progress: (TrainingProgress) -> Void = { _ in }) throws(TrainingError) -> TrainingResult {
        guard inputs.rows >= 1, inputs.rows == targets.rows, inputs.columns >= 1 else {
            throw .shapeMismatch("training needs at least one row and as many targets as inputs (\(inputs.shape) inputs, \(targets.shape) targets)")
        }
        let c = configuration
        let sizes = [inputs.columns] + [Int](repeating: c.width, count: c.depth) + [targets.columns]
        guard !c.subtractResidual || inputs.columns == targets.columns else {
            throw .shapeMismatch("subtract-residual needs inputs and targets of one width, not \(inputs.columns) and \(targets.columns)")
        }
        try Self.checkMemory(sizes: sizes, batchSize: c.batchSize)
        var initRandom = SplitMix64(seed: c.seed)
        var batchRandom = SplitMix64(seed: c.seed &+ 0x9E37_79B9_7F4A_7C15)
        var noiseRandom = SplitMix64(seed: c.seed &+ 0x3C6E_F372_FE94_F82A)
        var mlp = try MLP(sizes: sizes, activation: c.activation, initialisation: c.initialisation, random: &initRandom)
        var optimizer = c.makeOptimizer(for: mlp.parameters)
        let schedule = self.schedule
        var losses: [Float] = []
        losses.reserveCapacity(c.steps)
        var x = Matrix(rows: c.batchSize, columns: inputs.columns)
        var y = Matrix(rows: c.batchSize, columns: targets.columns)
        let start = Date()
        for step in 0..<c.steps {
            Self.sampleBatch(inputs: inputs, targets: targets, into: &x, &y, random: &batchRandom)
            if c.noise > 0 { Self.addNoise(to: &x, deviation: c.noise, random: &noiseRandom) }
            if c.subtractResidual { Self.subtract(x, from: &y) }
            let (output, activations) = try mlp.forwardKeepingActivations(x)
            let (loss, gradient) = Self.meanSquaredError(output, y)
            guard loss.isFinite else {
                throw .invalidSetting("training", reason: "the loss became \(loss) at step \(step + 1); lower --lr")
            }
            losses.append(loss)
            let gradients = mlp.backward(activations: activations, outputGradient: gradient)
            let rate = schedule.rate(at: step)
            if c.weightDecay > 0 {
                for t in stride(from: 0, to: mlp.parameters.count, by: 2) {
                    mlp.parameters[t].values.withUnsafeMutableBufferPointer { w in
                        for k in w.indices { w[k] -= rate * c.weightDecay * w[k] }
                    }
                }
            }
            optimizer.step(parameters: &mlp.parameters, gradients: gradients, learningRate: rate)
            let elapsed = Date().timeIntervalSince(start)
            progress(TrainingProgress(step: step + 1, steps: c.steps, loss: loss,
                                      examplesPerSecond: elapsed > 0 ? Double((step + 1) * c.batchSize) / elapsed : 0))
        }
        let seconds = Date().timeIntervalSince(start)
        let metrics = try evaluate(mlp, inputs: inputs, targets: targets)
        return TrainingResult(mlp: mlp, configuration: c, losses: losses, metrics: metrics, seconds: seconds)
    }

    /// Fills `x` and `y` (`[batch, d]` each) with rows of `inputs` and `targets` drawn
    /// uniformly with replacement from `random`, one draw per batch row.
    static func sampleBatch(inputs: Matrix, targets: Matrix, into x: inout Matrix, _ y: inout Matrix, random: inout SplitMix64) {
        let din = inputs.columns, dout = targets.columns, last = inputs.rows - 1, batch = x.rows
        inputs.values.withUnsafeBufferPointer { inputRows in
            targets.values.withUnsafeBufferPointer { targetRows in
                x.values.withUnsafeMutableBufferPointer { xb in
                    y.values.withUnsafeMutableBufferPointer { yb in
                        guard let i = inputRows.baseAddress, let t = targetRows.baseAddress,
                              let xp = xb.baseAddress, let yp = yb.baseAddress else { return }
                        for b in 0..<batch {
                            let r = random.int(in: 0...last)
                            (xp + b * din).update(from: i + r * din, count: din)
                            (yp + b * dout).update(from: t + r * dout, count: dout)
                        }
                    }
                }
            }
        }
    }

    /// Adds `deviation` times a standard normal draw (`Gaussian`) to every entry of `x`, in
    /// order.
    static func addNoise(to x: inout Matrix, deviation: Float, random: inout SplitMix64) {
        x.values.withUnsafeMutableBufferPointer { xb in
            for k in xb.indices { xb[k] += deviation * Gaussian.sample(&random) }
        }
    }

    /// `y ← y − x` (same shapes).
    static func subtract(_ x: Matrix, from y: inout Matrix) {
        x.values.withUnsafeBufferPointer { xb in
            y.values.withUnsafeMutableBufferPointer { yb in
                for k in yb.indices { yb[k] -= xb[k] }
            }
        }
    }

    /// The mean squared error of `output` against `expected` (`[batch, d]` each; summed in
    /// `Double`) and its gradient with respect to `output`, `2 (output − expected) / (batch · d)`.
    static func meanSquaredError(_ output: Matrix, _ expected: Matrix) -> (loss: Float, gradient: Matrix) {
        let count = output.values.count
        var gradient = Matrix(rows: output.rows, columns: output.columns)
        var squared = 0.0
        let scale = 2 / Float(count)
        output.values.withUnsafeBufferPointer { o in
            expected.values.withUnsafeBufferPointer { e in
                gradient.values.withUnsafeMutableBufferPointer { g in
                    for k in 0..<count {
                        let error = o[k] - e[k]
                        squared += Double(error) * Double(error)
                        g[k] = scale * error
                    }
                }
            }
        }
        return (Float(squared / Double(count)), gradient)
    }

    /// Refuses a network and batch whose buffers would exceed the memory limit (`MemoryLimit`,
    /// `ALTA_MEMORY_LIMIT`): parameters four times over (weights, gradients, two optimiser
    /// moments) and the batch's activations three times (forward, backward, transposes).
    static func checkMemory(sizes: [Int], batchSize: Int) throws(TrainingError) {
        var parts: [Int?] = []
        for i in 0..<(sizes.count - 1) {
            parts.append(MemoryLimit.bytes(of: [4, sizes[i] + 1, sizes[i + 1]]))
        }
        for size in sizes { parts.append(MemoryLimit.bytes(of: [3, batchSize, size])) }
        do {
            try MemoryLimit.current().check(MemoryLimit.sum(parts), for: "training an MLP \(describe(sizes)) at batch \(batchSize)")
        } catch {
            throw .invalidSetting("memory", reason: "\(error)")
        }
    }

    /// `9 → 2 × 128 → 9` for sizes `[9, 128, 128, 9]` (hidden layers of one width).
    static func describe(_ sizes: [Int]) -> String {
        let hidden = sizes.dropFirst().dropLast()
        guard let width = hidden.first else { return "\(sizes[0]) → \(sizes[sizes.count - 1])" }
        return "\(sizes[0]) → \(hidden.count) × \(width) → \(sizes[sizes.count - 1])"
    }

    /// The metrics of `mlp` on every row (no noise; against `target − input` when the run
    /// subtracts the residual), in chunks of 4,096 rows.
    public func evaluate(_ mlp: MLP, inputs: Matrix, targets: Matrix) throws(TrainingError) -> TrainingMetrics {
        var expected = targets
        if configuration.subtractResidual {
            for k in expected.values.indices { expected.values[k] -= inputs.values[k] }
        }
        var predictions = Matrix(rows: inputs.rows, columns: targets.columns)
        let chunk = 4_096
        var start = 0
        while start < inputs.rows {
            let end = min(inputs.rows, start + chunk)
            let out = try mlp.forward(inputs.rows(start..<end))
            for k in out.values.indices { predictions.values[start * targets.columns + k] = out.values[k] }
            start = end
        }
        return TrainingMetrics(predictions: predictions, targets: expected)
    }
}
