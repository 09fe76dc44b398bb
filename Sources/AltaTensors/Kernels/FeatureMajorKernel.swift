/// `x @ W` for activations stored feature-major: `x` holds `rows` features, feature `p`
/// being the `count` positions at `x + p · xStride`, and the product is written the same
/// way (`columns` features, feature `j` at `out + j · outStride`).
///
/// With positions contiguous, each stored entry `(p, j, w)` of a CSR `W` is one
/// vectorised `out[j, :] += x[p, :] · w` over all positions — no branches and no
/// gathers, however sparse `x` or `W` is. Entries are taken in increasing `p`, so every
/// output element is the sum of its products in increasing input index starting from +0,
/// as in `Kernels.gemm` and `SparseKernel` (zero inputs add ±0, which leaves such a sum
/// unchanged). Matrices wider than one column chunk (`SparseKernel.columnChunk`) are
/// walked one chunk of output features at a time, through their chunk-major entries, so
/// the outputs being updated stay in cache. Large products split the positions into one
/// range per core.
enum FeatureMajorKernel {
    /// Writes `x @ W` for the CSR matrix `matrix` into `out` (overwriting it); `chunked`
    /// is the matrix's chunk-major layout, required when it is wider than one chunk.
    static func sparse(
        x: UnsafePointer<Float>, xStride: Int, count: Int, matrix: SparseKernel.CSR,
        chunked: SparseKernel.EntryLayout?, out: UnsafeMutablePointer<Float>, outStride: Int,
        parallel: Bool
    ) {
        precondition(chunked != nil || matrix.columns <= SparseKernel.columnChunk, "wide matrices need the chunked layout")
        let entries = matrix.rowStarts[matrix.rows]
        let tasks = parallel && ParallelFor.coreCount > 1 && count * entries >= Kernels.parallelThreshold
            ? min(ParallelFor.coreCount, count) : 1
        ParallelFor.run(tasks, parallel: tasks > 1) { task in
            let first = count * task / tasks
            let end = count * (task + 1) / tasks
            positions(
                x: x + first, xStride: xStride, count: end - first, matrix: matrix, chunked: chunked,
                out: out + first, outStride: outStride)
        }
    }

    /// The product for `count` positions on the calling thread.
    private static func positions(
        x: UnsafePointer<Float>, xStride: Int, count: Int, matrix: SparseKernel.CSR,
        chunked: SparseKernel.EntryLayout?, out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        for j in 0..<matrix.columns { (out + j * outStride).update(repeating: 0, count: count) }
        let chunkWidth = SparseKernel.columnChunk
        let chunks = chunked == nil ? 1 : (matrix.columns + chunkWidth - 1) / chunkWidth
        for chunk in 0..<chunks {
            for q in 0..<matrix.nonEmptyCount {
                let p = Int(matrix.nonEmptyRows[q])
                let input = x + p * xStride
                if let chunked, let relative = chunked.chunkColumns {
                    let starts = chunked.starts + chunk * matrix.rows
                    let firstColumn = chunk * chunkWidth
                    for e in starts[p]..<starts[p + 1] {
                        let w = chunked.values[e]
                        let target = out + (firstColumn + Int(relative[e])) * outStride
                        for i in 0..<count { target[i] += input[i] * w }
                    }
                } else {
                    for e in matrix.rowStarts[p]..<matrix.rowStarts[p + 1] {
                        let w = matrix.values[e]
                        let target = out + Int(matrix.columnIndices[e]) * outStride
                        for i in 0..<count { target[i] += input[i] * w }
                    }
                }
            }
        }
    }
}
