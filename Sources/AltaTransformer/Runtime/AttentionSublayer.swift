import AltaTensors

/// The multi-head attention sublayer of one layer over the stacked positions of a group
/// of sequences, on feature-major activations.
///
/// Per head: `Q`, `K`, `V` projections of all positions at once (with their biases); the
/// `[T, T]` logits `scale · Q Kᵀ` of every sequence, one after another in one scratch
/// buffer; the masked softmax (with the head's sink) over each run of equal-length
/// sequences at once; the mix `pattern · V` per sequence; finally `mixed · W_O` for all
/// positions, added to the sublayer output. Every float operation, and its order, is
/// that of the per-sequence definition, so the result does not depend on how sequences
/// are grouped into batches.
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
    /// `attentionOutputBias + Σ_heads head(input)`. `masks` holds one entry per head.
    /// Returns the logits and patterns when `trace` is set.
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, masks: inout [VisibilityMasks],
        workspace: ForwardWorkspace, trace: Bool
    ) -> Trace? {
        let m = rows.totalRows
        let stride = workspace.stride
        let output = workspace.attention
        for f in 0..<output.features {
            // 0 + bias, as the bias is added to a zero matrix by definition.
            let target = output.feature(f)
            target.update(repeating: 0, count: m)
            let bias = layer.attentionOutputBias[f]
            for i in 0..<m { target[i] += bias }
        }
        var recorded = trace ? Trace() : nil
        // Where each sequence's `[T, T]` scores start in `workspace.scores`.
        var scoreStarts = [Int](repeating: 0, count: rows.count)
        var next = 0
        for slot in 0..<rows.count {
            scoreStarts[slot] = next
            next += rows.range(slot).count * rows.range(slot).count
        }
        let scores = workspace.scores.base
        // [maxDHead]: the non-zero query features of one position.
        let featureScratch = UnsafeMutablePointer<Int>.allocate(capacity: max(1, workspace.queries.features))
        defer { featureScratch.deallocate() }
        for (h, head) in layer.heads.enumerated() {
            let dHead = head.dHead
            let dValue = head.dValue
            let q = workspace.queries.base
            let k = workspace.keys.base
            let v = workspace.values.base
            project(input, by: head.query, bias: head.queryBias, into: workspace.queries, count: m)
            project(input, by: head.key, bias: head.keyBias, into: workspace.keys, count: m)
            project(input, by: head.value, bias: head.valueBias, into: workspace.values, count: m)

            for slot in 0..<rows.count {
                let range = rows.range(slot)
                SequenceAttention.logits(
                    queries: q + range.lowerBound, keys: k + range.lowerBound, stride: stride,
                    length: range.count, width: dHead, scale: scale, scratch: featureScratch,
                    into: scores + scoreStarts[slot])
            }
            if trace {
                recorded?.logits.append((0..<rows.count).map { slot in
                    let t = rows.range(slot).count
                    let visible = masks[h].flags(length: t)
                    return Matrix(rows: t, columns: t) { shown in
                        for i in 0..<(t * t) {
                            shown[i] = visible?[i] == false ? -.infinity : scores[scoreStarts[slot] + i]
                        }
                    }
                })
            }
            // The softmax over runs of consecutive sequences of equal length, whose
            // logits are contiguous rows of the same width sharing one mask.
            var runStart = 0
            while runStart < rows.count {
                let t = rows.range(runStart).count
                var runEnd = runStart + 1
                while runEnd < rows.count && rows.range(runEnd).count == t { runEnd += 1 }
                let block = scores + scoreStarts[runStart]
                let blockRows = (runEnd - runStart) * t
                if let visible = masks[h].flags(length: t) {
                    visible.withUnsafeBufferPointer { flags in
                        Softmax.block(
                            block, rows: blockRows, columns: t, allowed: flags.baseAddress, maskRows: t,
                            extraLogit: head.sinkLogit)
                    }
                } else {
                    Softmax.block(
                        block, rows: blockRows, columns: t, allowed: nil, maskRows: t,
                        extraLogit: head.sinkLogit)
                }
                runStart = runEnd
            }
            if trace {
                recorded?.patterns.append((0..<rows.count).map { slot in
                    let t = rows.range(slot).count
                    return Matrix(rows: t, columns: t) { pattern in
                        pattern.baseAddress?.update(from: scores + scoreStarts[slot], count: t * t)
                    }
                })
            }

            // [dValue, n]
            let mixed = workspace.mixed
            for c in 0..<dValue { mixed.feature(c).update(repeating: 0, count: m) }
            for slot in 0..<rows.count where dValue > 0 {
                let range = rows.range(slot)
                SequenceAttention.mix(
                    pattern: scores + scoreStarts[slot], values: v + range.lowerBound, stride: stride,
                    length: range.count, width: dValue, into: mixed.base + range.lowerBound)
            }
            // [dModel, n]: this head's share, added to the output as a whole.
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
        return recorded
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
