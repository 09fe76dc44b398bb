import AltaTensors

/// The forward pass over one group of sequences, from embedding to output scores.
///
/// The group's sequences are stacked in one feature-major residual buffer for the whole
/// pass (`ActivationBuffer`), laid out by `SequenceRows` (equal-length sequences
/// interleaved): position-wise work runs over all positions at once and attention over
/// each block of sequences. In a looped model a sequence whose halting rule holds leaves
/// the stack (its residual is set aside and the others are laid out anew), so later
/// iterations run only on the sequences still going.
struct GroupForward {
    /// The model run, with its runtime tables and spare buffers.
    let prepared: PreparedModel
    /// Whether kernels may use several threads (false when groups run concurrently).
    let parallel: Bool
    /// Layer applications at most (`RunOptions.maxLayers`, else the model's depth).
    let depth: Int
    /// The halting rule applied (nil when `RunOptions.halting` is off).
    let haltingRule: HaltingRule?

    /// What the pass computed for each sequence of the group, in order.
    struct Output {
        /// `[dVocabOut]`-wide output scores.
        var scores: StackedActivations
        /// `[dModel]`-wide final residuals.
        var finals: StackedActivations
        var layersRun: [Int]
        var halted: [Bool]
        var traces: [SequenceTrace]
    }

    /// Runs the model on `tokenIDs` (validated: non-empty, within the maximum length,
    /// known ids; the model's shapes validated).
    func run(_ tokenIDs: ArraySlice<[Int]>, trace: TraceLevel) -> Output {
        // The layout of every sequence; the final residuals and the results use it.
        let all = SequenceRows(lengths: tokenIDs.map { $0.count })
        return prepared.withWorkspace(positions: all.totalRows, longest: all.longest) { workspace in
            run(tokenIDs, layout: all, workspace: workspace, trace: trace)
        }
    }

    private func run(
        _ tokenIDs: ArraySlice<[Int]>, layout all: SequenceRows, workspace: ForwardWorkspace, trace level: TraceLevel
    ) -> Output {
        let model = prepared.model
        // Residuals are kept at `.residuals`, attention and MLP internals at `.full` only.
        let trace = level != .none
        let full = level == .full
        let d = model.dModel
        let count = tokenIDs.count
        let n = all.totalRows
        var residual = workspace.residual
        prepared.embedding.embed(tokenIDs, rows: all, into: residual)

        let embeddings = trace ? (0..<count).map { residual.matrix(rows: all.rows($0), width: d) } : []
        var layerTraces: [[LayerTrace]] = Array(repeating: [], count: trace ? count : 0)
        var layersRun = [Int](repeating: 0, count: count)
        var halted = [Bool](repeating: false, count: count)
        // The sequences whose positions are in `residual`, in order, and their layout there.
        var active = Array(0..<count)
        var rows = all
        // Looped models with a halting rule only: final residuals of the sequences that
        // halted (in the layout `all`) and where the others move when the stack is compacted.
        let finals = workspace.halted
        var spare = workspace.spare
        let projections = prepared.projections
        var masks = model.layers.map { layer in
            layer.heads.map { VisibilityMasks(causal: model.causal, mask: $0.relativeMask) }
        }
        // A `where` clause would still count through every step up to the cap (which a
        // config may set to Int.max); stop as soon as every sequence has halted.
        for step in 0..<depth {
            if active.isEmpty { break }
            let layerIndex: Int
            if case .stacked = model.layout { layerIndex = step } else { layerIndex = 0 }
            let layer = model.layers[layerIndex]
            let m = rows.totalRows

            let attentionInput = normalised(residual, count: m, by: layer.attentionNorm, workspace: workspace)
            let attentionTrace = AttentionSublayer(layer: layer, scale: model.attentionScale, parallel: parallel)
                .run(input: attentionInput, rows: rows, masks: &masks[layerIndex],
                     projections: projections[layerIndex], workspace: workspace, trace: full)
            residual.add(workspace.attention, features: projections[layerIndex].attentionFeatures, count: m)
            let afterAttention = trace
                ? (0..<rows.count).map { residual.matrix(rows: rows.rows($0), width: d) } : []

            let mlpInput = normalised(residual, count: m, by: layer.feedForwardNorm, workspace: workspace)
            let mlpHidden = FeedForwardSublayer(feedForward: layer.feedForward, parallel: parallel)
                .run(input: mlpInput, rows: rows, output: projections[layerIndex].mlpOutput, residual: residual,
                     workspace: workspace, trace: full)

            for (slot, s) in active.enumerated() {
                layersRun[s] += 1
                if trace {
                    layerTraces[s].append(LayerTrace(
                        layer: layerIndex, step: step, afterAttention: afterAttention[slot],
                        attentionLogits: attentionTrace?.logits.map { $0[slot] } ?? [],
                        attentionPatterns: attentionTrace?.patterns.map { $0[slot] } ?? [],
                        mlpHidden: full ? mlpHidden[slot] : [],
                        afterMLP: residual.matrix(rows: rows.rows(slot), width: d)))
                }
            }
            if let haltingRule, let finals, let buffer = spare {
                // Halted sequences leave the stack; the others are laid out anew.
                let flags = residual.feature(haltingRule.dimension)
                var kept: [Int] = []
                for (slot, s) in active.enumerated() {
                    if rows.rows(slot).allSatisfy({ flags[$0] > haltingRule.threshold }) {
                        halted[s] = true
                        finals.copyRows(from: residual, rows: rows.rows(slot), to: all.rows(s))
                    } else {
                        kept.append(slot)
                    }
                }
                if kept.count != active.count {
                    let next = SequenceRows(lengths: kept.map { rows.length($0) })
                    for (newSlot, oldSlot) in kept.enumerated() {
                        buffer.copyRows(from: residual, rows: rows.rows(oldSlot), to: next.rows(newSlot))
                    }
                    spare = residual
                    residual = buffer
                    active = kept.map { active[$0] }
                    rows = next
                }
            }
        }
        // [dModel, n] in the layout `all`: the residual itself unless sequences halted.
        var final = residual
        if let finals, active.count != count {
            for (slot, s) in active.enumerated() {
                finals.copyRows(from: residual, rows: rows.rows(slot), to: all.rows(s))
            }
            final = finals
        }

        // Final LayerNorm (in place) and unembedding, all positions at once.
        model.finalNorm?.applyFeatureMajor(count: n, stride: final.stride, from: final.base, to: final.base)
        let width = model.dVocabOut
        // [dVocabOut, n]
        let scores = [Float](unsafeUninitializedCapacity: width * n) { buffer, initialized in
            if let target = buffer.baseAddress {
                model.unembedding.applyFeatureMajor(
                    to: final.base, xStride: final.stride, count: n, into: target, outStride: n, parallel: parallel)
            }
            initialized = width * n
        }
        return Output(
            scores: StackedActivations(rows: all, width: width, values: scores),
            finals: StackedActivations(rows: all, width: d, values: final.values(width: d, count: n)),
            layersRun: layersRun, halted: halted,
            traces: trace ? (0..<count).map { SequenceTrace(embedding: embeddings[$0], layers: layerTraces[$0]) } : [])
    }

    /// The first `count` positions of `residual` normalised by `norm` into the workspace,
    /// or `residual` itself when there is no LayerNorm.
    private func normalised(
        _ residual: ActivationBuffer, count: Int, by norm: LayerNormWeights?, workspace: ForwardWorkspace
    ) -> UnsafePointer<Float> {
        guard let norm else { return UnsafePointer(residual.base) }
        norm.applyFeatureMajor(
            count: count, stride: residual.stride, from: residual.base, to: workspace.normed.base)
        return UnsafePointer(workspace.normed.base)
    }
}

extension ActivationBuffer {
    /// Adds the first `count` positions of the features `features` (all when nil) of
    /// `other` (same shape) to this buffer's.
    func add(_ other: ActivationBuffer, features: [Int]? = nil, count: Int) {
        precondition(other.features >= self.features && other.stride == stride, "buffers of different shapes")
        for f in features ?? Array(0..<self.features) {
            let target = feature(f)
            let source = other.feature(f)
            for i in 0..<count { target[i] += source[i] }
        }
    }
}
