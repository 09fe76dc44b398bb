/// Low-level numeric kernels over raw row-major buffers.
///
/// The dense product is blocked, packed and register-tiled (see `GemmDriver`), and split
/// over the cores once it reaches `parallelThreshold` multiply-adds; tiny products, and
/// every product in debug builds (see `KernelPaths`), run as plain loops. Every element of
/// the result is the sequential dot product over the shared dimension (multiply then add,
/// in index order, no fused multiply-add), so results do not depend on the path,
/// blocking, threading, micro-kernel or platform, and agree with the sparse kernel on the
/// same weights. The micro-kernel is the widest this CPU runs (`denseProductKernel`: AVX-512,
/// AVX2, or four-lane SIMD everywhere else), chosen when the process starts.
public enum Kernels {
    /// Multiply-adds (`m · n · k`) from which a dense product is split over the cores.
    public static let parallelThreshold = 1 << 19

    /// Which code runs the dense products of this process, e.g. `avx512 (12 × 16 tiles;
    /// this CPU runs simd4, avx2, avx512)`, or `plain loops (debug build)`. Products of at
    /// most 4,096 multiply-adds take plain loops in every build.
    public static var denseProductKernel: String {
        switch KernelPaths.build {
        case .plainLoops:
            "plain loops (debug build)"
        case .bySize:
            "\(GemmKernel.selected.rawValue) (\(GemmKernel.selected.tileDescription) tiles; this CPU runs "
                + GemmKernel.supported.map(\.rawValue).joined(separator: ", ") + ")"
        }
    }

    /// `c = a @ b` (or `c += a @ b` when `accumulate`), with `a` `[m, k]`, `b` `[k, n]`,
    /// `c` `[m, n]`, all row-major.
    public static func gemm(
        m: Int, n: Int, k: Int, a: [Float], b: [Float], c: inout [Float], accumulate: Bool
    ) {
        gemm(m: m, n: n, k: k, a: a, b: b, transposeB: false, c: &c, accumulate: accumulate)
    }

    /// `c = a @ b` or `c = a @ bᵀ` (`+=` when `accumulate`), with `a` `[m, k]`, `b` `[k, n]`
    /// (or `[n, k]` when `transposeB`), `c` `[m, n]`, all row-major.
    public static func gemm(
        m: Int, n: Int, k: Int, a: [Float], b: [Float], transposeB: Bool,
        c: inout [Float], accumulate: Bool
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative gemm dimension")
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "gemm buffers too small")
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    guard let aBase = ap.baseAddress, let bBase = bp.baseAddress,
                        let cBase = cp.baseAddress
                    else {
                        // An empty buffer: only possible when the product is empty or k == 0.
                        if !accumulate { for i in 0..<(m * n) { cp[i] = 0 } }
                        return
                    }
                    gemm(
                        m: m, n: n, k: k, a: aBase, lda: k, b: bBase, ldb: transposeB ? k : n,
                        transposeB: transposeB, c: cBase, ldc: n, accumulate: accumulate)
                }
            }
        }
    }

    /// `C (+)= A · B` on raw strided buffers: `A` is `m × k` with row stride `lda`, `B` is
    /// `k × n` with row stride `ldb` (or, when `transposeB`, stored `n × k` with row stride
    /// `ldb`), `C` is `m × n` with row stride `ldc`. When `accumulate` is false `C` is
    /// overwritten. `parallel: false` keeps the work on the calling thread.
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, parallel: Bool = true
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative gemm dimension")
        precondition(lda >= k && ldc >= n && ldb >= (transposeB ? k : n), "gemm stride too small")
        GemmDriver.run(
            m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
            c: c, ldc: ldc, accumulate: accumulate, parallel: parallel)
    }
}
