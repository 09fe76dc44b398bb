import AltaTensors
import AltaTransformer
import Foundation

/// The attention sublayer of one layer prepared for sparse residuals.
///
/// Queries, keys and values of all heads are computed together from each position's non-zero
/// residual entries (combined `[dModel, Σ width]` row-sparse matrices). Logits come from an
/// inverted index of the keys (key column → positions), so a query only meets the keys it
/// shares a non-zero column with; every other visible key has logit 0. When `exp(0 − max)` is
/// 0 in float32 (always the case in compiled ALTA models, whose sinks sit at λ/2 with λ ≥ 208),
/// those keys have weight exactly 0 and are skipped; otherwise the row is computed densely,
/// exactly as `TransformerModel.forward` does. Sums run in the runtime's order, so results are
/// the same bit for bit.
struct SparseAttentionPlan: Sendable {
    struct Head: Sendable {
        let queryOffset: Int
        let keyOffset: Int
        let width: Int
        let valueOffset: Int
        let valueWidth: Int
        /// Allowed `key − query` offsets, ascending; `nil` = every key.
        let mask: [Int]?
        let sink: Float?
        /// `[valueWidth, dModel]`
        let output: SparseRows
    }

    let heads: [Head]
    /// `[dModel, Σ width]`
    let query: SparseRows
    /// `[dModel, Σ width]`
    let key: SparseRows
    /// `[dModel, Σ valueWidth]`
    let value: SparseRows
    /// Non-zero `(column, bias)` of the combined query, key and value biases.
    let queryBias: [(Int, Float)]
    let keyBias: [(Int, Float)]
    let valueBias: [(Int, Float)]
    /// Non-zero `(dimension, bias)` of the attention output bias.
    let outputBias: [(Int, Float)]
    let scale: Float
    let causal: Bool

    init(layer: TransformerLayer, dModel: Int, scale: Float, causal: Bool) {
        var heads: [Head] = []
        var q: [(row: Int, column: Int, value: Float)] = []
        var k: [(row: Int, column: Int, value: Float)] = []
        var v: [(row: Int, column: Int, value: Float)] = []
        var qb: [Float] = [], kb: [Float] = [], vb: [Float] = []
        for head in layer.heads {
            let qo = qb.count, ko = kb.count, vo = vb.count
            for e in SparseRows.entries(of: head.query) { q.append((e.row, qo + e.column, e.value)) }
            for e in SparseRows.entries(of: head.key) { k.append((e.row, ko + e.column, e.value)) }
            for e in SparseRows.entries(of: head.value) { v.append((e.row, vo + e.column, e.value)) }
            qb += head.queryBias
            kb += head.keyBias
            vb += head.valueBias
            heads.append(Head(
                queryOffset: qo, keyOffset: ko, width: head.dHead, valueOffset: vo, valueWidth: head.dValue,
                mask: head.relativeMask?.allowedOffsets, sink: head.sinkLogit, output: SparseRows(head.output)))
        }
        self.heads = heads
        query = SparseRows(rows: dModel, columns: qb.count, entries: q)
        key = SparseRows(rows: dModel, columns: kb.count, entries: k)
        value = SparseRows(rows: dModel, columns: vb.count, entries: v)
        func nonZero(_ b: [Float]) -> [(Int, Float)] { b.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) } }
        queryBias = nonZero(qb)
        keyBias = nonZero(kb)
        valueBias = nonZero(vb)
        outputBias = nonZero(layer.attentionOutputBias)
        self.scale = scale
        self.causal = causal
    }
}

/// Per-sequence projections of one layer: for each position the non-zero entries of the
/// combined query, key and value vectors, ascending by column.
struct SparseProjections {
    var starts: [Int] = [0]
    var columns: [Int32] = []
    var values: [Float] = []

    mutating func reset() {
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        columns.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// Appends one position: `x @ W + bias` from the non-zero inputs, contributions first and
    /// the bias last (the runtime's order).
    mutating func append(
        input: UnsafeBufferPointer<Float>, indices: [Int32], weights: SparseRows, bias: [(Int, Float)],
        scratch: inout SparseActivations
    ) {
        weights.starts.withUnsafeBufferPointer { starts in
            weights.columns.withUnsafeBufferPointer { cols in
                weights.values.withUnsafeBufferPointer { vals in
                    for p32 in indices {
                        let p = Int(p32)
                        let x = input[p]
                        if x == 0 { continue }
                        for e in Int(starts[p])..<Int(starts[p + 1]) { scratch.add(Int(cols[e]), x * vals[e]) }
                    }
                }
            }
        }
        for (c, b) in bias { scratch.add(c, b) }
        scratch.finish()
        for c in scratch.indices {
            let x = scratch.values[Int(c)]
            if x != 0 {
                columns.append(c)
                values.append(x)
            }
        }
        starts.append(columns.count)
        scratch.clear()
    }

    /// The entry range of `position` whose columns lie in `lower..<upper`.
    func range(position: Int, lower: Int, upper: Int) -> Range<Int> {
        var lo = starts[position]
        let end = starts[position + 1]
        while lo < end && Int(columns[lo]) < lower { lo += 1 }
        var hi = lo
        while hi < end && Int(columns[hi]) < upper { hi += 1 }
        return lo..<hi
    }
}
