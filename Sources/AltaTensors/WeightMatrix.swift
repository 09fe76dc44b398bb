/// A weight matrix `[in, out]` stored dense or sparse; `apply` picks the kernel.
public enum WeightMatrix: Sendable, Equatable, Hashable {
    case dense(Matrix)
    case sparse(SparseMatrix)

    /// Chooses the representation from the fill: sparse when at most `sparseFill` of the
    /// entries are non-zero.
    public init(_ matrix: Matrix, sparseFill: Double = 0.1) {
        let total = matrix.rows * matrix.columns
        if total > 0, Double(matrix.nonZeroCount) <= sparseFill * Double(total) {
            self = .sparse(SparseMatrix(matrix))
        } else {
            self = .dense(matrix)
        }
    }

    /// An all-zero `[rows, columns]` matrix, stored sparse.
    public static func zeros(rows: Int, columns: Int) -> WeightMatrix {
        .sparse(SparseMatrix(Matrix(rows: rows, columns: columns)))
    }

    /// Number of rows (the input width).
    public var rows: Int {
        switch self {
        case let .dense(m): m.rows
        case let .sparse(s): s.rows
        }
    }

    /// Number of columns (the output width).
    public var columns: Int {
        switch self {
        case let .dense(m): m.columns
        case let .sparse(s): s.columns
        }
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Number of non-zero entries.
    public var nonZeroCount: Int {
        switch self {
        case let .dense(m): m.nonZeroCount
        case let .sparse(s): s.nonZeroCount
        }
    }

    /// The dense form.
    public var dense: Matrix {
        switch self {
        case let .dense(m): m
        case let .sparse(s): s.dense()
        }
    }

    /// Whether the matrix is stored sparse.
    public var isSparse: Bool {
        if case .sparse = self { return true }
        return false
    }

    /// `x @ self` for `x` `[n, rows]`, giving `[n, columns]`.
    public func apply(to x: Matrix) throws(TensorError) -> Matrix {
        switch self {
        case let .dense(m): try x.matmul(m)
        case let .sparse(s): try s.leftMultiplied(by: x)
        }
    }

    /// `x @ self` for activations stored feature-major: `x` holds `rows` features of
    /// `count` positions each, feature `p` at `x + p · xStride`; the `columns` features of
    /// the product are written (overwriting) at `out + j · outStride`. Every element is
    /// the sum of its products in increasing input index, as in `apply(to:)`.
    /// `parallel: false` keeps the work on the calling thread.
    public func applyFeatureMajor(
        to x: UnsafePointer<Float>, xStride: Int, count: Int, into out: UnsafeMutablePointer<Float>,
        outStride: Int, parallel: Bool
    ) {
        precondition(xStride >= count && outStride >= count, "feature stride shorter than the positions")
        switch self {
        case let .sparse(s):
            s.multiplyFeatureMajor(
                x, xStride: xStride, count: count, into: out, outStride: outStride, parallel: parallel)
        case let .dense(m):
            precondition(m.values.count == m.rows * m.columns, "matrix values do not match its shape")
            let (rows, columns) = (m.rows, m.columns)
            if count * (rows + columns) < rows * columns {
                // Few positions: transpose them to rows, multiply, transpose back.
                var input = [Float](repeating: 0, count: count * rows)
                for p in 0..<rows {
                    for i in 0..<count { input[i * rows + p] = x[p * xStride + i] }
                }
                var product = [Float](repeating: 0, count: count * columns)
                input.withUnsafeBufferPointer { a in
                    m.values.withUnsafeBufferPointer { b in
                        product.withUnsafeMutableBufferPointer { c in
                            // Non-empty: the branch needs rows, columns and positions.
                            guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress
                            else { return }
                            Kernels.gemm(
                                m: count, n: columns, k: rows, a: a, lda: rows, b: b, ldb: columns,
                                c: c, ldc: columns, accumulate: false, parallel: parallel)
                        }
                    }
                }
                for j in 0..<columns {
                    for i in 0..<count { out[j * outStride + i] = product[i * columns + j] }
                }
                return
            }
            // outᵀ = Wᵀ · xᵀ, with xᵀ the feature-major input as stored.
            let transposed = m.transposed()
            transposed.values.withUnsafeBufferPointer { w in
                guard let wBase = w.baseAddress else {
                    // An empty weight: no columns, or no rows (the product is all zeros).
                    for j in 0..<columns { (out + j * outStride).update(repeating: 0, count: count) }
                    return
                }
                Kernels.gemm(
                    m: columns, n: count, k: rows, a: wBase, lda: rows, b: x, ldb: xStride,
                    c: out, ldc: outStride, accumulate: false, parallel: parallel)
            }
        }
    }
}
