import AltaTensors

/// The multi-head attention sublayer of one layer over the stacked positions of a group
/// of sequences, on feature-major activations.
///
/// Per head: `Q`, `K`, `V` projections of all positions at once (with their biases);
/// then per block of `SequenceRows` the `[t, t, lanes]` logits `scale · Q Kᵀ`, their
/// masked softmax (with the head's sink) and the mix `pattern · V` — across the lanes of
/// an interleaved block (`InterleavedAttention`), within the positions of a lone sequence
/// (`SequenceAttention`, `Softmax.block`); finally `mixed · W_O` for all positions, added
/// to the sublayer output. Every float operation, and its order, is that of the
/// per-sequence definition, so the result does not depend on how sequences are grouped
/// into batches and blocks.
struct AttentionSublayer {
    /// The layer's weights.
    let layer: TransformerLayer
    /// Multiplies the logits.
    let scale: Float
    /// Whether products may use several threads (false when the caller already runs
    /// groups of sequences concurrently).
    let parallel: Bool

    /// The per-head, per-sequence logits and patterns a trace records.
    struct Trace {
        /// `[head][slot]` `[T, T]` scaled logits, −∞ where a key is invisible.
        var logits: [[Matrix]] = []
        /// `[head][slot]` `[T, T]` attention weights.
        var patterns: [[Matrix]] = []
    }

    /// Writes the sublayer's output for the positions of `rows` of `input` (`dModel`
    /// features, stride `workspace.stride`) into `workspace.attention`:
    /// `attentionOutputBias + Σ_heads head(input)`, on the features
    /// `projections.attentionFeatures` (the others would be zero and are left undefined).
    /// `masks` holds one entry per head.
    /// Returns the logits and patterns when `trace` is set.
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, masks: inout [VisibilityMasks],
        projections: LayerProjections, workspace: ForwardWorkspace, trace: Bool
    ) -> Trace? {
        let m = rows.totalRows
        let stride = workspace.stride
        let output = workspace.attention
        // Only the features the sublayer writes are defined (all of them when some head's
        // output matrix is dense).
        for f in projections.attentionFeatures ?? Array(0..<output.features) {
            // 0 + bias, as the bias is added to a zero matrix by definition.
            let target = output.feature(f)
            target.update(repeating: 0, count: m)
            let bias = layer.attentionOutputBias[f]
            for i in 0..<m { target[i] += bias }
        }
        var recorded = trace ? Trace() : nil
        // Where each block's `[t, t, lanes]` scores start in `workspace.scores`.
        var scoreStarts = [Int](repeating: 0, count: rows.blocks.count)
        var next = 0
        for (b, block) in rows.blocks.enumerated() {
            scoreStarts[b] = next
            next += block.length * block.rowCount
        }
        let scores = workspace.scores.base
        // [maxDHead] indices for single-sequence logits; [2 · widest block] for the softmax.
        let featureScratch = UnsafeMutablePointer<Int>.allocate(capacity: max(1, workspace.queries.features))
        let laneScratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * rows.blocks.reduce(1) { max($0, $1.lanes) })
        defer {
            featureScratch.deallocate()
            laneScratch.deallocate()
        }
        for (h, head) in layer.heads.enumerated() {
            let dHead = head.dHead
            let dValue = head.dValue
            let q = workspace.queries.base
            let k = workspace.keys.base
            let v = workspace.values.base
            project(input, by: head.query, bias: head.queryBias, into: workspace.queries, count: m)
            project(input, by: head.key, bias: head.keyBias, into: workspace.keys, count: m)
            project(input, by: head.value, bias: head.valueBias, into: workspace.values, count: m)

            for (b, block) in rows.blocks.enumerated() {
                let first = block.firstRow
                if block.lanes == 1 {
                    SequenceAttention.logits(
                        queries: q + first, keys: k + first, stride: stride, length: block.length, width: dHead,
                        scale: scale, scratch: featureScratch, into: scores + scoreStarts[b])
                } else {
                    InterleavedAttention.logits(
                        queries: q + first, keys: k + first, stride: stride, lanes: block.lanes,
                        length: block.length, width: dHead, scale: scale, into: scores + scoreStarts[b])
                }
            }
            if trace {
                recorded?.logits.append(sequenceMatrices(scores, starts: scoreStarts, rows: rows) { t in
                    masks[h].flags(length: t)
                })
            }
            softmax(scores, starts: scoreStarts, rows: rows, masks: &masks[h], sink: head.sinkLogit, scratch: laneScratch)
            if trace {
                recorded?.patterns.append(sequenceMatrices(scores, starts: scoreStarts, rows: rows) { _ in nil })
            }

            // [dValue, n]
            let mixed = workspace.mixed
            for c in 0..<dValue { mixed.feature(c).update(repeating: 0, count: m) }
            for (b, block) in rows.blocks.enumerated() where dValue > 0 {
                let first = block.firstRow
                if block.lanes == 1 {
                    SequenceAttention.mix(
                        pattern: scores + scoreStarts[b], values: v + first, stride: stride, length: block.length,
                        width: dValue, into: mixed.base + first)
                } else {
                    InterleavedAttention.mix(
                        pattern: scores + scoreStarts[b], values: v + first, stride: stride, lanes: block.lanes,
                        length: block.length, width: dValue, into: mixed.base + first)
                }
            }
            // This head's share `mixed · W_O`, added to the output.
            if let projection = projections.headOutputs[h] {
                projection.accumulate(
                    mixed.base, xStride: stride, count: m, into: output.base, targetStride: stride,
                    scratch: workspace.columnScratch.base)
            } else {
                // [dModel, n]
                let share = workspace.headShare
                head.output.applyFeatureMajor(
                    to: mixed.base, xStride: stride, count: m, into: share.base, outStride: stride,
                    parallel: parallel)
                for f in 0..<output.features {
                    let target = output.feature(f)
                    let source = share.feature(f)
                    for i in 0..<m { target[i] += source[i] }
                }
            }
        }
        return recorded
    }

    /// The softmax of every block's scores in place. Consecutive single-sequence blocks
    /// of one length have contiguous `[t, t]` scores sharing one mask, so they go through
    /// `Softmax.block` together; interleaved blocks through `InterleavedAttention`.
    private func softmax(
        _ scores: UnsafeMutablePointer<Float>, starts: [Int], rows: SequenceRows, masks: inout VisibilityMasks,
        sink: Float?, scratch: UnsafeMutablePointer<Float>
    ) {
        let blocks = rows.blocks
        var b = 0
        while b < blocks.count {
            let t = blocks[b].length
            let visible = masks.flags(length: t)
            if blocks[b].lanes > 1 {
                withFlags(visible) { flags in
                    InterleavedAttention.softmax(
                        scores + starts[b], lanes: blocks[b].lanes, length: t, visible: flags, sink: sink,
                        scratch: scratch)
                }
                b += 1
                continue
            }
            var end = b + 1
            while end < blocks.count && blocks[end].lanes == 1 && blocks[end].length == t { end += 1 }
            withFlags(visible) { flags in
                Softmax.block(
                    scores + starts[b], rows: (end - b) * t, columns: t, allowed: flags, maskRows: t,
                    extraLogit: sink)
            }
            b = end
        }
    }

    private func withFlags(_ flags: [Bool]?, _ body: (UnsafePointer<Bool>?) -> Void) {
        guard let flags else { return body(nil) }
        flags.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// Per sequence, its `[T, T]` matrix out of the blocks' `[t, t, lanes]` scores, with
    /// −∞ where the `[t, t]` flags `visibility(t)` hide a key.
    private func sequenceMatrices(
        _ scores: UnsafePointer<Float>, starts: [Int], rows: SequenceRows,
        visibility: (Int) -> [Bool]?
    ) -> [Matrix] {
        var matrices: [Matrix] = []
        for slot in 0..<rows.count {
            let (b, lane) = rows.placement(slot)
            let block = rows.blocks[b]
            let t = block.length
            let visible = visibility(t)
            matrices.append(Matrix(rows: t, columns: t) { shown in
                for i in 0..<(t * t) {
                    shown[i] = visible?[i] == false ? -.infinity : scores[starts[b] + i * block.lanes + lane]
                }
            })
        }
        return matrices
    }

    /// `x W + b` for `count` positions of the feature-major `x` into `target`.
    private func project(
        _ x: UnsafePointer<Float>, by weight: WeightMatrix, bias: [Float], into target: ActivationBuffer,
        count: Int
    ) {
        weight.applyFeatureMajor(
            to: x, xStride: target.stride, count: count, into: target.base, outStride: target.stride,
            parallel: parallel)
        target.addBias(bias, count: count)
    }
}

extension ActivationBuffer {
    /// Adds `bias[f]` to the first `count` positions of each feature `f` of `bias`.
    func addBias(_ bias: [Float], count: Int) {
        precondition(bias.count <= features, "bias wider than the buffer")
        for (f, b) in bias.enumerated() {
            let target = feature(f)
            for i in 0..<count { target[i] += b }
        }
    }
}
