import AltaTensors

/// A sparse `[rows, columns]` matrix of `Double` used by craft maps while they are built.
///
/// Compiled weights are mostly zeros and can be large (ALTA's SCAN lookup table is
/// 2,014 × 70,792), so only non-zero entries are stored, per row. Converted to `Float`
/// (dense or CSR) at assembly.
public struct CraftMatrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `[rows]`: the non-zero entries of each row, keyed by column.
    public private(set) var rowEntries: [[Int: Double]]

    /// The all-zero `[rows, columns]` matrix.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.rowEntries = Array(repeating: [:], count: rows)
    }

    /// A matrix from dense row-major values `[rows][columns]`.
    public init(dense: [[Double]]) {
        let columns = dense.first?.count ?? 0
        self.init(rows: dense.count, columns: columns)
        for (r, row) in dense.enumerated() {
            precondition(row.count == columns, "ragged dense matrix")
            for (c, v) in row.enumerated() where v != 0 { rowEntries[r][c] = v }
        }
    }

    /// The entry at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Double {
        get { rowEntries[row][column] ?? 0 }
        set {
            precondition(column >= 0 && column < columns, "column \(column) out of range")
            rowEntries[row][column] = newValue == 0 ? nil : newValue
        }
    }

    /// Adds `value` to the entry at (`row`, `column`).
    public mutating func add(_ value: Double, row: Int, column: Int) {
        guard value != 0 else { return }
        precondition(column >= 0 && column < columns, "column \(column) out of range")
        let sum = (rowEntries[row][column] ?? 0) + value
        rowEntries[row][column] = sum == 0 ? nil : sum
    }

    /// Adds `entries` (column → value) to row `row` (a plain copy when the row is empty).
    public mutating func addRow(_ row: Int, _ entries: [Int: Double]) {
        if rowEntries[row].isEmpty {
            precondition(entries.keys.allSatisfy { $0 >= 0 && $0 < columns }, "column out of range")
            rowEntries[row] = entries.values.contains(0) ? entries.filter { $0.value != 0 } : entries
        } else {
            for (c, v) in entries { add(v, row: row, column: c) }
        }
    }

    /// Number of non-zero entries.
    public var nonZeroCount: Int { rowEntries.reduce(0) { $0 + $1.count } }

    /// Every non-zero entry as (row, column, value), row-major order.
    public var entries: [(row: Int, column: Int, value: Double)] {
        var result: [(row: Int, column: Int, value: Double)] = []
        for (r, row) in rowEntries.enumerated() {
            for c in row.keys.sorted() { result.append((r, c, row[c]!)) }
        }
        return result
    }

    /// Dense row-major rows.
    public var dense: [[Double]] {
        rowEntries.map { row in
            var out = [Double](repeating: 0, count: columns)
            for (c, v) in row { out[c] = v }
            return out
        }
    }

    /// `self @ other`.
    public func multiplied(by other: CraftMatrix) -> CraftMatrix {
        precondition(columns == other.rows, "matrix product of [\(rows), \(columns)] and [\(other.rows), \(other.columns)]")
        var result = CraftMatrix(rows: rows, columns: other.columns)
        for r in 0..<rows {
            for (k, a) in rowEntries[r] {
                for (c, b) in other.rowEntries[k] { result.add(a * b, row: r, column: c) }
            }
        }
        return result
    }

    /// The transpose.
    public var transposed: CraftMatrix {
        var result = CraftMatrix(rows: columns, columns: rows)
        for (r, row) in rowEntries.enumerated() {
            for (c, v) in row { result[c, r] = v }
        }
        return result
    }

    /// The `Float` weight matrix, stored sparse when at most `sparseFill` of the entries
    /// are non-zero.
    public func weightMatrix(sparseFill: Double = 0.1) -> WeightMatrix {
        let total = rows * columns
        let nonZero = rowEntries.reduce(0) { $0 + $1.values.reduce(0) { $0 + (Float($1) != 0 ? 1 : 0) } }
        if total == 0 || Double(nonZero) <= sparseFill * Double(total) {
            var starts = [0]
            starts.reserveCapacity(rows + 1)
            var columnIndices: [Int32] = []
            var values: [Float] = []
            columnIndices.reserveCapacity(nonZero)
            values.reserveCapacity(nonZero)
            var scratch = [Float](repeating: 0, count: columns)
            for row in rowEntries {
                if row.count > 64 && row.count * 8 > columns {
                    // Wide rows: scatter into a dense scratch row and scan it in order.
                    for (c, v) in row { scratch[c] = Float(v) }
                    for c in 0..<columns where scratch[c] != 0 {
                        columnIndices.append(Int32(c))
                        values.append(scratch[c])
                        scratch[c] = 0
                    }
                } else {
                    for (c, v) in row.sorted(by: { $0.key < $1.key }) {
                        let f = Float(v)
                        if f != 0 {
                            columnIndices.append(Int32(c))
                            values.append(f)
                        }
                    }
                }
                starts.append(columnIndices.count)
            }
            // The structure is built sorted and in range, so validation cannot fail.
            if let sparse = try? SparseMatrix(
                rows: rows, columns: columns, rowStarts: starts, columnIndices: columnIndices, values: values)
            {
                return .sparse(sparse)
            }
        }
        return .dense(floatMatrix())
    }

    /// The dense `Float` matrix.
    public func floatMatrix() -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for (r, row) in rowEntries.enumerated() {
            for (c, v) in row { m.values[r * columns + c] = Float(v) }
        }
        return m
    }
}
