import AltaTensors
import Testing
@testable import AltaTransformer

/// `RunOptions` and `Hooks`: the hooked per-sequence pass against the batched fast path,
/// read hooks against traces, replace hooks, layer caps, halting off and thread counts.
@Suite struct HookTests {
    /// Every point a pass reached, in order, with its activation.
    final class Recorder {
        var seen: [(point: HookPoint, sequence: Int, value: Matrix)] = []
        func value(_ point: HookPoint, sequence: Int) -> Matrix? {
            seen.first { $0.point == point && $0.sequence == sequence }?.value
        }
    }

    static func recording(_ recorder: Recorder, trace: TraceLevel = .full) -> RunOptions {
        var options = RunOptions(trace: trace)
        options.hooks.readAll { recorder.seen.append(($0, $1, $2)) }
        return options
    }

    @Test func pointNamesFollowTransformerLens() {
        #expect(HookPoint.embed.description == "hook_embed")
        #expect(HookPoint.posEmbed.description == "hook_pos_embed")
        #expect(HookPoint.residPre(step: 0).description == "blocks.0.hook_resid_pre")
        #expect(HookPoint.attnScores(step: 1, head: 2).description == "blocks.1.attn.hook_scores.2")
        #expect(HookPoint.attnPattern(step: 2, head: 0).description == "blocks.2.attn.hook_pattern.0")
        #expect(HookPoint.attnOut(step: 3).description == "blocks.3.hook_attn_out")
        #expect(HookPoint.residMid(step: 0).description == "blocks.0.hook_resid_mid")
        #expect(HookPoint.mlpPre(step: 0, layer: 1).description == "blocks.0.mlp.hook_pre.1")
        #expect(HookPoint.mlpPost(step: 0, layer: 1).description == "blocks.0.mlp.hook_post.1")
        #expect(HookPoint.mlpOut(step: 4).description == "blocks.4.hook_mlp_out")
        #expect(HookPoint.residPost(step: 4).description == "blocks.4.hook_resid_post")
    }

    /// A 2-layer model with 3-layer MLPs: the points in pass order with their shapes.
    @Test func pointsAndShapesOnASmallModel() throws {
        let model = try RandomModels.make(seed: 3, layerCount: 2, mlpDepth: 3)
        let recorder = Recorder()
        let ids = [0, 1, 2]
        _ = try model.forward(tokenIDs: [ids], options: Self.recording(recorder))
        let t = ids.count, d = model.dModel
        var expected: [(HookPoint, [Int])] = [(.embed, [t, d]), (.posEmbed, [t, d])]
        for step in 0..<2 {
            let layer = model.layers[step]
            expected.append((.residPre(step: step), [t, d]))
            for h in layer.heads.indices {
                expected.append((.attnScores(step: step, head: h), [t, t]))
                expected.append((.attnPattern(step: step, head: h), [t, t]))
            }
            expected += [(.attnOut(step: step), [t, d]), (.residMid(step: step), [t, d])]
            for (i, width) in layer.feedForward.hiddenWidths.enumerated() {
                expected.append((.mlpPre(step: step, layer: i), [t, width]))
                expected.append((.mlpPost(step: step, layer: i), [t, width]))
            }
            expected += [(.mlpOut(step: step), [t, d]), (.residPost(step: step), [t, d])]
        }
        #expect(recorder.seen.map(\.point) == expected.map(\.0))
        #expect(recorder.seen.map { [$0.value.rows, $0.value.columns] } == expected.map(\.1))
        #expect(recorder.seen.allSatisfy { $0.sequence == 0 })
    }

    /// With hooks that only read, every output, residual and trace equals the fast path's
    /// bit for bit, on random models of every kind.
    @Test(arguments: 0..<4)
    func readOnlyHooksLeaveResultsBitIdentical(seed: UInt64) throws {
        for model in try StackedRuntimeTests.models(seed: seed) {
            let inputs = RandomModels.inputs(for: model, count: 9, seed: seed + 7)
            for trace in [TraceLevel.none, .residuals, .full] {
                let fast = try model.forward(tokenIDs: inputs, options: RunOptions(trace: trace))
                let hooked = try model.forward(tokenIDs: inputs, options: Self.recording(Recorder(), trace: trace))
                #expect(ReferenceForward.Result(hooked) == ReferenceForward.Result(fast))
            }
        }
    }

    /// Read hooks see exactly the values the fast path's full traces hold.
    @Test(arguments: 0..<3)
    func readHooksSeeTheTraceValues(seed: UInt64) throws {
        for model in try StackedRuntimeTests.models(seed: seed) {
            let inputs = RandomModels.inputs(for: model, count: 5, seed: seed + 3)
            let traces = try #require(try model.forward(tokenIDs: inputs, trace: true).traces)
            let recorder = Recorder()
            _ = try model.forward(tokenIDs: inputs, options: Self.recording(recorder, trace: .none))
            for (s, trace) in traces.enumerated() {
                #expect(recorder.value(.residPre(step: 0), sequence: s) == trace.embedding)
                for layer in trace.layers {
                    let step = layer.step
                    #expect(recorder.value(.residMid(step: step), sequence: s) == layer.afterAttention)
                    #expect(recorder.value(.residPost(step: step), sequence: s) == layer.afterMLP)
                    for h in layer.attentionLogits.indices {
                        #expect(recorder.value(.attnScores(step: step, head: h), sequence: s) == layer.attentionLogits[h])
                        #expect(recorder.value(.attnPattern(step: step, head: h), sequence: s) == layer.attentionPatterns[h])
                    }
                    for i in layer.mlpHidden.indices {
                        #expect(recorder.value(.mlpPost(step: step, layer: i), sequence: s) == layer.mlpHidden[i])
                    }
                }
                let posts = recorder.seen.filter {
                    if $0.sequence == s, case .residPost = $0.point { true } else { false }
                }
                #expect(posts.count == trace.layers.count)
            }
        }
    }

    /// Replacing every layer's `hook_mlp_out` with the MLP's own function, computed from
    /// `hook_resid_mid`, reproduces the fast path bit for bit; replacing it with zeros
    /// does not.
    @Test func replacingTheMLPOutputWithTheMLPItselfReproducesTheOutputs() throws {
        let model = try RandomModels.make(seed: 11, layerCount: 3, mlpDepth: 2, layerNorm: true)
        let inputs = RandomModels.inputs(for: model, count: 6, seed: 5)
        let fast = try model.forward(tokenIDs: inputs, trace: true)
        var options = RunOptions(trace: .full)
        final class Mid { var value: Matrix? }
        let mid = Mid()
        for step in 0..<3 {
            options.hooks.read(.residMid(step: step)) { _, residual in mid.value = residual }
            options.hooks.replace(.mlpOut(step: step)) { _, _ in
                let layer = model.layers[step]
                guard let residual = mid.value else { return Matrix(rows: 0, columns: 0) }
                let input = layer.feedForwardNorm?.apply(to: residual) ?? residual
                return (try? layer.feedForward.apply(to: input, keepHidden: false).output) ?? Matrix(rows: 0, columns: 0)
            }
        }
        let swapped = try model.forward(tokenIDs: inputs, options: options)
        #expect(ReferenceForward.Result(swapped) == ReferenceForward.Result(fast))

        var zeroed = RunOptions()
        zeroed.hooks.replace(.mlpOut(step: 1)) { _, out in Matrix(rows: out.rows, columns: out.columns) }
        let ablated = try model.forward(tokenIDs: inputs, options: zeroed)
        #expect(ablated.outputScores != fast.outputScores)
    }

    @Test func aReplacementOfAnotherShapeIsAnError() throws {
        let model = try RandomModels.make(seed: 2)
        var options = RunOptions()
        options.hooks.replace(.attnOut(step: 0)) { _, out in Matrix(rows: out.rows, columns: out.columns + 1) }
        let t = 2, d = model.dModel
        #expect(throws: ModelError.hookShapeMismatch(
            point: "blocks.0.hook_attn_out", sequence: 0, expected: [t, d], found: [t, d + 1])) {
            _ = try model.forward(tokenIDs: [[0, 1], [1, 0]], options: options)
        }
        let error = ModelError.hookShapeMismatch(point: "blocks.0.hook_attn_out", sequence: 0, expected: [2, 4], found: [2, 5])
        #expect(error.description == "the replace hook at blocks.0.hook_attn_out returned [2, 5] for sequence 0, expected [2, 4]")
    }

    /// Halting off runs every sequence exactly the cap; a cap runs at most that many
    /// layers and equals the model cut to that depth.
    @Test func haltingOffAndLayerCaps() throws {
        let looped = try RandomModels.make(seed: 21, looped: true)
        let inputs = RandomModels.inputs(for: looped, count: 8, seed: 4)
        let free = try looped.forward(tokenIDs: inputs, options: RunOptions(halting: false))
        #expect(free.layersRun == Array(repeating: 6, count: 8))
        #expect(free.halted == Array(repeating: false, count: 8))
        var noRule = looped
        noRule.layout = .looped(maxIterations: 6, halting: nil)
        #expect(ReferenceForward.Result(free) == ReferenceForward.Result(try noRule.forward(tokenIDs: inputs)))

        let capped = try looped.forward(tokenIDs: inputs, options: RunOptions(maxLayers: 2, halting: false))
        #expect(capped.layersRun == Array(repeating: 2, count: 8))
        for hooked in [false, true] {
            var options = RunOptions(maxLayers: 2, trace: .full)
            if hooked { options.hooks.readAll { _, _, _ in } }
            var short = looped
            if case let .looped(_, rule) = looped.layout { short.layout = .looped(maxIterations: 2, halting: rule) }
            #expect(ReferenceForward.Result(try looped.forward(tokenIDs: inputs, options: options))
                == ReferenceForward.Result(try short.forward(tokenIDs: inputs, trace: true)))

            let stacked = try RandomModels.make(seed: 8, layerCount: 3)
            var cut = stacked
            cut.layers = Array(stacked.layers.prefix(1))
            var one = RunOptions(maxLayers: 1, trace: .full)
            if hooked { one.hooks.readAll { _, _, _ in } }
            let stackedInputs = RandomModels.inputs(for: stacked, count: 4, seed: 9)
            #expect(ReferenceForward.Result(try stacked.forward(tokenIDs: stackedInputs, options: one))
                == ReferenceForward.Result(try cut.forward(tokenIDs: stackedInputs, trace: true)))
        }
    }

    @Test func layerCapAndThreadCountOutOfRangeAreErrors() throws {
        let model = try RandomModels.make(seed: 1, layerCount: 2)
        #expect(throws: ModelError.layerCapOutOfRange(3, maximum: 2)) {
            _ = try model.forward(tokenIDs: [[0]], options: RunOptions(maxLayers: 3))
        }
        #expect(throws: ModelError.layerCapOutOfRange(-1, maximum: 2)) {
            _ = try model.forward(tokenIDs: [[0]], options: RunOptions(maxLayers: -1))
        }
        #expect(throws: ModelError.invalidThreadCount(0)) {
            _ = try model.forward(tokenIDs: [[0]], options: RunOptions(threads: 0))
        }
        #expect(ModelError.layerCapOutOfRange(3, maximum: 2).description == "layer cap 3 is outside 0...2, the model's depth")
        #expect(ModelError.invalidThreadCount(0).description == "thread count 0 must be at least 1")
    }

    /// One thread, two and every core give the same bits, also when the batch runs as
    /// concurrent groups.
    @Test func threadCountsGiveIdenticalResults() throws {
        let model = try RandomModels.make(seed: 31, layerCount: 2)
        let inputs = RandomModels.inputs(for: model, count: 64, seed: 2)
        let one = try model.forward(tokenIDs: inputs, options: RunOptions(threads: 1, trace: .full))
        for threads in [2, nil] as [Int?] {
            let other = try model.forward(tokenIDs: inputs, options: RunOptions(threads: threads, trace: .full))
            #expect(ReferenceForward.Result(other) == ReferenceForward.Result(one))
        }
        // This batch is too small to be split on its own: one thread keeps any batch in one
        // group, and two concurrent groups give the same bits.
        let prepared = try PreparedModel(model)
        #expect(prepared.sequenceGroups(inputs, threads: 1) == [0..<64])
        let split = prepared.forwardValidated(
            tokenIDs: inputs, trace: .full, depth: 2, halting: nil, threads: 2, groups: [0..<20, 20..<64])
        #expect(ReferenceForward.Result(split) == ReferenceForward.Result(one))
    }

    /// `.residuals` keeps the residuals of `.full` and drops the attention and MLP internals.
    @Test func residualTracesKeepOnlyResiduals() throws {
        let model = try RandomModels.make(seed: 4, layerCount: 2)
        let inputs = RandomModels.inputs(for: model, count: 3, seed: 1)
        let full = try #require(try model.forward(tokenIDs: inputs, trace: true).traces)
        let residuals = try #require(try model.forward(tokenIDs: inputs, options: RunOptions(trace: .residuals)).traces)
        #expect(residuals.map(\.embedding) == full.map(\.embedding))
        #expect(residuals.map { $0.layers.map(\.afterAttention) } == full.map { $0.layers.map(\.afterAttention) })
        #expect(residuals.map { $0.layers.map(\.afterMLP) } == full.map { $0.layers.map(\.afterMLP) })
        #expect(residuals.allSatisfy { $0.layers.allSatisfy { $0.attentionPatterns.isEmpty && $0.mlpHidden.isEmpty } })
        #expect(full.allSatisfy { $0.layers.allSatisfy { !$0.attentionPatterns.isEmpty } })
    }
}
