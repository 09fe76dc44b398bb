/// A compressed-sparse-row matrix of `Float`, `[rows, columns]`.
///
/// Compiled weights are mostly zeros; `x @ W` with a sparse `W` touches only the stored
/// entries (and skips zero entries of `x`).
public struct SparseMatrix: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `[rows + 1]`: row `r`'s entries are `rowStarts[r]..<rowStarts[r+1]`.
    public let rowStarts: [Int]
    /// `[nonZeroCount]`: column of each stored entry, ascending within a row.
    public let columnIndices: [Int32]
    /// `[nonZeroCount]`: value of each stored entry.
    public let storedValues: [Float]

    /// Builds the CSR form of `dense`, dropping exact zeros.
    public init(_ dense: Matrix) {
        var starts = [0]
        starts.reserveCapacity(dense.rows + 1)
        var cols: [Int32] = []
        var vals: [Float] = []
        for r in 0..<dense.rows {
            for c in 0..<dense.columns {
                let v = dense.values[r * dense.columns + c]
                if v != 0 {
                    cols.append(Int32(c))
                    vals.append(v)
                }
            }
            starts.append(cols.count)
        }
        self.rows = dense.rows
        self.columns = dense.columns
        self.rowStarts = starts
        self.columnIndices = cols
        self.storedValues = vals
    }

    /// Builds a CSR matrix from its arrays, validating the structure.
    public init(
        rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]
    ) throws(TensorError) {
        guard rows >= 0, columns >= 0, rowStarts.count == rows + 1, rowStarts.first == 0,
            rowStarts.last == columnIndices.count, columnIndices.count == values.count
        else {
            throw .invalidSparseStructure("row starts and entry counts do not agree")
        }
        for r in 0..<rows {
            guard rowStarts[r] <= rowStarts[r + 1] else {
                throw .invalidSparseStructure("row starts decrease at row \(r)")
            }
            var previous: Int32 = -1
            for e in rowStarts[r]..<rowStarts[r + 1] {
                let c = columnIndices[e]
                guard c > previous, Int(c) < columns else {
                    throw .invalidSparseStructure("column index \(c) in row \(r) out of range or order")
                }
                previous = c
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.storedValues = values
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Number of stored (non-zero) entries.
    public var nonZeroCount: Int { storedValues.count }

    /// The dense equivalent.
    public func dense() -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for r in 0..<rows {
            for e in rowStarts[r]..<rowStarts[r + 1] {
                m.values[r * columns + Int(columnIndices[e])] = storedValues[e]
            }
        }
        return m
    }

    /// `x @ self` for a dense `x` `[n, rows]`, giving `[n, columns]`.
    public func leftMultiplied(by x: Matrix) throws(TensorError) -> Matrix {
        guard x.columns == rows else {
            throw .shapeMismatch(operation: "sparse matmul", left: x.shape, right: shape)
        }
        var result = Matrix(rows: x.rows, columns: columns)
        for i in 0..<x.rows {
            for p in 0..<rows {
                let xv = x.values[i * rows + p]
                if xv == 0 { continue }
                for e in rowStarts[p]..<rowStarts[p + 1] {
                    result.values[i * columns + Int(columnIndices[e])] += xv * storedValues[e]
                }
            }
        }
        return result
    }
}
