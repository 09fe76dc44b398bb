import AltaTensors

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
final class SparseAttentionPlan: Sendable {
    /// Number of heads.
    let headCount: Int
    /// Per head: query/key width, value width, column offsets in the combined projection
    /// (queries of all heads, then keys, then values), sink logit (NaN = none), and the relative
    /// mask as a range of `maskOffsets` (`maskStarts[h] == -1` = no mask).
    let widths: [Int]
    let valueWidths: [Int]
    let queryOffsets: [Int]
    let keyOffsets: [Int]
    let valueOffsets: [Int]
    let sinks: [Float]
    /// Per head: no mask, not causal, and a sink so high (above 104) that every key sharing no
    /// column with the query has weight exactly 0 in float32 — the common case of compiled
    /// ALTA heads, which the sparse pass takes a short path for.
    let sharpSink: [Bool]
    /// Per head: no mask and not causal, so every query sees the same keys and two queries
    /// with bit-identical projections get the same result (see `AttentionMemo.share`).
    let sharesQueries: [Bool]
    let maskStarts: [Int]
    let maskOffsets: [Int]
    /// `[dModel, Σ(2 × width + valueWidth)]`: `x W_Q | x W_K | x W_V` of every head, for the
    /// segments that must be recomputed every layer.
    let projection: SparseMatrix
    /// Non-zero `(column, bias)` of the combined projection bias (dynamic segments).
    let projectionBias: [(Int, Float)]
    /// The same for the static segments: those that read only residual dimensions no layer
    /// ever writes, so they are computed once per sequence (looped models).
    let staticProjection: SparseMatrix
    let staticProjectionBias: [(Int, Float)]
    /// Per segment (`3 × heads`), whether it is static.
    let segmentIsStatic: [Bool]
    /// Segment boundaries of the combined projection: head `h`'s queries are segment `h`, its
    /// keys `heads + h`, its values `2 × heads + h` (`3 × heads + 1` entries).
    let segmentBounds: [Int]
    /// `[Σ columns]`: the segment of each combined projection column.
    let segmentOf: [Int32]
    /// Per head `[valueWidth, dModel]` output matrices.
    let outputs: [SparseMatrix]
    /// `[Σ valueWidth, dModel]`: every head's `W_O` stacked, usable when no residual column
    /// receives more than one entry (then adding head by head or all at once gives the same
    /// floats).
    let combinedOutput: SparseMatrix?
    /// Non-zero `(dimension, bias)` of the attention output bias.
    let outputBias: [(Int, Float)]
    let scale: Float
    let causal: Bool

    /// - Parameter staticDimensions: per residual dimension, whether no layer ever writes it
    ///   (`nil`: treat everything as changing).
    init(layer: TransformerLayer, dModel: Int, scale: Float, causal: Bool, staticDimensions: [Bool]? = nil) {
        let heads = layer.heads
        headCount = heads.count
        widths = heads.map(\.dHead)
        valueWidths = heads.map(\.dValue)
        var offsets: [Int] = []
        var bounds = [0]
        var total = 0
        for head in heads { offsets.append(total); total += head.dHead; bounds.append(total) }
        queryOffsets = offsets
        offsets = []
        for head in heads { offsets.append(total); total += head.dHead; bounds.append(total) }
        keyOffsets = offsets
        offsets = []
        for head in heads { offsets.append(total); total += head.dValue; bounds.append(total) }
        valueOffsets = offsets
        segmentBounds = bounds
        var segments = [Int32](repeating: 0, count: total)
        for k in 0..<(bounds.count - 1) {
            for c in bounds[k]..<bounds[k + 1] { segments[c] = Int32(k) }
        }
        segmentOf = segments

        var entries: [(row: Int, column: Int, value: Float)] = []
        var bias = [Float](repeating: 0, count: total)
        for (h, head) in heads.enumerated() {
            for e in head.query.nonZeroEntries { entries.append((e.row, queryOffsets[h] + e.column, e.value)) }
            for e in head.key.nonZeroEntries { entries.append((e.row, keyOffsets[h] + e.column, e.value)) }
            for e in head.value.nonZeroEntries { entries.append((e.row, valueOffsets[h] + e.column, e.value)) }
            for (c, b) in head.queryBias.enumerated() { bias[queryOffsets[h] + c] = b }
            for (c, b) in head.keyBias.enumerated() { bias[keyOffsets[h] + c] = b }
            for (c, b) in head.valueBias.enumerated() { bias[valueOffsets[h] + c] = b }
        }
        var isStatic = [Bool](repeating: staticDimensions != nil, count: bounds.count - 1)
        if let staticDimensions {
            for e in entries where !staticDimensions[e.row] { isStatic[Int(segments[e.column])] = false }
        }
        segmentIsStatic = isStatic
        projection = SparseMatrix(rows: dModel, columns: total, entries: entries.filter { !isStatic[Int(segments[$0.column])] })
        staticProjection = SparseMatrix(rows: dModel, columns: total, entries: entries.filter { isStatic[Int(segments[$0.column])] })
        func nonZero(_ b: [Float]) -> [(Int, Float)] {
            b.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
        }
        projectionBias = nonZero(bias).filter { !isStatic[Int(segments[$0.0])] }
        staticProjectionBias = nonZero(bias).filter { isStatic[Int(segments[$0.0])] }
        sinks = heads.map { $0.sinkLogit ?? .nan }
        sharpSink = heads.map { head in
            guard let sink = head.sinkLogit, head.relativeMask == nil, !causal, scale.isFinite else { return false }
            return sink > 104 && VectorMath.exp(0 * scale - sink) == 0
        }
        sharesQueries = heads.map { $0.relativeMask == nil && !causal }
        var starts: [Int] = []
        var masks: [Int] = []
        for head in heads {
            if let mask = head.relativeMask {
                starts.append(masks.count)
                masks += mask.allowedOffsets
            } else {
                starts.append(-1)
            }
        }
        starts.append(masks.count)
        maskStarts = starts
        maskOffsets = masks
        outputs = heads.map { SparseMatrix(rows: $0.output.rows, columns: $0.output.columns, entries: $0.output.nonZeroEntries) }

        var stacked: [(row: Int, column: Int, value: Float)] = []
        var writers = [Int](repeating: 0, count: dModel)
        var rowBase = 0
        for head in heads {
            for e in head.output.nonZeroEntries {
                stacked.append((rowBase + e.row, e.column, e.value))
                writers[e.column] += 1
            }
            rowBase += head.dValue
        }
        combinedOutput = writers.allSatisfy { $0 <= 1 }
            ? SparseMatrix(rows: rowBase, columns: dModel, entries: stacked) : nil
        outputBias = nonZero(layer.attentionOutputBias)
        self.scale = scale
        self.causal = causal
    }

    /// The relative mask of head `h` (allowed `key − query` offsets), or `nil`.
    @inline(__always)
    func mask(_ h: Int) -> Range<Int>? {
        let start = maskStarts[h]
        guard start >= 0 else { return nil }
        var end = maskOffsets.count
        for k in (h + 1)..<maskStarts.count where maskStarts[k] >= 0 { end = maskStarts[k]; break }
        return start..<end
    }
}
