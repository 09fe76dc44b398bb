/// The per-sequence products of attention, on feature-major activations (feature `f` of
/// position `i` at `f · stride + i`; see `ActivationBuffer`): the logits `Q Kᵀ` and the
/// mix `pattern · V`.
///
/// Every element is the sum of its products in increasing index order starting from +0
/// (multiply then add), as in `Kernels.gemm`; terms whose left factor is exactly zero are
/// skipped, which leaves such a sum unchanged (it is never −0, so adding ±0 keeps it) as
/// long as the right factors are finite. Compiled queries and attention patterns are
/// mostly zeros, so this saves most of the work.
enum SequenceAttention {
    /// Writes the row-major `[t, t]` logits `scale · q kᵀ` of one sequence into `logits`:
    /// `q` and `k` point at the sequence's first position of `width` query and key
    /// features.
    static func logits(
        queries q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, stride: Int, length t: Int,
        width: Int, scale: Float, into logits: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<t {
            let row = logits + i * t
            row.update(repeating: 0, count: t)
            for p in 0..<width {
                let a = q[p * stride + i]
                if a == 0 { continue }
                let keys = k + p * stride
                for j in 0..<t { row[j] += a * keys[j] }
            }
            for j in 0..<t { row[j] = row[j] * scale }
        }
    }

    /// Adds `pattern · v` to `mixed`: `pattern` is row-major `[t, t]`; `v` and `mixed`
    /// point at the sequence's first position of `width` features.
    static func mix(
        pattern: UnsafePointer<Float>, values v: UnsafePointer<Float>, stride: Int, length t: Int,
        width: Int, into mixed: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<t {
            let weights = pattern + i * t
            for j in 0..<t {
                let w = weights[j]
                if w == 0 { continue }
                for c in 0..<width { mixed[c * stride + i] += w * v[c * stride + j] }
            }
        }
    }
}
