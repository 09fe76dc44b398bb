import AltaTensors

/// An immutable row-compressed sparse matrix in the compact form the runner iterates: row
/// `r`'s entries are `starts[r]..<starts[r+1]` of `columns` / `values`, columns ascending.
/// Storage is allocated once and never written after `init`, so sharing between threads is
/// safe.
final class SparseRows: @unchecked Sendable {
    let rowCount: Int
    let columnCount: Int
    let entryCount: Int
    /// `[rows + 1]`
    let starts: UnsafeMutablePointer<Int32>
    /// `[entries]`
    let columns: UnsafeMutablePointer<Int32>
    /// `[entries]`
    let values: UnsafeMutablePointer<Float>

    init(rows: Int, columns columnCount: Int, entries: [(row: Int, column: Int, value: Float)]) {
        rowCount = rows
        self.columnCount = columnCount
        entryCount = entries.count
        starts = .allocate(capacity: rows + 1)
        starts.initialize(repeating: 0, count: rows + 1)
        columns = .allocate(capacity: max(entries.count, 1))
        values = .allocate(capacity: max(entries.count, 1))
        for e in entries { starts[e.row + 1] += 1 }
        for r in 0..<rows { starts[r + 1] += starts[r] }
        var fill = [Int32](repeating: 0, count: rows)
        for r in 0..<rows { fill[r] = starts[r] }
        for e in entries {
            let slot = Int(fill[e.row])
            (columns + slot).initialize(to: Int32(e.column))
            (values + slot).initialize(to: e.value)
            fill[e.row] += 1
        }
        // Sort each row by column (entries usually arrive sorted already).
        for r in 0..<rows {
            let lo = Int(starts[r]), hi = Int(starts[r + 1])
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
    }

    deinit {
        starts.deallocate()
        columns.deallocate()
        values.deallocate()
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

    convenience init(_ weight: WeightMatrix) {
        self.init(rows: weight.rows, columns: weight.columns, entries: Self.entries(of: weight))
    }

    /// Number of entries in row `r`.
    @inline(__always)
    func rowLength(_ r: Int) -> Int { Int(starts[r + 1] - starts[r]) }
}
