import AltaTensors
import Foundation
import Testing
@testable import AltaTransformer

/// The sparse-rows backend of `PreparedModel` against the plain reference pass
/// (`ReferenceForward`), bit for bit, beside the feature-major backend; how `.automatic`
/// chooses; activation profiles.
@Suite struct SparseBackendTests {
    /// The reference's traces as `TraceLevel.residuals` keeps them.
    static func residuals(_ traces: [SequenceTrace]?) -> [SequenceTrace]? {
        traces?.map { trace in
            SequenceTrace(embedding: trace.embedding, layers: trace.layers.map {
                LayerTrace(
                    layer: $0.layer, step: $0.step, afterAttention: $0.afterAttention, attentionLogits: [],
                    attentionPatterns: [], mlpHidden: [], afterMLP: $0.afterMLP)
            })
        }
    }

    /// Both backends, on 1 and 2 threads, with and without residual traces, give exactly
    /// the reference's outputs, scores, final residuals, layer counts, halting and traces.
    static func expectBothBackendsMatchReference(
        _ model: TransformerModel, _ batch: [[Int]], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let reference = try ReferenceForward.run(model, tokenIDs: batch, trace: true)
        for backend in [RuntimeBackend.featureMajor, .sparseRows] {
            let prepared = try PreparedModel(model, backend: backend)
            #expect(prepared.backend == backend, sourceLocation: sourceLocation)
            for threads in [1, 2] {
                let traced = ReferenceForward.Result(
                    try prepared.forward(tokenIDs: batch, options: RunOptions(threads: threads, trace: .residuals)))
                #expect(traced.outputs == reference.outputs, "\(backend) \(threads)", sourceLocation: sourceLocation)
                #expect(traced.outputScores == reference.outputScores, "\(backend) \(threads)", sourceLocation: sourceLocation)
                #expect(traced.finalResiduals == reference.finalResiduals, "\(backend) \(threads)", sourceLocation: sourceLocation)
                #expect(traced.layersRun == reference.layersRun, "\(backend) \(threads)", sourceLocation: sourceLocation)
                #expect(traced.halted == reference.halted, "\(backend) \(threads)", sourceLocation: sourceLocation)
                #expect(traced.traces == residuals(reference.traces), "\(backend) \(threads)", sourceLocation: sourceLocation)
                let untraced = try prepared.forward(tokenIDs: batch, options: RunOptions(threads: threads))
                #expect(untraced.traces == nil, sourceLocation: sourceLocation)
                #expect(untraced.finalResiduals == reference.finalResiduals, "\(backend) \(threads)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test(arguments: 0..<40)
    func sparseModelsMatchTheReference(seed: Int) throws {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: UInt64(seed) &* 7919 &+ 11))
        let model = try generator.model()
        var batch: [[Int]] = []
        for _ in 0..<3 {
            let t = Int.random(in: 1...7, using: &generator.rng)
            batch.append((0..<t).map { _ in Int.random(in: 0..<5, using: &generator.rng) })
        }
        try Self.expectBothBackendsMatchReference(model, batch)
    }

    /// The runtime's other random models (dense and sparse, stacked and looped), without
    /// LayerNorm, on more sequences than a pass profiles.
    @Test(arguments: 0..<4)
    func runtimeRandomModelsMatchTheReference(seed: UInt64) throws {
        for model in try StackedRuntimeTests.models(seed: seed) where !model.usesLayerNorm {
            try Self.expectBothBackendsMatchReference(model, RandomModels.inputs(for: model, count: 11, seed: seed))
        }
    }

    /// `.full` traces and hooks run on the other passes, with the same results.
    @Test func fullTracesAndHooksOnTheSparseBackend() throws {
        let model = try RandomModels.make(seed: 7, looped: true, sparse: true)
        let batch = RandomModels.inputs(for: model, count: 4, seed: 3)
        let prepared = try PreparedModel(model, backend: .sparseRows)
        let reference = try ReferenceForward.run(model, tokenIDs: batch, trace: true)
        StackedRuntimeTests.expectIdentical(try prepared.forward(tokenIDs: batch, trace: true), reference)
        var options = RunOptions()
        var seen = 0
        options.hooks.read(.residPost(step: 0)) { _, _ in seen += 1 }
        let hooked = try prepared.forward(tokenIDs: batch, options: options)
        #expect(seen == batch.count)
        #expect(hooked.finalResiduals == reference.finalResiduals)
    }

    /// A layer cap and halting off reach the sparse backend.
    @Test func layerCapAndHaltingOff() throws {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: 5))
        var model = try generator.model()
        while model.layers.count > 1 { model = try generator.model() }
        model.layout = .looped(maxIterations: 6, halting: HaltingRule(dimension: 0, label: "r0", threshold: -100))
        let batch = [[0, 1, 2], [3, 4]]
        let sparse = try PreparedModel(model, backend: .sparseRows)
        let halting = try sparse.forward(tokenIDs: batch)
        #expect(halting.layersRun == [1, 1] && halting.halted == [true, true])
        for cap in [0, 2, 6] {
            let options = RunOptions(maxLayers: cap, halting: false, trace: .residuals)
            let got = try sparse.forward(tokenIDs: batch, options: options)
            let expected = try PreparedModel(model, backend: .featureMajor).forward(tokenIDs: batch, options: options)
            #expect(got.layersRun == [cap, cap] && got.halted == [false, false])
            #expect(got.finalResiduals == expected.finalResiduals)
            #expect(got.traces == expected.traces)
        }
    }

    @Test func automaticChoosesSparseRowsForMostlyZeroLoopedModels() throws {
        let looped = try RandomModels.make(seed: 1, looped: true, sparse: true)
        let mostlyZero = Self.thinned(looped)
        #expect(mostlyZero.layerWeightDensity <= RuntimeBackend.sparseDensityThreshold)
        #expect(RuntimeBackend.automatic.resolved(for: mostlyZero) == .sparseRows)
        #expect(try PreparedModel(mostlyZero).backend == .sparseRows)
        // Dense weights, a stacked layout or LayerNorm: feature-major.
        #expect(looped.layerWeightDensity > RuntimeBackend.sparseDensityThreshold)
        #expect(try PreparedModel(looped).backend == .featureMajor)
        var stacked = mostlyZero
        stacked.layout = .stacked
        #expect(try PreparedModel(stacked).backend == .featureMajor)
        let normed = try RandomModels.make(seed: 2, layerNorm: true, looped: true)
        #expect(RuntimeBackend.automatic.resolved(for: normed) == .featureMajor)
        // A concrete backend is itself.
        #expect(RuntimeBackend.sparseRows.resolved(for: looped) == .sparseRows)
        #expect(RuntimeBackend.featureMajor.resolved(for: mostlyZero) == .featureMajor)
    }

    @Test func sparseRowsRefusesLayerNorm() throws {
        let normed = try RandomModels.make(seed: 2, layerNorm: true, looped: true)
        let expected = ModelError.backendUnavailable(.sparseRows, reason: "it uses LayerNorm")
        #expect(expected.description == "the sparse-rows backend cannot run this model: it uses LayerNorm")
        #expect(throws: expected) { try PreparedModel(normed, backend: .sparseRows) }
        #expect(throws: expected) { try PreparedModel(normed).activationProfile(tokenIDs: [[0]]) }
    }

    /// The profile counts, per MLP map input, the (position, layer application) pairs where
    /// it was non-zero: what hooks read at the map's input (the residual after attention for
    /// the first map, the previous map's activations after it).
    @Test func activationProfileCountsNonZeroInputs() throws {
        var generator = SparseModelGenerator(rng: SplitMix64(seed: 99))
        var model = try generator.model()
        while model.layers.count > 1 || model.layerWeightDensity > 0.5 { model = try generator.model() }
        let batch = [[0, 1, 2, 3], [4, 4, 1], [2]]
        let profile = try PreparedModel(model, backend: .featureMajor).activationProfile(tokenIDs: batch)
        #expect(profile.sequences == 3)
        let depth = model.layout.maxDepth(layerCount: 1)
        let maps = model.layers[0].feedForward.layers
        var expected = maps.map { [Int](repeating: 0, count: $0.weight.rows) }
        var options = RunOptions()
        func count(_ map: Int, _ activation: Matrix) {
            for p in 0..<activation.rows {
                for c in 0..<activation.columns where activation[p, c] != 0 { expected[map][c] += 1 }
            }
        }
        for step in 0..<depth {
            options.hooks.read(.residMid(step: step)) { _, x in count(0, x) }
            for m in 1..<maps.count { options.hooks.read(.mlpPost(step: step, layer: m - 1)) { _, x in count(m, x) } }
        }
        _ = try model.forward(tokenIDs: batch, options: options)
        #expect(profile.nonZeroCounts == [expected])
        // A profile changes no result.
        let profiled = try PreparedModel(model, backend: .sparseRows, profile: profile)
        let plain = try PreparedModel(model, backend: .sparseRows)
        #expect(try profiled.forward(tokenIDs: batch).finalResiduals == plain.forward(tokenIDs: batch).finalResiduals)
    }

    /// `model` with every layer weight entry but a few per row set to zero.
    static func thinned(_ model: TransformerModel) -> TransformerModel {
        RandomModels.mappingLayerWeights(model) { w in
            var m = w.dense
            for r in 0..<m.rows {
                for c in 0..<m.columns where (r + c) % 40 != 0 { m[r, c] = 0 }
            }
            return WeightMatrix(m)
        }
    }
}
