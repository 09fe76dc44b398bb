import AltaTensors
import Testing
@testable import AltaTraining

@Suite struct SequenceTransformerTrainerTests {
    /// Majority of three bits, read at the last position: all 8 strings.
    static func majority() throws -> SequenceDataset {
        var sequences: [[Int]] = [], targets: [[Int]] = []
        for bits in 0..<8 {
            let s = (0..<3).map { (bits >> $0) & 1 }
            sequences.append(s)
            targets.append([-1, -1, s.reduce(0, +) >= 2 ? 1 : 0])
        }
        return try SequenceDataset(sequences: sequences, targets: targets)
    }

    static func small(_ layout: SequenceTransformerConfiguration.Layout, steps: Int, seed: UInt64 = 0) -> SequenceTransformerConfiguration {
        var c = SequenceTransformerConfiguration()
        c.layout = layout
        c.layers = 1
        c.dModel = 16
        c.heads = 2
        c.mlpWidth = 16
        c.steps = steps
        c.batchSize = 16
        c.learningRate = 1e-2
        c.warmupSteps = 20
        c.seed = seed
        return c
    }

    static func accuracy(_ model: SequenceTransformer, _ data: SequenceDataset) throws -> Double {
        let predictions = try model.predict(data.sequences)
        var right = 0
        for (p, t) in zip(predictions, data.targets) where p[2] == t[2] { right += 1 }
        return Double(right) / Double(data.count)
    }

    @Test(arguments: SequenceTransformerConfiguration.Layout.allCases)
    func learnsMajorityOfThreeBits(layout: SequenceTransformerConfiguration.Layout) throws {
        let data = try Self.majority()
        let result = try SequenceTransformerTrainer(configuration: Self.small(layout, steps: 300))
            .train(data, vocabularySize: 2, classCount: 2, maxLength: 3)
        #expect(result.losses.count == 300)
        #expect(try Self.accuracy(result.model, data) >= 0.95)
        let early = result.losses.prefix(20).reduce(0, +) / 20, late = result.losses.suffix(20).reduce(0, +) / 20
        #expect(late < early / 4, "loss \(early) → \(late)")
    }

    @Test func aSeedGivesBitIdenticalWeights() throws {
        let data = try Self.majority()
        let trainer = try SequenceTransformerTrainer(configuration: Self.small(.looped, steps: 30, seed: 4))
        let a = try trainer.train(data, vocabularySize: 2, classCount: 2, maxLength: 5)
        let b = try trainer.train(data, vocabularySize: 2, classCount: 2, maxLength: 5)
        #expect(a.model.parameters == b.model.parameters)
        #expect(a.losses == b.losses)
        let other = try SequenceTransformerTrainer(configuration: Self.small(.looped, steps: 30, seed: 5))
            .train(data, vocabularySize: 2, classCount: 2, maxLength: 5)
        #expect(other.model.parameters != a.model.parameters)
    }

    @Test func batchesHoldOneLength() throws {
        let data = try SequenceDataset(sequences: [[0], [1, 0], [1, 1], [0, 1, 1]], targets: [[0], [-1, 1], [-1, 0], [-1, -1, 1]])
        #expect(data.buckets.map(\.length) == [1, 2, 3])
        #expect(data.buckets.map(\.examples) == [[0], [1, 2], [3]])
        #expect(data.maxLength == 3)
        #expect(throws: TrainingError.shapeMismatch("example 1 has 2 tokens and 2 targets, 0 of them set; "
            + "each example needs tokens, one target slot per token and at least one target")) {
            _ = try SequenceDataset(sequences: [[0], [1, 0]], targets: [[0], [-1, -1]])
        }
        #expect(throws: TrainingError.shapeMismatch("the model holds 2 positions; the dataset has sequences of 3")) {
            _ = try SequenceTransformerTrainer(configuration: Self.small(.stacked, steps: 1))
                .train(data, vocabularySize: 2, classCount: 2, maxLength: 2)
        }
    }

    @Test func loopedIterationsFollowTheTokenCountUpToTheCap() {
        var c = SequenceTransformerConfiguration.looped
        #expect(c.iterations(forTokenCount: 9) == 9)
        c.maxIterations = 4
        #expect(c.iterations(forTokenCount: 9) == 4)
        #expect(c.iterations(forTokenCount: 2) == 2)
        #expect(SequenceTransformerConfiguration().iterations(forTokenCount: 9) == 4)
    }
}
