import AltaTensors

/// A row-compressed sparse matrix in the compact form the runner iterates: row `r`'s entries
/// are `starts[r]..<starts[r+1]` of `columns`/`values`, columns ascending.
struct SparseRows: Sendable {
    /// `[rows + 1]`
    let starts: [Int32]
    /// `[entries]`
    let columns: [Int32]
    /// `[entries]`
    let values: [Float]
    let rowCount: Int
    let columnCount: Int

    init(rows: Int, columns columnCount: Int, entries: [(row: Int, column: Int, value: Float)]) {
        var counts = [Int32](repeating: 0, count: rows + 1)
        for e in entries { counts[e.row + 1] += 1 }
        for r in 0..<rows { counts[r + 1] += counts[r] }
        var fill = counts
        var columns = [Int32](repeating: 0, count: entries.count)
        var values = [Float](repeating: 0, count: entries.count)
        for e in entries {
            let slot = Int(fill[e.row])
            columns[slot] = Int32(e.column)
            values[slot] = e.value
            fill[e.row] += 1
        }
        // Sort each row by column (entries usually arrive sorted already).
        for r in 0..<rows {
            let lo = Int(counts[r]), hi = Int(counts[r + 1])
            if hi - lo < 2 { continue }
            var sorted = true
            for i in (lo + 1)..<hi where columns[i - 1] > columns[i] { sorted = false; break }
            if sorted { continue }
            let pairs = (lo..<hi).map { (columns[$0], values[$0]) }.sorted { $0.0 < $1.0 }
            for (k, pair) in pairs.enumerated() {
                columns[lo + k] = pair.0
                values[lo + k] = pair.1
            }
        }
        self.starts = counts
        self.columns = columns
        self.values = values
        self.rowCount = rows
        self.columnCount = columnCount
    }

    /// The entries of a weight matrix `[in, out]`, row by row.
    static func entries(of weight: WeightMatrix) -> [(row: Int, column: Int, value: Float)] {
        var result: [(row: Int, column: Int, value: Float)] = []
        switch weight {
        case .sparse(let s):
            result.reserveCapacity(s.nonZeroCount)
            for r in 0..<s.rows {
                for e in s.rowStarts[r]..<s.rowStarts[r + 1] {
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

    init(_ weight: WeightMatrix) {
        self.init(rows: weight.rows, columns: weight.columns, entries: Self.entries(of: weight))
    }
}
