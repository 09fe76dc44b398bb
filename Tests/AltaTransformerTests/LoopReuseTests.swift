import AltaTensors
import Testing
@testable import AltaTransformer

/// The sparse-rows backend's reuse of attention results across loop iterations
/// (`AttentionMemo`: projections of unchanged rows, head results) and across the queries of
/// one iteration (a head's result shared by queries with the same projection): on a looped
/// model where only some rows change from one iteration to the next, the pass still equals
/// the reference bit for bit, reuse really happens, and hooks that replace activations still
/// see and change every row.
@Suite struct LoopReuseTests {
    /// A looped "wave": position 0 starts marked; each iteration a head copies the previous
    /// position's `mark` into `carry`, and the MLP marks a position whose `carry` is set and
    /// clears `carry`. After iteration k positions 0…k are marked, so each iteration only the
    /// front changes, and the model halts once every position is marked. Two more heads add
    /// to `echo` (so head outputs are summed head by head): one whose keys read `mark` (they
    /// change at the front), one whose query reads `carry` (it changes at the front).
    ///
    /// Residual: `mark`, `carry`, `one`, `echo`, `pos:0…`, `tok:start`, `tok:x`. The MLP
    /// (clipped ReLU) has three maps: `u = [carry − mark, carry, mark]`, then gated units
    /// `v = [u0, u1, AND(u1, u2)]`, then `mark += v0`, `carry −= v1`.
    static func wave(maxLength: Int = 9) throws -> TransformerModel {
        let tokens = ["start", "x"]
        var labels = ["mark", "carry", "one", "echo"]
        labels += (0..<maxLength).map { "pos:\($0)" }
        labels += tokens.map { "tok:\($0)" }
        let d = labels.count
        let mark = 0, carry = 1, one = 2, echo = 3, base = 4
        /// [dVocab, dModel]
        var tokenEmbedding = Matrix(rows: tokens.count, columns: d)
        for (id, token) in tokens.enumerated() {
            tokenEmbedding[id, base + maxLength + id] = 1
            tokenEmbedding[id, one] = 1
            if token == "start" { tokenEmbedding[id, mark] = 1 }
        }
        /// [positions, dModel]
        var positionEmbedding = Matrix(rows: maxLength, columns: d)
        for p in 0..<maxLength { positionEmbedding[p, base + p] = 1 }
        // Every key scores the same; the mask keeps only the previous position.
        /// [dModel, 1]
        var query = Matrix(rows: d, columns: 1)
        query[one, 0] = 1
        /// [dModel, 1]
        var key = Matrix(rows: d, columns: 1)
        key[one, 0] = 1
        /// [dModel, 1]
        var value = Matrix(rows: d, columns: 1)
        value[mark, 0] = 1
        /// [1, dModel]
        var output = Matrix(rows: 1, columns: d)
        output[0, carry] = 1
        let head = AttentionHead(
            query: WeightMatrix(query), key: WeightMatrix(key), value: WeightMatrix(value),
            output: WeightMatrix(output), relativeMask: RelativePositionMask(allowing: [-1]))
        /// A one-wide head reading `from` for its query, key and value, writing `echo`.
        func echoHead(query q: Int, key k: Int) -> AttentionHead {
            var query = Matrix(rows: d, columns: 1), key = Matrix(rows: d, columns: 1), value = Matrix(rows: d, columns: 1)
            query[q, 0] = 1
            key[k, 0] = 2
            value[one, 0] = 0.5
            var output = Matrix(rows: 1, columns: d)
            output[0, echo] = 1
            return AttentionHead(
                query: WeightMatrix(query), key: WeightMatrix(key), value: WeightMatrix(value), output: WeightMatrix(output),
                sinkLogit: 1)
        }
        /// [dModel, 3]
        var first = Matrix(rows: d, columns: 3)
        first[carry, 0] = 1
        first[mark, 0] = -1
        first[carry, 1] = 1
        first[mark, 2] = 1
        /// [3, 3]
        let second = try Matrix([[1, 0, 0], [0, 1, 1], [0, 0, 1]])
        /// [3, dModel]
        var last = Matrix(rows: 3, columns: d)
        last[0, mark] = 1
        last[1, carry] = -1
        let feedForward = FeedForward(
            layers: [
                LinearLayer(weight: WeightMatrix(first)),
                LinearLayer(weight: WeightMatrix(second), bias: [0, 0, -1]),
                LinearLayer(weight: WeightMatrix(last)),
            ],
            activation: .clippedReLU)
        /// [dModel, 1]
        var unembedding = Matrix(rows: d, columns: 1)
        unembedding[mark, 0] = 1
        return try TransformerModel(
            tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
            layers: [TransformerLayer(
                heads: [head, echoHead(query: one, key: mark), echoHead(query: carry, key: one)], feedForward: feedForward)],
            layout: .looped(maxIterations: 2 * maxLength, halting: HaltingRule(dimension: mark, label: "mark")),
            unembedding: WeightMatrix(unembedding), attentionScale: 1, residualLabels: labels,
            inputEncoder: InputEncoder(tokens: tokens), outputEncoder: .numerical)
    }

    static let batch = [[0, 1, 1, 1, 1, 1, 1, 1], [0, 1, 1], [0]]

    @Test func theWaveMatchesTheReference() throws {
        let model = try Self.wave()
        #expect(model.layers[0].feedForward.layers.count == 3)
        let reference = try ReferenceForward.run(model, tokenIDs: Self.batch, trace: true)
        // One position is marked per iteration (plus one to see that all are).
        #expect(reference.layersRun == [7, 2, 1])
        #expect(reference.halted == [true, true, true])
        try SparseBackendTests.expectBothBackendsMatchReference(model, Self.batch)
    }

    /// Runs `batch` through the sparse plans of the looped `model` on a workspace that reuses
    /// what it can and on one that measures a profile (which reuses nothing), expecting the
    /// same results, layers run and residual traces; returns both workspaces to read their
    /// counters.
    static func runReusingAndNot(
        _ model: TransformerModel, _ batch: [[Int]], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (reusing: SparseWorkspace, counting: SparseWorkspace) {
        let plans = SparseForward(model: model)
        guard case let .looped(_, halting) = model.layout else { throw ModelError.inconsistentShape("not looped") }
        let depth = model.layout.maxDepth(layerCount: 1)
        let longest = batch.map(\.count).max() ?? 0
        let reusing = SparseWorkspace(plans: plans, longest: longest)
        let counting = SparseWorkspace(plans: plans, longest: longest, counting: true)
        for ids in batch {
            let a = plans.run(ids, depth: depth, halting: halting, trace: true, workspace: reusing)
            let b = plans.run(ids, depth: depth, halting: halting, trace: true, workspace: counting)
            #expect(a.final == b.final && a.trace == b.trace && a.layersRun == b.layersRun, sourceLocation: sourceLocation)
        }
        return (reusing, counting)
    }

    /// The pass replays head results (the mechanism is live), and a pass that measures a
    /// profile reuses nothing — with the same results either way.
    @Test func reuseHappensAndChangesNothing() throws {
        let model = try Self.wave()
        let plans = SparseForward(model: model)
        #expect(plans.layers[0].maps[1].gatedCount == 3)
        #expect(plans.layers[0].attention.combinedOutput == nil)
        #expect(plans.layers[0].attention.segmentIsStatic == [true, true, false, true, false, true, false, true, true])
        let (reusing, counting) = try Self.runReusingAndNot(model, Self.batch)
        #expect(reusing.attentionMemo != nil && counting.attentionMemo == nil)
        #expect(reusing.headReplays > 0 && counting.headReplays == 0)
        // The echo heads' queries are the same at every position behind the front (`one`,
        // an unwritten column; `carry`, zero there): each is computed at one query per
        // iteration and shared with the others.
        #expect((reusing.attentionMemo?.shares ?? 0) > 0)
        // Rows behind the front read as before: their projections are copied, not recomputed.
        #expect((reusing.attentionMemo?.unchangedInputs ?? 0) > 0)
        // A stacked model keeps no memo.
        var stacked = model
        stacked.layout = .stacked
        #expect(SparseWorkspace(plans: SparseForward(model: stacked), longest: 8).attentionMemo == nil)
    }

    /// Without the echo heads (whose keys change at the front every iteration), the rows
    /// behind the front see the wave head as before: their whole attention change is
    /// replayed, and the results are those of a pass that replays nothing.
    @Test func wholeRowChangesAreReplayed() throws {
        var model = try Self.wave()
        model.layers[0].heads.removeLast(2)
        try SparseBackendTests.expectBothBackendsMatchReference(model, Self.batch)
        let (reusing, _) = try Self.runReusingAndNot(model, Self.batch)
        #expect((reusing.attentionMemo?.changeReplays ?? 0) > 0)
    }

    /// Hooks run every row of every iteration: a hook that replaces the MLP output at one
    /// position changes that position at every iteration (no result is replayed past it),
    /// and one that replaces a head's pattern changes what the head mixes.
    @Test func replacingHooksSeeAndChangeEveryRow() throws {
        let model = try Self.wave()
        let prepared = try PreparedModel(model, backend: .sparseRows)
        let ids = [[0, 1, 1, 1, 1]]
        let plain = try prepared.forward(tokenIDs: ids)
        #expect(plain.layersRun == [4] && plain.halted == [true])
        var options = RunOptions()
        var rowsSeen: [Int] = []
        for step in 0..<model.layout.maxDepth(layerCount: 1) {
            options.hooks.replace(.mlpOut(step: step)) { _, out in
                rowsSeen.append(out.rows)
                var changed = out
                for c in 0..<out.columns { changed[2, c] = 0 }     // position 2 never changes
                return changed
            }
        }
        let hooked = try prepared.forward(tokenIDs: ids, options: options)
        // Position 2 is never marked, so the wave stops there and the loop runs to its cap.
        #expect(hooked.halted == [false] && hooked.layersRun == [18])
        #expect(rowsSeen == [Int](repeating: 5, count: 18))
        let final = try #require(hooked.finalResiduals.first)
        #expect((0..<5).map { final[$0, 0] } == [1, 1, 0, 0, 0])
        #expect(final[2, 1] == 17)   // its carry grew by one each iteration after the first, never cleared
        // Ablating the wave's head at the last step only: its carry stays 0 there, so
        // nothing is marked at that step.
        var ablate = RunOptions(maxLayers: 3, halting: false)
        ablate.hooks.replace(.attnPattern(step: 2, head: 0)) { _, pattern in
            Matrix(rows: pattern.rows, columns: pattern.columns)
        }
        let ablated = try #require(try prepared.forward(tokenIDs: ids, options: ablate).finalResiduals.first)
        let unablated = try #require(try prepared.forward(tokenIDs: ids, options: RunOptions(maxLayers: 3, halting: false)).finalResiduals.first)
        #expect((0..<5).map { unablated[$0, 0] } == [1, 1, 1, 1, 0])
        #expect((0..<5).map { ablated[$0, 0] } == [1, 1, 1, 0, 0])
    }
}
