/// Low-level numeric kernels over raw row-major buffers.
public enum Kernels {
    /// `c = a @ b` (or `c += a @ b` when `accumulate`), with `a` `[m, k]`, `b` `[k, n]`,
    /// `c` `[m, n]`, all row-major.
    public static func gemm(
        m: Int, n: Int, k: Int, a: [Float], b: [Float], c: inout [Float], accumulate: Bool
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n)
        if !accumulate { for i in 0..<(m * n) { c[i] = 0 } }
        for i in 0..<m {
            for p in 0..<k {
                let av = a[i * k + p]
                if av == 0 { continue }
                for j in 0..<n { c[i * n + j] += av * b[p * n + j] }
            }
        }
    }
}
