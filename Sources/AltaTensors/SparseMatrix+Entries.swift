extension SparseMatrix {
    /// Builds a CSR matrix from `(row, column, value)` entries in any order (each position
    /// at most once, inside the shape); rows are sorted by column. For the runtime's own
    /// tables, built from validated weights.
    package init(rows: Int, columns: Int, entries: [(row: Int, column: Int, value: Float)]) {
        var starts = [Int](repeating: 0, count: rows + 1)
        for e in entries {
            precondition(e.row >= 0 && e.row < rows && e.column >= 0 && e.column < columns, "entry outside [\(rows), \(columns)]")
            starts[e.row + 1] += 1
        }
        for r in 0..<rows { starts[r + 1] += starts[r] }
        var fill = Array(starts.prefix(rows))
        var cols = [Int32](repeating: 0, count: entries.count)
        var vals = [Float](repeating: 0, count: entries.count)
        for e in entries {
            cols[fill[e.row]] = Int32(e.column)
            vals[fill[e.row]] = e.value
            fill[e.row] += 1
        }
        for r in 0..<rows {
            let lo = starts[r], hi = starts[r + 1]
            if hi - lo < 2 { continue }
            if !(lo + 1..<hi).contains(where: { cols[$0 - 1] > cols[$0] }) { continue }
            let sorted = (lo..<hi).map { (cols[$0], vals[$0]) }.sorted { $0.0 < $1.0 }
            for (k, pair) in sorted.enumerated() {
                cols[lo + k] = pair.0
                vals[lo + k] = pair.1
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowStarts = starts
        self.columnIndices = cols
        self.storedValues = vals
        self.chunked = Self.chunkedLayout(rows: rows, columns: columns, rowStarts: starts, columnIndices: cols, values: vals)
    }

    /// Number of entries in row `r`.
    @inline(__always)
    package func rowLength(_ r: Int) -> Int { rowStarts[r + 1] - rowStarts[r] }
}

extension WeightMatrix {
    /// The non-zero entries `[in, out]`, row by row, columns ascending.
    package var nonZeroEntries: [(row: Int, column: Int, value: Float)] {
        var result: [(row: Int, column: Int, value: Float)] = []
        switch self {
        case .sparse(let s):
            result.reserveCapacity(s.nonZeroCount)
            for r in 0..<s.rows {
                for e in s.rowStarts[r]..<s.rowStarts[r + 1] where s.storedValues[e] != 0 {
                    result.append((r, Int(s.columnIndices[e]), s.storedValues[e]))
                }
            }
        case .dense(let m):
            for r in 0..<m.rows {
                for c in 0..<m.columns where m.values[r * m.columns + c] != 0 {
                    result.append((r, c, m.values[r * m.columns + c]))
                }
            }
        }
        return result
    }
}
