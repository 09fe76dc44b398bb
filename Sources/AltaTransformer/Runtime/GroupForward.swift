import AltaTensors

/// The forward pass over one group of sequences, from embedding to decoded outputs.
///
/// The group's sequences are stacked, position after position, in one feature-major
/// residual buffer for the whole pass (`ActivationBuffer`): position-wise work runs over
/// all positions at once and attention within each sequence's positions. In a looped
/// model a sequence whose halting rule holds leaves the stack (its residual is set aside
/// and the others move up), so later iterations run only on the sequences still going.
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
        let workspace = ForwardWorkspace(model: model, positions: n, longest: all.longest)
        let residual = workspace.residual
        embed(tokenIDs, into: residual)

        let embeddings = trace ? (0..<count).map { residual.matrix(positions: all.range($0), width: d) } : []
        var layerTraces: [[LayerTrace]] = Array(repeating: [], count: trace ? count : 0)
        var layersRun = [Int](repeating: 0, count: count)
        var halted = [Bool](repeating: false, count: count)
        // The sequences whose positions are in `residual`, in order, and their layout there.
        var active = Array(0..<count)
        var rows = all
        // [dModel, n]: final residuals, in the layout `all`.
        let finals = ActivationBuffer(features: d, positions: n)

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

            let attentionInput = normalised(residual, count: m, by: layer.attentionNorm, workspace: workspace)
            let attentionTrace = AttentionSublayer(layer: layer, scale: model.attentionScale, parallel: parallel)
                .run(input: attentionInput, rows: rows, masks: &masks[layerIndex], workspace: workspace,
                     trace: trace)
            residual.add(workspace.attention, count: m)
            let afterAttention = trace
                ? (0..<rows.count).map { residual.matrix(positions: rows.range($0), width: d) } : []

            let mlpInput = normalised(residual, count: m, by: layer.feedForwardNorm, workspace: workspace)
            let mlp = FeedForwardSublayer(feedForward: layer.feedForward, parallel: parallel)
                .run(input: mlpInput, rows: rows, workspace: workspace, trace: trace)
            residual.add(mlp.output, count: m)

            for (slot, s) in active.enumerated() {
                layersRun[s] += 1
                if let attentionTrace {
                    layerTraces[s].append(LayerTrace(
                        layer: layerIndex, step: step, afterAttention: afterAttention[slot],
                        attentionLogits: attentionTrace.logits.map { $0[slot] },
                        attentionPatterns: attentionTrace.patterns.map { $0[slot] },
                        mlpHidden: mlp.hidden[slot],
                        afterMLP: residual.matrix(positions: rows.range(slot), width: d)))
                }
            }
            if let haltingRule {
                // Halted sequences leave the stack; the others move up in order.
                let flags = residual.feature(haltingRule.dimension)
                var kept: [Int] = []
                var nextRow = 0
                for (slot, s) in active.enumerated() {
                    let range = rows.range(slot)
                    if range.allSatisfy({ flags[$0] > haltingRule.threshold }) {
                        halted[s] = true
                        finals.copy(from: residual, positions: range, to: all.range(s).lowerBound)
                    } else {
                        if nextRow != range.lowerBound {
                            residual.copy(from: residual, positions: range, to: nextRow)
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
            finals.copy(from: residual, positions: rows.range(slot), to: all.range(s).lowerBound)
        }

        // Final LayerNorm (in place) and unembedding, all positions at once.
        model.finalNorm?.applyFeatureMajor(count: n, stride: n, from: finals.base, to: finals.base)
        let width = model.dVocabOut
        // [dVocabOut, n]
        let scores = ActivationBuffer(features: width, positions: n)
        model.unembedding.applyFeatureMajor(
            to: finals.base, xStride: n, count: n, into: scores.base, outStride: n, parallel: parallel)

        var output = Output()
        output.layersRun = layersRun
        output.halted = halted
        output.outputs.reserveCapacity(count)
        output.scores.reserveCapacity(count)
        output.finals.reserveCapacity(count)
        // [n, dVocabOut] and [n, dModel] row-major, then one slice per sequence.
        let scoreRows = scores.rowMajor(count: n, width: width)
        let finalRows = finals.rowMajor(count: n, width: d)
        defer {
            scoreRows.deallocate()
            finalRows.deallocate()
        }
        for s in 0..<count {
            let range = all.range(s)
            let score = Matrix(rows: range.count, columns: width) { target in
                target.baseAddress?.update(from: scoreRows + range.lowerBound * width, count: range.count * width)
            }
            var decoded = range.map { i in
                model.outputEncoder.decode(UnsafeBufferPointer(start: scoreRows + i * width, count: width))
            }
            if let bos = model.inputEncoder.bos, !decoded.isEmpty { decoded[0] = .category(bos) }
            output.outputs.append(decoded)
            output.scores.append(score)
            output.finals.append(Matrix(rows: range.count, columns: d) { target in
                target.baseAddress?.update(from: finalRows + range.lowerBound * d, count: range.count * d)
            })
            if trace { output.traces.append(SequenceTrace(embedding: embeddings[s], layers: layerTraces[s])) }
        }
        return output
    }

    /// Writes `tokenEmbedding[id] + positionEmbedding[position]` for every position of
    /// every sequence, stacked, into `residual`.
    private func embed(_ tokenIDs: ArraySlice<[Int]>, into residual: ActivationBuffer) {
        let d = model.dModel
        let tokens = model.tokenEmbedding
        let positions = model.positionEmbedding
        precondition(
            tokens.values.count == tokens.rows * d && positions.values.count == positions.rows * d,
            "embedding values do not match their shapes")
        let stride = residual.stride
        // [n] each position's token and position embedding rows, then one feature at a time.
        var tokenRows: [Int] = []
        var positionRows: [Int] = []
        tokenRows.reserveCapacity(stride)
        positionRows.reserveCapacity(stride)
        for ids in tokenIDs {
            for (p, id) in ids.enumerated() {
                tokenRows.append(id * d)
                positionRows.append(p * d)
            }
        }
        let count = tokenRows.count
        tokens.values.withUnsafeBufferPointer { token in
            positions.values.withUnsafeBufferPointer { position in
                tokenRows.withUnsafeBufferPointer { tokenRows in
                    positionRows.withUnsafeBufferPointer { positionRows in
                        for c in 0..<d {
                            let target = residual.feature(c)
                            for r in 0..<count {
                                target[r] = token[tokenRows[r] &+ c] + position[positionRows[r] &+ c]
                            }
                        }
                    }
                }
            }
        }
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
    /// Adds the first `count` positions of every feature of `other` (same shape) to this
    /// buffer's.
    func add(_ other: ActivationBuffer, count: Int) {
        precondition(other.features >= features && other.stride == stride, "buffers of different shapes")
        for f in 0..<features {
            let target = feature(f)
            let source = other.feature(f)
            for i in 0..<count { target[i] += source[i] }
        }
    }

    /// Copies positions `positions` of every feature of `source` (same shape; may be this
    /// buffer) to the positions starting at `destination`.
    func copy(from source: ActivationBuffer, positions: Range<Int>, to destination: Int) {
        precondition(source.features == features && source.stride == stride, "buffers of different shapes")
        for f in 0..<features {
            // Overlapping moves within one buffer: `copyMemory` is a memmove.
            UnsafeMutableRawPointer(feature(f) + destination).copyMemory(
                from: source.feature(f) + positions.lowerBound,
                byteCount: positions.count * MemoryLayout<Float>.stride)
        }
    }
}
