import AltaTensors

/// The forward pass over one group of sequences, from embedding to decoded outputs.
///
/// The group's sequences are stacked row-wise in one residual buffer for the whole pass:
/// position-wise work runs over all rows at once and attention within each sequence's
/// rows. In a looped model a sequence whose halting rule holds leaves the stack (its
/// residual is set aside and the others move up), so later iterations run only on the
/// sequences still going.
struct GroupForward {
    /// The model run.
    let model: TransformerModel
    /// Whether kernels may use several threads (false when groups run concurrently).
    let parallel: Bool

    /// What the pass computed for each sequence of the group, in order.
    struct Output {
        var outputs: [[OutputValue]] = []
        var scores: [Matrix] = []
        var finals: [Matrix] = []
        var layersRun: [Int] = []
        var halted: [Bool] = []
        var traces: [SequenceTrace] = []
    }

    /// Runs the model on `tokenIDs` (validated: non-empty, within the maximum length,
    /// known ids; the model's shapes validated).
    func run(_ tokenIDs: ArraySlice<[Int]>, trace: Bool) -> Output {
        let d = model.dModel
        let count = tokenIDs.count
        let lengths = tokenIDs.map { $0.count }
        // The layout of every sequence, in order; `finals` uses it throughout.
        let all = SequenceRows(lengths: lengths)
        let n = all.totalRows
        let workspace = ForwardWorkspace(model: model, rows: n, longest: all.longest)
        let residual = workspace.residual.base
        embed(tokenIDs, into: residual)

        let embeddings = trace ? (0..<count).map { workspace.residual.matrix(rows: all.range($0), columns: d) } : []
        var layerTraces: [[LayerTrace]] = Array(repeating: [], count: trace ? count : 0)
        var layersRun = [Int](repeating: 0, count: count)
        var halted = [Bool](repeating: false, count: count)
        // The sequences whose rows are in `residual`, in order, and their layout there.
        var active = Array(0..<count)
        var rows = all
        // [n, dModel]: final residuals, in the layout `all`.
        let finals = RowBuffer(count: n * d)

        var masks = model.layers.map { layer in
            layer.heads.map { VisibilityMasks(causal: model.causal, mask: $0.relativeMask) }
        }
        var haltingRule: HaltingRule? = nil
        if case let .looped(_, rule) = model.layout { haltingRule = rule }

        for step in 0..<model.layout.maxDepth(layerCount: model.layers.count) where !active.isEmpty {
            let layerIndex: Int
            if case .stacked = model.layout { layerIndex = step } else { layerIndex = 0 }
            let layer = model.layers[layerIndex]
            let m = rows.totalRows

            let attentionInput = normalised(residual, rows: m, by: layer.attentionNorm, workspace: workspace)
            let attention = workspace.attention.base
            let attentionTrace = AttentionSublayer(layer: layer, scale: model.attentionScale, parallel: parallel)
                .run(input: attentionInput, rows: rows, masks: &masks[layerIndex], workspace: workspace,
                     output: attention, trace: trace)
            for i in 0..<(m * d) { residual[i] += attention[i] }
            let afterAttention = trace
                ? (0..<rows.count).map { workspace.residual.matrix(rows: rows.range($0), columns: d) } : []

            let mlpInput = normalised(residual, rows: m, by: layer.feedForwardNorm, workspace: workspace)
            let mlp = FeedForwardSublayer(feedForward: layer.feedForward, parallel: parallel)
                .run(input: mlpInput, rows: rows, workspace: workspace, trace: trace)
            for i in 0..<(m * d) { residual[i] += mlp.output[i] }

            for (slot, s) in active.enumerated() {
                layersRun[s] += 1
                if let attentionTrace {
                    layerTraces[s].append(LayerTrace(
                        layer: layerIndex, step: step, afterAttention: afterAttention[slot],
                        attentionLogits: attentionTrace.logits.map { $0[slot] },
                        attentionPatterns: attentionTrace.patterns.map { $0[slot] },
                        mlpHidden: mlp.hidden[slot],
                        afterMLP: workspace.residual.matrix(rows: rows.range(slot), columns: d)))
                }
            }
            if let haltingRule {
                // Halted sequences leave the stack; the others move up in order.
                var kept: [Int] = []
                var nextRow = 0
                for (slot, s) in active.enumerated() {
                    let range = rows.range(slot)
                    let done = range.allSatisfy { residual[$0 * d + haltingRule.dimension] > haltingRule.threshold }
                    if done {
                        halted[s] = true
                        (finals.base + all.range(s).lowerBound * d)
                            .update(from: residual + range.lowerBound * d, count: range.count * d)
                    } else {
                        if nextRow != range.lowerBound {
                            // Overlapping moves towards the front: `copyMemory` is a memmove.
                            UnsafeMutableRawPointer(residual + nextRow * d).copyMemory(
                                from: residual + range.lowerBound * d,
                                byteCount: range.count * d * MemoryLayout<Float>.stride)
                        }
                        kept.append(s)
                        nextRow += range.count
                    }
                }
                if kept.count != active.count {
                    active = kept
                    rows = SequenceRows(lengths: kept.map { lengths[$0] })
                }
            }
        }
        for (slot, s) in active.enumerated() {
            let range = rows.range(slot)
            (finals.base + all.range(s).lowerBound * d).update(from: residual + range.lowerBound * d, count: range.count * d)
        }

        // Final LayerNorm (in place) and unembedding, all rows at once.
        model.finalNorm?.apply(rows: n, width: d, from: finals.base, to: finals.base)
        let width = model.dVocabOut
        // [n, dVocabOut]
        let scores = RowBuffer(count: n * width)
        model.unembedding.apply(to: finals.base, rowCount: n, into: scores.base, parallel: parallel)

        var output = Output()
        output.layersRun = layersRun
        output.halted = halted
        for s in 0..<count {
            let range = all.range(s)
            let score = scores.matrix(rows: range, columns: width)
            var decoded = (0..<score.rows).map { p in
                model.outputEncoder.decode(score.values[(p * width)..<((p + 1) * width)])
            }
            if let bos = model.inputEncoder.bos, !decoded.isEmpty { decoded[0] = .category(bos) }
            output.outputs.append(decoded)
            output.scores.append(score)
            output.finals.append(finals.matrix(rows: range, columns: d))
            if trace { output.traces.append(SequenceTrace(embedding: embeddings[s], layers: layerTraces[s])) }
        }
        return output
    }

    /// Writes `tokenEmbedding[id] + positionEmbedding[position]` for every position of
    /// every sequence, stacked, into `residual` `[n, dModel]`.
    private func embed(_ tokenIDs: ArraySlice<[Int]>, into residual: UnsafeMutablePointer<Float>) {
        let d = model.dModel
        let tokens = model.tokenEmbedding
        let positions = model.positionEmbedding
        precondition(
            tokens.values.count == tokens.rows * d && positions.values.count == positions.rows * d,
            "embedding values do not match their shapes")
        tokens.values.withUnsafeBufferPointer { token in
            positions.values.withUnsafeBufferPointer { position in
                var row = 0
                for ids in tokenIDs {
                    for (p, id) in ids.enumerated() {
                        let target = residual + row * d
                        for c in 0..<d { target[c] = token[id * d + c] + position[p * d + c] }
                        row += 1
                    }
                }
            }
        }
    }

    /// `residual`'s first `rows` rows normalised by `norm` into the workspace, or
    /// `residual` itself when there is no LayerNorm.
    private func normalised(
        _ residual: UnsafeMutablePointer<Float>, rows: Int, by norm: LayerNormWeights?,
        workspace: ForwardWorkspace
    ) -> UnsafePointer<Float> {
        guard let norm else { return UnsafePointer(residual) }
        norm.apply(rows: rows, width: model.dModel, from: residual, to: workspace.normed.base)
        return UnsafePointer(workspace.normed.base)
    }
}
