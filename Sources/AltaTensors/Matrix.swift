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

    /// `rows · columns`; throws when a dimension is negative or the product overflows.
    /// Check sizes that come from outside (a file, a user) with this before calling
    /// `init(rows:columns:repeating:)`, which traps on them.
    public static func elementCount(rows: Int, columns: Int) throws(TensorError) -> Int {
        guard rows >= 0, columns >= 0 else { throw .invalidShape([rows, columns]) }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        if overflow { throw .invalidShape([rows, columns]) }
        return count
    }

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.values = [Float](repeating: value, count: rows * columns)
    }

    /// A matrix over existing row-major values; throws when a dimension is negative or too
    /// large (`invalidShape`) or the count does not match (`elementCountMismatch`).
    public init(rows: Int, columns: Int, values: [Float]) throws(TensorError) {
        guard values.count == (try Self.elementCount(rows: rows, columns: columns)) else {
            throw .elementCountMismatch(shape: [rows, columns], count: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A `[rows, columns]` matrix whose row-major values `body` writes: it is given the
    /// `rows · columns` floats, uninitialised, and must initialise every one.
    @inlinable
    public init(rows: Int, columns: Int, initializingWith body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        let count = rows * columns
        self.rows = rows
        self.columns = columns
        self.values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
            initialized = count
        }
    }

    /// A matrix from nested rows; throws when rows have different lengths.
    public init(_ nestedRows: [[Float]]) throws(TensorError) {
        let width = nestedRows.first?.count ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(nestedRows.count * width)
        for (index, row) in nestedRows.enumerated() {
            guard row.count == width else {
                throw .shapeMismatch(operation: "Matrix(rows:), row \(index)", left: [width], right: [row.count])
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
        let rows = self.rows
        let columns = self.columns
        let block = 32
        values.withUnsafeBufferPointer { source in
            result.values.withUnsafeMutableBufferPointer { target in
                var r0 = 0
                while r0 < rows {
                    let r1 = Swift.min(rows, r0 + block)
                    var c0 = 0
                    while c0 < columns {
                        let c1 = Swift.min(columns, c0 + block)
                        for r in r0..<r1 {
                            for c in c0..<c1 { target[c * rows + r] = source[r * columns + c] }
                        }
                        c0 = c1
                    }
                    r0 = r1
                }
            }
        }
        return result
    }

    /// Number of entries that are not zero.
    public var nonZeroCount: Int {
        values.withUnsafeBufferPointer { v in
            var count = 0
            for x in v where x != 0 { count += 1 }
            return count
        }
    }

    /// `self @ other` (`[rows, columns] @ [columns, n]`), with the blocked, vectorised,
    /// multithreaded kernel of `Kernels.gemm`.
    public func matmul(_ other: Matrix) throws(TensorError) -> Matrix {
        try matmul(other, transposingRight: false)
    }

    /// `self @ other`, or `self @ otherᵀ` when `transposingRight` (then `other` is
    /// `[n, columns]`), without materialising the transpose.
    public func matmul(_ other: Matrix, transposingRight: Bool) throws(TensorError) -> Matrix {
        let shared = transposingRight ? other.columns : other.rows
        guard columns == shared else {
            throw .shapeMismatch(
                operation: transposingRight ? "matmul (transposed right)" : "matmul",
                left: shape, right: other.shape)
        }
        let n = transposingRight ? other.rows : other.columns
        var result = Matrix(rows: rows, columns: n)
        Kernels.gemm(
            m: rows, n: n, k: columns, a: values, b: other.values, transposeB: transposingRight,
            c: &result.values, accumulate: false)
        return result
    }

    /// Adds `bias` (length `columns`) to every row.
    public mutating func addRowVector(_ bias: [Float]) throws(TensorError) {
        guard bias.count == columns else {
            throw .shapeMismatch(operation: "addRowVector", left: shape, right: [bias.count])
        }
        if columns == 0 { return }
        let columns = self.columns
        let rows = self.rows
        values.withUnsafeMutableBufferPointer { v in
            bias.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns { v[base + c] += b[c] }
                }
            }
        }
    }

    /// Elementwise `self + other`.
    public static func + (lhs: Matrix, rhs: Matrix) throws(TensorError) -> Matrix {
        var result = lhs
        try result += rhs
        return result
    }

    /// Elementwise `lhs += rhs`.
    public static func += (lhs: inout Matrix, rhs: Matrix) throws(TensorError) {
        guard lhs.shape == rhs.shape else {
            throw .shapeMismatch(operation: "+", left: lhs.shape, right: rhs.shape)
        }
        let count = lhs.values.count
        lhs.values.withUnsafeMutableBufferPointer { target in
            rhs.values.withUnsafeBufferPointer { source in
                for i in 0..<count { target[i] += source[i] }
            }
        }
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        var m = Matrix(rows: range.count, columns: columns)
        m.values = Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)])
        return m
    }

    /// Largest absolute difference from `other` (same shape required).
    public func maxAbsDifference(_ other: Matrix) -> Float {
        precondition(shape == other.shape, "maxAbsDifference of different shapes")
        return values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                var worst: Float = 0
                for i in 0..<a.count { worst = Swift.max(worst, Swift.abs(a[i] - b[i])) }
                return worst
            }
        }
    }
}
