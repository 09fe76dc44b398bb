/// The per-sequence products of attention on raw row-major buffers: the logits
/// `Q Kᵀ` and the mix `pattern · V`.
///
/// Every element is the sum of its products in increasing index order starting from zero
/// (multiply then add), as in `Kernels.gemm`; terms whose left factor is exactly zero are
/// skipped, which leaves the sum unchanged (it starts at +0, so adding ±0 keeps it) as
/// long as the right factors are finite — the rule `SparseKernel` follows too. Compiled
/// queries and attention patterns are mostly zeros, so this saves most of the work.
enum SequenceAttention {
    /// Writes the `[t, t]` logits `scale · q kᵀ` of one sequence into `logits`, with `q`
    /// and `k` its `[t, width]` query and key rows; `transposed` is `[width, t]` scratch.
    static func logits(
        queries q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, length t: Int, width: Int,
        scale: Float, transposed: UnsafeMutablePointer<Float>, into logits: UnsafeMutablePointer<Float>
    ) {
        // kᵀ, so that each query's products run along contiguous keys.
        for j in 0..<t {
            for p in 0..<width { transposed[p * t + j] = k[j * width + p] }
        }
        for i in 0..<t {
            let row = logits + i * t
            row.update(repeating: 0, count: t)
            let query = q + i * width
            for p in 0..<width {
                let a = query[p]
                if a == 0 { continue }
                let keys = transposed + p * t
                for j in 0..<t { row[j] += a * keys[j] }
            }
            for j in 0..<t { row[j] = row[j] * scale }
        }
    }

    /// Adds `pattern · v` to `mixed`: `pattern` is `[t, t]`, `v` and `mixed` are `[t, width]`.
    static func mix(
        pattern: UnsafePointer<Float>, values v: UnsafePointer<Float>, length t: Int, width: Int,
        into mixed: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<t {
            let out = mixed + i * width
            let weights = pattern + i * t
            for j in 0..<t {
                let w = weights[j]
                if w == 0 { continue }
                let value = v + j * width
                for c in 0..<width { out[c] += w * value[c] }
            }
        }
    }
}
