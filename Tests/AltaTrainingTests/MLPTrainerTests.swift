import AltaTensors
import AltaTestSupport
import Testing
@testable import AltaTraining

@Suite struct MLPTrainerTests {
    static let xorInputs = try! Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
    static let xorTargets = try! Matrix([[0], [1], [1], [0]])

    static func xorConfiguration(_ optimizer: OptimizerKind) -> MLPConfiguration {
        var c = MLPConfiguration()
        c.depth = 2
        c.width = 16
        c.optimizer = optimizer
        c.steps = 400
        c.batchSize = 16
        c.learningRate = optimizer == .adam ? 1e-2 : 5e-2
        c.warmupSteps = 20
        c.decayRate = 0.1
        c.seed = 3
        return c
    }

    @Test(arguments: OptimizerKind.allCases)
    func learnsXOR(optimizer: OptimizerKind) throws {
        let result = try MLPTrainer(configuration: Self.xorConfiguration(optimizer))
            .train(inputs: Self.xorInputs, targets: Self.xorTargets)
        #expect(result.metrics.vectorAccuracy == 1, "\(result.metrics)")
        #expect(result.metrics.loss < 1e-3)
        #expect(result.losses.count == 400)
        #expect(result.losses.last! < result.losses.first!)
    }

    @Test func aSeedGivesABitIdenticalRun() throws {
        var c = Self.xorConfiguration(.adafactor)
        c.steps = 60
        c.noise = 0.1
        c.subtractResidual = false
        c.weightDecay = 1e-3
        let inputs = try Matrix([[0, 0, 1], [0, 1, 0], [1, 0, 0], [1, 1, 1]])
        let targets = try Matrix([[0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]])
        c.subtractResidual = true
        let first = try MLPTrainer(configuration: c).train(inputs: inputs, targets: targets)
        let second = try MLPTrainer(configuration: c).train(inputs: inputs, targets: targets)
        #expect(first.losses == second.losses)
        #expect(first.mlp == second.mlp)
        c.seed += 1
        let other = try MLPTrainer(configuration: c).train(inputs: inputs, targets: targets)
        #expect(other.losses != first.losses)
    }

    @Test func subtractResidualScoresTheUpdate() throws {
        // An MLP that outputs zero is exactly right when targets equal inputs and the run
        // subtracts the residual.
        var c = MLPConfiguration()
        c.subtractResidual = true
        let trainer = try MLPTrainer(configuration: c)
        let x = try Matrix([[1, 2], [3, -4]])
        let zero = try MLP(sizes: [2, 2], activation: .relu, parameters: [Matrix(rows: 2, columns: 2), Matrix(rows: 1, columns: 2)])
        let metrics = try trainer.evaluate(zero, inputs: x, targets: x)
        #expect(metrics.vectorAccuracy == 1 && metrics.elementAccuracy == 1 && metrics.loss == 0)
    }

    @Test func metricsCountDimensionsWithinATenth() throws {
        let m = TrainingMetrics(predictions: try Matrix([[0.05, 1.0], [0.5, 0.95]]), targets: try Matrix([[0, 1], [0, 1]]))
        #expect(m.vectorAccuracy == 0.5)
        #expect(m.elementAccuracy == 0.75)
        #expect(abs(m.loss - (0.0025 + 0.25 + 0.0025) / 4) < 1e-7)
    }

    @Test func settingsOutOfRangeAreRefused() {
        var c = MLPConfiguration()
        c.batchSize = 0
        #expect(throws: TrainingError.invalidSetting("batch", reason: "must lie in 1...1048576, not 0")) {
            try MLPTrainer(configuration: c)
        }
        c = MLPConfiguration()
        c.activation = .clippedReLU
        #expect(throws: TrainingError.invalidSetting("activation", reason: "must be relu, sigmoid or tanh, not clipped_relu")) {
            try MLPTrainer(configuration: c)
        }
        c = MLPConfiguration()
        c.decayRate = 0
        #expect(throws: TrainingError.invalidSetting("decay", reason: "must lie in (0, 1], not 0.0")) {
            try MLPTrainer(configuration: c)
        }
    }

    @Test func adafactorSettingsOutOfRangeAreRefused() {
        var c = MLPConfiguration()
        c.adafactorMomentum = 1
        #expect(throws: TrainingError.invalidSetting("adafactor-momentum", reason: "must lie in [0, 1), not 1.0")) {
            try MLPTrainer(configuration: c)
        }
        c.adafactorMomentum = -0.5
        #expect(throws: TrainingError.invalidSetting("adafactor-momentum", reason: "must lie in [0, 1), not -0.5")) {
            try MLPTrainer(configuration: c)
        }
        c = MLPConfiguration()
        c.optimizer = .adam
        c.adafactorMomentum = 0.9
        #expect(throws: TrainingError.invalidSetting("adafactor-momentum", reason: "needs the adafactor optimizer, not adam")) {
            try MLPTrainer(configuration: c)
        }
        c.adafactorMomentum = 0
        c.adafactorRelativeStep = true
        #expect(throws: TrainingError.invalidSetting("adafactor-relative-step", reason: "needs the adafactor optimizer, not adam")) {
            try MLPTrainer(configuration: c)
        }
    }

    /// With the relative step the trainer runs on min(1e-2, 1/√t) in place of its schedule:
    /// for a short run that is a constant 1e-2, so the run is bit-identical to one with lr
    /// 1e-2, no warm-up and no decay, and differs from the default schedule's.
    @Test func theRelativeStepReplacesTheSchedule() throws {
        var relative = Self.xorConfiguration(.adafactor)
        relative.steps = 30
        relative.adafactorRelativeStep = true
        #expect(try MLPTrainer(configuration: relative).schedule == .relativeStep)
        var constant = relative
        constant.adafactorRelativeStep = false
        constant.learningRate = 1e-2
        constant.warmupSteps = 0
        constant.decayRate = 1
        let a = try MLPTrainer(configuration: relative).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        let b = try MLPTrainer(configuration: constant).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        #expect(a.losses == b.losses && a.mlp == b.mlp)
        var scheduled = relative
        scheduled.adafactorRelativeStep = false
        let c = try MLPTrainer(configuration: scheduled).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        #expect(c.losses != a.losses)
    }

    /// Momentum changes the run (and a seed still gives bit-identical runs with it).
    @Test func adafactorMomentumIsReproducibleAndMatters() throws {
        var c = Self.xorConfiguration(.adafactor)
        c.steps = 30
        c.adafactorMomentum = 0.9
        let first = try MLPTrainer(configuration: c).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        let second = try MLPTrainer(configuration: c).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        #expect(first.losses == second.losses && first.mlp == second.mlp)
        c.adafactorMomentum = 0
        let without = try MLPTrainer(configuration: c).train(inputs: Self.xorInputs, targets: Self.xorTargets)
        #expect(without.mlp != first.mlp)
    }

    /// A configuration written before the Adafactor options existed (checkpoints, python
    /// runs) still decodes, with their defaults; the new keys round-trip.
    @Test func configurationsWithoutTheAdafactorOptionsDecode() throws {
        let old = #"{"activation":"relu","batchSize":64,"decayRate":0.01,"depth":2,"initialisation":"he","learningRate":0.01,"#
            + #""noise":0.1,"optimizer":"adafactor","seed":4,"steps":5,"subtractResidual":true,"warmupSteps":100,"weightDecay":0,"width":16}"#
        let decoded = try JSONDecoder().decode(MLPConfiguration.self, from: Data(old.utf8))
        var expected = MLPConfiguration()
        expected.batchSize = 64
        expected.noise = 0.1
        expected.seed = 4
        expected.steps = 5
        expected.subtractResidual = true
        expected.width = 16
        #expect(decoded == expected)
        expected.adafactorMomentum = 0.5
        expected.adafactorRelativeStep = true
        #expect(try JSONDecoder().decode(MLPConfiguration.self, from: JSONEncoder().encode(expected)) == expected)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MLPConfiguration.self, from: Data(#"{"adafactorMomentum":"high"}"#.utf8))
        }
    }

    @Test func checkpointRoundTrip() throws {
        var random = SplitMix64(seed: 5)
        let mlp = try MLP(sizes: [3, 4, 2], activation: .sigmoid, initialisation: .he, random: &random)
        let data = try MLPCheckpoint.encode(mlp, configuration: MLPConfiguration())
        #expect(try MLPCheckpoint.decode(data, path: "mlp.safetensors") == mlp)
        let reason = "safetensors file too small: 3 bytes, but the 8-byte header length alone needs 8"
        expectError(TrainingError.unreadableCheckpoint(path: "x", reason: reason),
                    message: "cannot read the MLP checkpoint 'x': \(reason)") {
            try MLPCheckpoint.decode(Data([1, 2, 3]), path: "x")
        }
    }
}

import Foundation

extension MLPTrainerTests {
    @Test func oversizedNetworksAreRefusedBeforeAllocation() throws {
        var c = MLPConfiguration()
        c.depth = 64
        c.width = 65_536
        let x = Matrix(rows: 1, columns: 2)
        #expect {
            try MLPTrainer(configuration: c).train(inputs: x, targets: x)
        } throws: { error in
            guard case TrainingError.invalidSetting("memory", let reason) = error else { return false }
            return reason.hasPrefix("training an MLP 2 → 64 × 65536 → 2 at batch 256 needs ")
        }
    }
}
