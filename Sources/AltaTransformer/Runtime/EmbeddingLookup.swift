import AltaTensors

/// Writes `tokenEmbedding[id] + positionEmbedding[position]` for every position of a group
/// of sequences into its row of a feature-major residual.
///
/// Compiled embeddings are nearly one-hot (a token's and a position's directions and a
/// constant one): the residual is then zeroed and only each row's non-zero entries are
/// written, token first, then the position's added. Where both are zero this gives +0
/// for the reference's `±0 + ±0`, equal as numbers; everywhere else it is the same sum.
/// Denser embeddings are gathered feature by feature.
struct EmbeddingLookup {
    let model: TransformerModel

    /// Rows of an embedding table with at most this many non-zero entries on average (as a
    /// fraction of `dModel`) are written entry by entry.
    static let sparseFraction = 0.25

    func embed(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, into residual: ActivationBuffer) {
        let d = model.dModel
        let tokens = model.tokenEmbedding
        let positions = model.positionEmbedding
        precondition(
            tokens.values.count == tokens.rows * d && positions.values.count == positions.rows * d,
            "embedding values do not match their shapes")
        let sparseLimit = Int(Double(d * (tokens.rows + positions.rows)) * Self.sparseFraction)
        if tokens.nonZeroCount + positions.nonZeroCount <= sparseLimit {
            embedSparse(tokenIDs, rows: rows, into: residual)
        } else {
            embedDense(tokenIDs, rows: rows, into: residual)
        }
    }

    /// Zeroes the residual and writes each row's non-zero token entries, then adds its
    /// non-zero position entries.
    private func embedSparse(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, into residual: ActivationBuffer) {
        let n = rows.totalRows
        let tokens = NonZeroEntries(model.tokenEmbedding)
        let positions = NonZeroEntries(model.positionEmbedding, rows: rows.longest)
        for f in 0..<model.dModel { residual.feature(f).update(repeating: 0, count: n) }
        let base = residual.base
        let stride = residual.stride
        for (slot, ids) in tokenIDs.enumerated() {
            for (p, row) in rows.rows(slot).enumerated() {
                let id = ids[ids.startIndex + p]
                for e in tokens.starts[id]..<tokens.starts[id + 1] {
                    base[tokens.features[e] &* stride &+ row] = tokens.values[e]
                }
                for e in positions.starts[p]..<positions.starts[p + 1] {
                    base[positions.features[e] &* stride &+ row] += positions.values[e]
                }
            }
        }
    }

    /// Gathers every feature of every row: `token[id, f] + position[p, f]`.
    private func embedDense(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, into residual: ActivationBuffer) {
        let d = model.dModel
        let count = rows.totalRows
        // [n] each row's token and position embedding rows, then one feature at a time.
        var tokenRows = [Int](repeating: 0, count: count)
        var positionRows = [Int](repeating: 0, count: count)
        for (slot, ids) in tokenIDs.enumerated() {
            for (p, row) in rows.rows(slot).enumerated() {
                tokenRows[row] = ids[ids.startIndex + p] * d
                positionRows[row] = p * d
            }
        }
        model.tokenEmbedding.values.withUnsafeBufferPointer { token in
            model.positionEmbedding.values.withUnsafeBufferPointer { position in
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

    /// The non-zero entries of the first `rows` rows of a row-major table, row by row.
    private struct NonZeroEntries {
        /// `[rows + 1]`: row `r`'s entries are `starts[r]..<starts[r+1]`.
        var starts: [Int] = [0]
        /// The feature (column) of each entry, ascending within a row.
        var features: [Int] = []
        /// Its value.
        var values: [Float] = []

        init(_ table: Matrix, rows: Int? = nil) {
            let count = min(rows ?? table.rows, table.rows)
            for r in 0..<count {
                for c in 0..<table.columns where table.values[r * table.columns + c] != 0 {
                    features.append(c)
                    values.append(table.values[r * table.columns + c])
                }
                starts.append(features.count)
            }
        }
    }
}
