/// A sparse matrix's entries regrouped by blocks of output columns, for `SparseKernel`.
///
/// In CSR order the entries of one column chunk are scattered over every row's segment;
/// the tile scheme walks one chunk at a time, so for wide matrices it reads the entries in
/// this chunk-major order instead: all rows' entries of chunk 0, then of chunk 1, and so
/// on — one sequential stream per chunk. Built once with the matrix (only when it is
/// wider than one chunk); columns are stored relative to their chunk in 16 bits.
struct ChunkedEntries: Sendable {
    /// Output columns per chunk (at most 65 536, so relative columns fit `UInt16`).
    let chunkWidth: Int
    /// Number of chunks.
    let chunks: Int
    /// `[chunks · rows + 1]`: the entries of row `p` in chunk `c` are
    /// `starts[c·rows + p] ..< starts[c·rows + p + 1]`.
    let starts: [Int]
    /// `[nonZeroCount]`: each entry's column minus its chunk's first column.
    let columns: [UInt16]
    /// `[nonZeroCount]`: each entry's value.
    let values: [Float]

    /// Regroups the CSR arrays of a `[rows, columns]` matrix by `chunkWidth` columns.
    init(
        rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values csrValues: [Float],
        chunkWidth: Int
    ) {
        precondition(chunkWidth > 0 && chunkWidth <= 1 << 16, "chunk width out of range")
        let chunks = (columns + chunkWidth - 1) / chunkWidth
        let count = csrValues.count
        var starts = [Int](repeating: 0, count: chunks * rows + 1)
        var relative = [UInt16](repeating: 0, count: count)
        var values = [Float](repeating: 0, count: count)
        starts.withUnsafeMutableBufferPointer { s in
            // Count each (chunk, row) cell, then turn the counts into starts.
            for p in 0..<rows {
                for e in rowStarts[p]..<rowStarts[p + 1] {
                    s[Int(columnIndices[e]) / chunkWidth * rows + p + 1] += 1
                }
            }
            for i in 0..<(chunks * rows) { s[i + 1] += s[i] }
            // Rows are visited in order and each row's columns ascend, so every cell
            // receives its entries in ascending column order.
            relative.withUnsafeMutableBufferPointer { r in
                values.withUnsafeMutableBufferPointer { v in
                    var next = Array(s[0..<(chunks * rows)])
                    for p in 0..<rows {
                        for e in rowStarts[p]..<rowStarts[p + 1] {
                            let column = Int(columnIndices[e])
                            let chunk = column / chunkWidth
                            let slot = next[chunk * rows + p]
                            next[chunk * rows + p] = slot + 1
                            r[slot] = UInt16(truncatingIfNeeded: column - chunk * chunkWidth)
                            v[slot] = csrValues[e]
                        }
                    }
                }
            }
        }
        self.chunkWidth = chunkWidth
        self.chunks = chunks
        self.starts = starts
        self.columns = relative
        self.values = values
    }
}
