/// A dense row-major matrix of `Float`.
///
/// Activations are row vectors and weights multiply on the right (`x @ W`), so a weight
/// matrix is stored `[in, out]`.
public struct Matrix: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `[rows, columns]`, row-major.
    public var values: [Float]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major values; throws when the count does not match.
    public init(rows: Int, columns: Int, values: [Float]) throws(TensorError) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw .elementCountMismatch(shape: [rows, columns], count: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from nested rows; throws when rows have different lengths.
    public init(_ nestedRows: [[Float]]) throws(TensorError) {
        let width = nestedRows.first?.count ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(nestedRows.count * width)
        for row in nestedRows {
            guard row.count == width else {
                throw .shapeMismatch(operation: "Matrix(rows:)", left: [width], right: [row.count])
            }
            flat.append(contentsOf: row)
        }
        self.rows = nestedRows.count
        self.columns = width
        self.values = flat
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.values[i * n + i] = 1 }
        return m
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Element at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as an array.
    public func row(_ index: Int) -> [Float] {
        Array(values[(index * columns)..<((index + 1) * columns)])
    }

    /// The transpose, `[columns, rows]`.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
        }
        return result
    }

    /// Number of entries that are not zero.
    public var nonZeroCount: Int { values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// `self @ other`.
    public func matmul(_ other: Matrix) throws(TensorError) -> Matrix {
        guard columns == other.rows else {
            throw .shapeMismatch(operation: "matmul", left: shape, right: other.shape)
        }
        var result = Matrix(rows: rows, columns: other.columns)
        Kernels.gemm(
            m: rows, n: other.columns, k: columns,
            a: values, b: other.values, c: &result.values, accumulate: false)
        return result
    }

    /// Adds `bias` (length `columns`) to every row.
    public mutating func addRowVector(_ bias: [Float]) throws(TensorError) {
        guard bias.count == columns else {
            throw .shapeMismatch(operation: "addRowVector", left: shape, right: [bias.count])
        }
        if columns == 0 { return }
        values.withUnsafeMutableBufferPointer { v in
            for r in 0..<rows {
                let base = r * columns
                for c in 0..<columns { v[base + c] += bias[c] }
            }
        }
    }

    /// Elementwise `self + other`.
    public static func + (lhs: Matrix, rhs: Matrix) throws(TensorError) -> Matrix {
        guard lhs.shape == rhs.shape else {
            throw .shapeMismatch(operation: "+", left: lhs.shape, right: rhs.shape)
        }
        var result = lhs
        for i in result.values.indices { result.values[i] += rhs.values[i] }
        return result
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        var m = Matrix(rows: range.count, columns: columns)
        m.values = Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)])
        return m
    }

    /// Largest absolute difference from `other` (same shape required).
    public func maxAbsDifference(_ other: Matrix) -> Float {
        precondition(shape == other.shape, "maxAbsDifference of different shapes")
        var worst: Float = 0
        for i in values.indices { worst = max(worst, abs(values[i] - other.values[i])) }
        return worst
    }
}
