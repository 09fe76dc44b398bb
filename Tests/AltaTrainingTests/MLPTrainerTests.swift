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
