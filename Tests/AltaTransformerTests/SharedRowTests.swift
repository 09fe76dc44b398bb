import AltaTensors
import Testing
@testable import AltaTransformer

/// The sparse-rows backend's MLP evaluated once per iteration on the entries every position
/// holds in common, and per position only where it differs (`SharedRowPlan`): on looped
/// models whose rows share most columns, passes equal the reference bit for bit, with
/// positions that take the shared change and positions whose own units change the third
/// map's output.
@Suite struct SharedRowTests {
    /// A random looped model whose MLP has at least three maps, the first two acting
    /// column by column, and whose position embedding writes only column 0: with sequences
    /// of one repeated token, positions start out alike except there, and the heads make
    /// them differ more as iterations go.
    static func model(seed: Int) throws -> TransformerModel {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: UInt64(seed) &* 6_700_417 &+ 1))
        while true {
            var model = try generator.model(columnLocal: true)
            guard case .looped = model.layout, model.layers[0].feedForward.layers.count >= 3 else { continue }
            /// [positions, dModel]
            var positions = Matrix(rows: model.positionEmbedding.rows, columns: model.dModel)
            for p in 0..<positions.rows where p % 3 == 1 { positions[p, 0] = 1 }
            model.positionEmbedding = positions
            return model
        }
    }

    static let batch = [[1, 1, 1, 1, 1, 1, 1], [2, 2, 2, 0, 2, 2], [3, 3], [4]]

    @Test(arguments: 0..<16)
    func sharedPassesMatchTheReference(seed: Int) throws {
        let model = try Self.model(seed: seed)
        try SparseBackendTests.expectBothBackendsMatchReference(model, Self.batch)
    }

    /// Over these models every part of the mechanism runs: global entries evaluated once,
    /// positions taking the shared change, positions recomputed; a pass that measures a
    /// profile (no sharing) gives the same results.
    @Test func everyPartRuns() throws {
        var counts = [Int](repeating: 0, count: 4)
        for seed in 0..<16 {
            let model = try Self.model(seed: seed)
            #expect(SparseForward(model: model).layers[0].sharedRows != nil)
            let (sharing, counting) = try LoopReuseTests.runReusingAndNot(model, Self.batch)
            #expect(counting.sharedRows == nil)
            let scratch = try #require(sharing.sharedRows, "seed \(seed)")
            for k in 0..<4 { counts[k] += scratch.counts[k] }
        }
        #expect(counts[0] > 0, "iterations shared")
        #expect(counts[1] > 0, "global entries")
        #expect(counts[2] > 0, "positions taking the shared change")
        #expect(counts[3] > 0, "positions recomputed")
    }

    /// A stacked model, or an MLP of two maps, has nothing to share.
    @Test func onlyLoopedModelsWithThreeMapsShare() throws {
        var model = try Self.model(seed: 0)
        model.layout = .stacked
        #expect(SparseForward(model: model).layers[0].sharedRows == nil)
        let wave = try LoopReuseTests.wave()
        #expect(SparseForward(model: wave).layers[0].sharedRows != nil)
        // The wave's first map, then a [3, dModel] map back to the residual.
        var twoMaps = wave
        twoMaps.layers[0].feedForward.layers = [
            wave.layers[0].feedForward.layers[0], LinearLayer(weight: WeightMatrix(Matrix(rows: 3, columns: wave.dModel))),
        ]
        #expect(SparseForward(model: twoMaps).layers[0].sharedRows == nil)
    }
}
