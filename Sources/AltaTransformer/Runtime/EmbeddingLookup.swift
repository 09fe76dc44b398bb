import AltaTensors

/// Writes `tokenEmbedding[id] + positionEmbedding[position]` for every position of a group
/// of sequences into its row of a feature-major residual.
///
/// Compiled embeddings are nearly one-hot (a token's and a position's directions and a
/// constant one): the residual is then zeroed and only each row's non-zero entries are
/// written, token first, then the position's added. Where both are zero this gives +0
/// for the reference's `±0 + ±0`, equal as numbers; everywhere else it is the same sum.
/// Denser embeddings are gathered feature by feature.
struct EmbeddingLookup: Sendable {
    let model: TransformerModel
    /// The non-zero entries of the token and position tables, when they are sparse enough
    /// to be written entry by entry.
    private let sparseTables: (tokens: NonZeroEntries, positions: NonZeroEntries)?

    /// Tables with at most this many non-zero entries (as a fraction of all their
    /// entries) are written entry by entry.
    static let sparseFraction = 0.25
    /// The leading rows of each table whose density decides (a dense table of a large
    /// vocabulary is not scanned whole).
    static let sampledRows = 256

    /// The lookup of `model`'s embeddings (validated shapes).
    init(_ model: TransformerModel) {
        self.model = model
        let tokens = model.tokenEmbedding
        let positions = model.positionEmbedding
        func sparse(_ table: Matrix) -> Bool {
            let sampled = min(table.rows, Self.sampledRows) * table.columns
            let nonZero = table.values[0..<sampled].reduce(0) { $0 + ($1 != 0 ? 1 : 0) }
            return Double(nonZero) <= Double(sampled) * Self.sparseFraction
        }
        sparseTables = sparse(tokens) && sparse(positions) ? (NonZeroEntries(tokens), NonZeroEntries(positions)) : nil
    }

    func embed(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, into residual: ActivationBuffer) {
        if let (tokens, positions) = sparseTables {
            embedSparse(tokenIDs, rows: rows, tokens: tokens, positions: positions, into: residual)
        } else {
            embedDense(tokenIDs, rows: rows, into: residual)
        }
    }

    /// `[n]` each row's token id and position, in row order.
    private func rowInputs(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows) -> (tokens: [Int], positions: [Int]) {
        var tokens = [Int](repeating: 0, count: rows.totalRows)
        var positions = [Int](repeating: 0, count: rows.totalRows)
        for (slot, ids) in tokenIDs.enumerated() {
            for (p, row) in rows.rows(slot).enumerated() {
                tokens[row] = ids[ids.startIndex + p]
                positions[row] = p
            }
        }
        return (tokens, positions)
    }

    /// Zeroes the residual and writes each row's non-zero token entries, then adds its
    /// non-zero position entries, row after row.
    private func embedSparse(
        _ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, tokens: NonZeroEntries, positions: NonZeroEntries,
        into residual: ActivationBuffer
    ) {
        let n = rows.totalRows
        for f in 0..<model.dModel { residual.feature(f).update(repeating: 0, count: n) }
        let base = residual.base
        let stride = residual.stride
        let inputs = rowInputs(tokenIDs, rows: rows)
        inputs.tokens.withUnsafeBufferPointer { rowTokens in
            inputs.positions.withUnsafeBufferPointer { rowPositions in
                tokens.withPointers { tokenStarts, tokenFeatures, tokenValues in
                    positions.withPointers { positionStarts, positionFeatures, positionValues in
                        for row in 0..<n {
                            let id = rowTokens[row]
                            let p = rowPositions[row]
                            for e in tokenStarts[id]..<tokenStarts[id + 1] {
                                base[tokenFeatures[e] &* stride &+ row] = tokenValues[e]
                            }
                            for e in positionStarts[p]..<positionStarts[p + 1] {
                                base[positionFeatures[e] &* stride &+ row] += positionValues[e]
                            }
                        }
                    }
                }
            }
        }
    }

    /// Gathers every feature of every row: `token[id, f] + position[p, f]`.
    private func embedDense(_ tokenIDs: ArraySlice<[Int]>, rows: SequenceRows, into residual: ActivationBuffer) {
        let d = model.dModel
        let count = rows.totalRows
        let inputs = rowInputs(tokenIDs, rows: rows)
        model.tokenEmbedding.values.withUnsafeBufferPointer { token in
            model.positionEmbedding.values.withUnsafeBufferPointer { position in
                inputs.tokens.withUnsafeBufferPointer { rowTokens in
                    inputs.positions.withUnsafeBufferPointer { rowPositions in
                        for c in 0..<d {
                            let target = residual.feature(c)
                            for r in 0..<count {
                                target[r] = token[rowTokens[r] &* d &+ c] + position[rowPositions[r] &* d &+ c]
                            }
                        }
                    }
                }
            }
        }
    }

    /// The non-zero entries of a row-major table, row by row.
    private struct NonZeroEntries {
        /// `[rows + 1]`: row `r`'s entries are `starts[r]..<starts[r+1]`.
        var starts: [Int] = [0]
        /// The feature (column) of each entry, ascending within a row.
        var features: [Int] = []
        /// Its value.
        var values: [Float] = []

        init(_ table: Matrix) {
            for r in 0..<table.rows {
                for c in 0..<table.columns where table.values[r * table.columns + c] != 0 {
                    features.append(c)
                    values.append(table.values[r * table.columns + c])
                }
                starts.append(features.count)
            }
        }

        /// Calls `body` with the three arrays' storage.
        func withPointers(
            _ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Float>) -> Void
        ) {
            starts.withUnsafeBufferPointer { starts in
                features.withUnsafeBufferPointer { features in
                    values.withUnsafeBufferPointer { values in
                        // `starts` is never empty; the others may be, and are then not read.
                        body(starts.baseAddress!, features.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                             values.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                    }
                }
            }
        }
    }
}
