/// A dense row-major matrix of `Double`, for exactness checks where `Float` rounding
/// would hide the question being asked (e.g. recomputing a compiled model's margins).
///
/// Same conventions as `Matrix`: activations are rows, weights are `[in, out]`.
public struct MatrixD: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `[rows, columns]`, row-major.
    public var values: [Double]

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.values = [Double](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major values; throws when the count does not match.
    public init(rows: Int, columns: Int, values: [Double]) throws(TensorError) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw .elementCountMismatch(shape: [rows, columns], count: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from nested rows; throws when rows have different lengths.
    public init(_ nestedRows: [[Double]]) throws(TensorError) {
        let width = nestedRows.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(nestedRows.count * width)
        for row in nestedRows {
            guard row.count == width else {
                throw .shapeMismatch(operation: "MatrixD(rows:)", left: [width], right: [row.count])
            }
            flat.append(contentsOf: row)
        }
        self.rows = nestedRows.count
        self.columns = width
        self.values = flat
    }

    /// The exact `Double` copy of a `Float` matrix.
    public init(_ matrix: Matrix) {
        self.rows = matrix.rows
        self.columns = matrix.columns
        self.values = matrix.values.map(Double.init)
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> MatrixD {
        var m = MatrixD(rows: n, columns: n)
        for i in 0..<n { m.values[i * n + i] = 1 }
        return m
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Element at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One row as an array.
    public func row(_ index: Int) -> [Double] {
        Array(values[(index * columns)..<((index + 1) * columns)])
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> MatrixD {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        var m = MatrixD(rows: range.count, columns: columns)
        m.values = Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)])
        return m
    }

    /// The transpose, `[columns, rows]`.
    public func transposed() -> MatrixD {
        var result = MatrixD(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
        }
        return result
    }

    /// Number of entries that are not zero.
    public var nonZeroCount: Int { values.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

    /// `self @ other`: each element is the sequential dot product in `Double`.
    public func matmul(_ other: MatrixD) throws(TensorError) -> MatrixD {
        guard columns == other.rows else {
            throw .shapeMismatch(operation: "matmul", left: shape, right: other.shape)
        }
        let m = rows
        let k = columns
        let n = other.columns
        var result = MatrixD(rows: m, columns: n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        let cRow = i * n
                        for p in 0..<k {
                            let av = a[i * k + p]
                            let bRow = p * n
                            for j in 0..<n { c[cRow + j] += av * b[bRow + j] }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Adds `bias` (length `columns`) to every row.
    public mutating func addRowVector(_ bias: [Double]) throws(TensorError) {
        guard bias.count == columns else {
            throw .shapeMismatch(operation: "addRowVector", left: shape, right: [bias.count])
        }
        for r in 0..<rows {
            for c in 0..<columns { values[r * columns + c] += bias[c] }
        }
    }

    /// Elementwise `self + other`.
    public static func + (lhs: MatrixD, rhs: MatrixD) throws(TensorError) -> MatrixD {
        guard lhs.shape == rhs.shape else {
            throw .shapeMismatch(operation: "+", left: lhs.shape, right: rhs.shape)
        }
        var result = lhs
        for i in result.values.indices { result.values[i] += rhs.values[i] }
        return result
    }

    /// Largest absolute difference from `other` (same shape required).
    public func maxAbsDifference(_ other: MatrixD) -> Double {
        precondition(shape == other.shape, "maxAbsDifference of different shapes")
        var worst: Double = 0
        for i in values.indices { worst = Swift.max(worst, Swift.abs(values[i] - other.values[i])) }
        return worst
    }
}

extension Matrix {
    /// The `Float` rounding of a `Double` matrix.
    public init(_ matrix: MatrixD) {
        self.init(rows: matrix.rows, columns: matrix.columns)
        for i in matrix.values.indices { values[i] = Float(matrix.values[i]) }
    }
}
