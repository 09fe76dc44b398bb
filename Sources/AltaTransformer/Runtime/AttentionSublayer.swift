import AltaTensors

/// The multi-head attention sublayer of one layer over sequences stacked row-wise.
///
/// Per head: `Q`, `K`, `V` projections of all rows at once (with their biases), then per
/// sequence the `[T, T]` logits `scale · Q Kᵀ`, the masked softmax (with the head's sink)
/// and the mix `pattern · V` — in one scratch matrix reused by every sequence — and
/// finally `mixed · W_O` for all rows, added to the sublayer output. Every float
/// operation, and its order, is that of the per-sequence definition, so the result does
/// not depend on how sequences are grouped into batches.
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
            // [T, T] for the sequence at hand.
            let scores = workspace.scores.base
            var headLogits: [Matrix] = []
            var headPatterns: [Matrix] = []
            for slot in 0..<rows.count {
                let range = rows.range(slot)
                let t = range.count
                let first = range.lowerBound
                Kernels.gemm(
                    m: t, n: t, k: dHead, a: q + first * dHead, lda: dHead,
                    b: k + first * dHead, ldb: dHead, transposeB: true,
                    c: scores, ldc: t, accumulate: false, parallel: parallel)
                for i in 0..<(t * t) { scores[i] = scores[i] * scale }
                let visible = masks[h].flags(length: t)
                if trace {
                    var shown = Matrix(rows: t, columns: t)
                    for i in 0..<(t * t) { shown.values[i] = visible?[i] == false ? -.infinity : scores[i] }
                    headLogits.append(shown)
                }
                if let visible {
                    visible.withUnsafeBufferPointer { flags in
                        for i in 0..<t {
                            Softmax.row(
                                scores + i * t, count: t, allowed: flags.baseAddress.map { $0 + i * t },
                                extraLogit: head.sinkLogit)
                        }
                    }
                } else {
                    for i in 0..<t {
                        Softmax.row(scores + i * t, count: t, allowed: nil, extraLogit: head.sinkLogit)
                    }
                }
                if trace {
                    var pattern = Matrix(rows: t, columns: t)
                    for i in 0..<(t * t) { pattern.values[i] = scores[i] }
                    headPatterns.append(pattern)
                }
                if dValue > 0 {
                    Kernels.gemm(
                        m: t, n: dValue, k: t, a: scores, lda: t, b: v + first * dValue, ldb: dValue,
                        c: mixed + first * dValue, ldc: dValue, accumulate: true, parallel: parallel)
                }
            }
            // [n, dModel]: this head's share, added to the output as a whole.
            let share = workspace.headShare.base
            head.output.apply(to: mixed, rowCount: n, into: share, parallel: parallel)
            for i in 0..<(n * d) { output[i] += share[i] }
            recorded?.logits.append(headLogits)
            recorded?.patterns.append(headPatterns)
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
