import AltaTensors

/// The multi-head attention sublayer of one layer over sequences stacked row-wise.
///
/// Per head: `Q`, `K`, `V` projections of all rows at once (with their biases); the
/// `[T, T]` logits `scale · Q Kᵀ` of every sequence, one after another in one scratch
/// buffer; the masked softmax (with the head's sink) over each run of equal-length
/// sequences at once; the mix `pattern · V` per sequence; finally `mixed · W_O` for all
/// rows, added to the sublayer output. Every float operation, and its order, is that of
/// the per-sequence definition, so the result does not depend on how sequences are
/// grouped into batches.
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
        var logits: [[Matrix]]
        /// `[head][slot]` `[T, T]` attention weights.
        var patterns: [[Matrix]]
    }

    /// Writes the sublayer's output for `input` `[rows.totalRows, dModel]` into `output`
    /// (same shape): `attentionOutputBias + Σ_heads head(input)`. `masks` holds one entry
    /// per head. Returns the logits and patterns when `trace` is set.
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, masks: inout [VisibilityMasks],
        workspace: ForwardWorkspace, output: UnsafeMutablePointer<Float>, trace: Bool
    ) -> Trace? {
        let n = rows.totalRows
        let d = layer.attentionOutputBias.count
        output.initialize(repeating: 0, count: n * d)
        addRowVector(layer.attentionOutputBias, to: output, rows: n)
        var recorded = trace ? Trace(logits: [], patterns: []) : nil
        // Where each sequence's `[T, T]` scores start in `workspace.scores`.
        var scoreStarts = [Int](repeating: 0, count: rows.count)
        var next = 0
        for slot in 0..<rows.count {
            scoreStarts[slot] = next
            next += rows.range(slot).count * rows.range(slot).count
        }
        for (h, head) in layer.heads.enumerated() {
            let dHead = head.dHead
            let dValue = head.dValue
            // [n, dHead], [n, dHead], [n, dValue]
            let q = workspace.queries.base
            let k = workspace.keys.base
            let v = workspace.values.base
            head.query.apply(to: input, rowCount: n, into: q, parallel: parallel)
            addRowVector(head.queryBias, to: q, rows: n)
            head.key.apply(to: input, rowCount: n, into: k, parallel: parallel)
            addRowVector(head.keyBias, to: k, rows: n)
            head.value.apply(to: input, rowCount: n, into: v, parallel: parallel)
            addRowVector(head.valueBias, to: v, rows: n)
            // [n, dValue]
            let mixed = workspace.mixed.base
            mixed.initialize(repeating: 0, count: n * dValue)
            // Each sequence's `[T, T]` logits, then its pattern, one after another.
            let scores = workspace.scores.base
            for slot in 0..<rows.count {
                let range = rows.range(slot)
                SequenceAttention.logits(
                    queries: q + range.lowerBound * dHead, keys: k + range.lowerBound * dHead,
                    length: range.count, width: dHead, scale: scale,
                    transposed: workspace.transposedKeys.base, into: scores + scoreStarts[slot])
            }
            if trace {
                recorded?.logits.append((0..<rows.count).map { slot in
                    let t = rows.range(slot).count
                    var shown = Matrix(rows: t, columns: t, copying: scores + scoreStarts[slot])
                    if let visible = masks[h].flags(length: t) {
                        for i in 0..<(t * t) where !visible[i] { shown.values[i] = -.infinity }
                    }
                    return shown
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
                let sequences = runEnd - runStart
                if let visible = masks[h].flags(length: t) {
                    visible.withUnsafeBufferPointer { flags in
                        Softmax.block(
                            block, rows: sequences * t, columns: t, allowed: flags.baseAddress,
                            maskRows: t, extraLogit: head.sinkLogit)
                    }
                } else {
                    Softmax.block(
                        block, rows: sequences * t, columns: t, allowed: nil, maskRows: t,
                        extraLogit: head.sinkLogit)
                }
                runStart = runEnd
            }
            if trace {
                recorded?.patterns.append((0..<rows.count).map { slot in
                    let t = rows.range(slot).count
                    return Matrix(rows: t, columns: t, copying: scores + scoreStarts[slot])
                })
            }
            if dValue > 0 {
                for slot in 0..<rows.count {
                    let range = rows.range(slot)
                    SequenceAttention.mix(
                        pattern: scores + scoreStarts[slot], values: v + range.lowerBound * dValue,
                        length: range.count, width: dValue, into: mixed + range.lowerBound * dValue)
                }
            }
            // [n, dModel]: this head's share, added to the output as a whole.
            let share = workspace.headShare.base
            head.output.apply(to: mixed, rowCount: n, into: share, parallel: parallel)
            for i in 0..<(n * d) { output[i] += share[i] }
        }
        return recorded
    }
}

/// Adds `bias` to each of the `rows` rows (`bias.count` wide) at `target`.
func addRowVector(_ bias: [Float], to target: UnsafeMutablePointer<Float>, rows: Int) {
    let width = bias.count
    bias.withUnsafeBufferPointer { b in
        for r in 0..<rows {
            let row = target + r * width
            for c in 0..<width { row[c] += b[c] }
        }
    }
}
