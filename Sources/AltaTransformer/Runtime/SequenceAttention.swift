/// The per-sequence products of attention, on feature-major activations (feature `f` of
/// position `i` at `f · stride + i`; see `ActivationBuffer`): the logits `Q Kᵀ` and the
/// mix `pattern · V`.
///
/// Every element receives its products in increasing shared index starting from +0
/// (multiply then add), as in `Kernels.gemm`, with the inner loops along contiguous
/// positions. The logits skip the query features that are exactly zero at a position
/// (compiled queries are nearly one-hot): a skipped product is ±0, which leaves such a
/// sum unchanged (it is never −0) as long as the keys are finite.
enum SequenceAttention {
    /// Writes the row-major `[t, t]` logits `scale · q kᵀ` of one sequence into `logits`:
    /// `q` and `k` point at the sequence's first position of `width` query and key
    /// features; `scratch` holds at least `width` indices.
    static func logits(
        queries q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, stride: Int, length t: Int,
        width: Int, scale: Float, scratch features: UnsafeMutablePointer<Int>,
        into logits: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<t {
            // The features where this query is non-zero, ascending (found without branches).
            var found = 0
            for p in 0..<width {
                features[found] = p
                found &+= q[p &* stride &+ i] != 0 ? 1 : 0
            }
            let row = logits + i &* t
            for j in 0..<t { row[j] = 0 }
            for index in 0..<found {
                let p = features[index]
                let a = q[p &* stride &+ i]
                let keys = k + p &* stride
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
        for c in 0..<width {
            let values = v + c &* stride
            let out = mixed + c &* stride
            for j in 0..<t {
                let value = values[j]
                for i in 0..<t { out[i] += pattern[i &* t &+ j] * value }
            }
        }
    }
}
