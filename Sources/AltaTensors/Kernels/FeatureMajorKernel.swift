/// `x @ W` for activations stored feature-major: `x` holds `rows` features, feature `p`
/// being the `count` positions at `x + p · xStride`, and the product is written the same
/// way (`columns` features, feature `j` at `out + j · outStride`).
///
/// With positions contiguous, each stored entry `(p, j, w)` of a CSR `W` is one
/// vectorised `out[j, :] += x[p, :] · w` over all positions — no branches and no
/// gathers, however sparse `x` or `W` is. Entries are taken in increasing `p`, so every
/// output element is the sum of its products in increasing input index starting from +0,
/// as in `Kernels.gemm` and `SparseKernel` (zero inputs add ±0, which leaves such a sum
/// unchanged). Large products split the positions into one range per core.
enum FeatureMajorKernel {
    /// Writes `x @ W` for the CSR matrix `matrix` into `out` (overwriting it).
    static func sparse(
        x: UnsafePointer<Float>, xStride: Int, count: Int, matrix: SparseKernel.CSR,
        out: UnsafeMutablePointer<Float>, outStride: Int, parallel: Bool
    ) {
        let entries = matrix.rowStarts[matrix.rows]
        let tasks = parallel && ParallelFor.coreCount > 1 && count * entries >= Kernels.parallelThreshold
            ? min(ParallelFor.coreCount, count) : 1
        ParallelFor.run(tasks, parallel: tasks > 1) { task in
            let first = count * task / tasks
            let end = count * (task + 1) / tasks
            positions(
                x: x + first, xStride: xStride, count: end - first, matrix: matrix, out: out + first,
                outStride: outStride)
        }
    }

    /// The product for `count` positions on the calling thread.
    private static func positions(
        x: UnsafePointer<Float>, xStride: Int, count: Int, matrix: SparseKernel.CSR,
        out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        for j in 0..<matrix.columns { (out + j * outStride).update(repeating: 0, count: count) }
        for q in 0..<matrix.nonEmptyCount {
            let p = Int(matrix.nonEmptyRows[q])
            let input = x + p * xStride
            var e = matrix.rowStarts[p]
            let end = matrix.rowStarts[p + 1]
            while e < end {
                let w = matrix.values[e]
                let target = out + Int(matrix.columnIndices[e]) * outStride
                for i in 0..<count { target[i] += input[i] * w }
                e += 1
            }
        }
    }
}
