@testable import AltaTensors

/// Runs the kernels through the paths a release build takes (blocked SIMD kernels,
/// threads), whatever this build's default (`KernelPaths.build`) is.
enum BlockedKernels {
    /// `a @ b` (or `a @ bᵀ`) through `GemmDriver` with `.bySize` paths.
    static func matmul(_ a: Matrix, _ b: Matrix, transposeB: Bool = false, parallel: Bool = true) -> Matrix {
        let n = transposeB ? b.rows : b.columns
        var c = Matrix(rows: a.rows, columns: n)
        gemm(m: a.rows, n: n, k: a.columns, a: a.values, lda: a.columns, b: b.values,
             ldb: b.columns, transposeB: transposeB, c: &c.values, ldc: n, accumulate: false,
             parallel: parallel)
        return c
    }

    /// `GemmDriver.run` on arrays with `.bySize` paths.
    static func gemm(
        m: Int, n: Int, k: Int, a: [Float], aOffset: Int = 0, lda: Int,
        b: [Float], bOffset: Int = 0, ldb: Int, transposeB: Bool,
        c: inout [Float], cOffset: Int = 0, ldc: Int, accumulate: Bool, parallel: Bool = true
    ) {
        // Non-empty stand-ins keep the pointers valid for empty products.
        let aBuffer = a.isEmpty ? [0] : a
        let bBuffer = b.isEmpty ? [0] : b
        if c.isEmpty { return }
        aBuffer.withUnsafeBufferPointer { ap in
            bBuffer.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    GemmDriver.run(
                        m: m, n: n, k: k, a: ap.baseAddress! + aOffset, lda: lda,
                        b: bp.baseAddress! + bOffset, ldb: ldb, transposeB: transposeB,
                        c: cp.baseAddress! + cOffset, ldc: ldc, accumulate: accumulate,
                        parallel: parallel, paths: .bySize)
                }
            }
        }
    }

    /// `x @ w` through the sparse kernel with `.bySize` paths (tile scheme, threads).
    static func leftMultiply(_ w: SparseMatrix, _ x: Matrix) throws -> Matrix {
        try w.leftMultiplied(by: x, paths: .bySize)
    }
}
