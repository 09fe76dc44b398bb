import AltaTensors
import AltaTransformer
import Testing

/// `RandomModels.make(_:seed:sparse:)`, the benchmark's models: the shape asked for, the fill
/// asked for, and the same weights whether stored sparse or dense.
@Suite struct RandomModelShapeTests {
    static let shape = RandomModels.Shape(dModel: 32, layers: 2, heads: 3, dHead: 4, mlpWidth: 64, vocabulary: 5, maxLength: 6, fill: 0.25)

    @Test func theModelHasTheShape() throws {
        let model = try RandomModels.make(Self.shape, seed: 1, sparse: true)
        #expect(model.layers.count == 2)
        #expect(model.layers.allSatisfy { $0.heads.count == 3 })
        #expect(model.dVocab == 5 && model.maxSequenceLength == 6)
        #expect(model.layers[0].feedForward.layers.map { $0.weight.dense.columns } == [64, 32])
    }

    @Test func eachWeightRowHasItsShareOfNonZeros() throws {
        let model = try RandomModels.make(Self.shape, seed: 1, sparse: true)
        // A quarter of each row: W_1 rows have 16 of 64 entries, W_2 rows 8 of 32.
        let mlp = model.layers[0].feedForward.layers
        #expect(mlp[0].weight.dense.values.filter { $0 != 0 }.count == 32 * 16)
        #expect(mlp[1].weight.dense.values.filter { $0 != 0 }.count == 64 * 8)
    }

    @Test func sparseAndDenseStorageRunTheSameModel() throws {
        let sparse = try RandomModels.make(Self.shape, seed: 2, sparse: true)
        let dense = RandomModels.withDenseWeights(sparse)
        let tokens = RandomModels.tokenIDs(count: 2, length: 6, vocabulary: 5, seed: 3)
        let a = try sparse.forward(tokenIDs: tokens).outputScores
        let b = try dense.forward(tokenIDs: tokens).outputScores
        let worst = zip(a, b).map { $0.maxAbsDifference($1) }.max() ?? .infinity
        #expect(worst < 1e-4)
        #expect(a.first?.values.contains { $0 != 0 } == true)
    }

    @Test func theSameSeedGivesTheSameModel() throws {
        let full = RandomModels.Shape(dModel: 8, layers: 1, heads: 1, dHead: 2, mlpWidth: 8, vocabulary: 3, maxLength: 4, fill: 1)
        let a = try RandomModels.make(full, seed: 9, sparse: false)
        let b = try RandomModels.make(full, seed: 9, sparse: false)
        let c = try RandomModels.make(full, seed: 10, sparse: false)
        #expect(a.tokenEmbedding.values == b.tokenEmbedding.values)
        #expect(a.tokenEmbedding.values != c.tokenEmbedding.values)
    }
}
