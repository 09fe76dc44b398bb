import Foundation

/// Multi-head scaled dot-product self-attention over batches of equal-length sequences,
/// forward and backward, on row-major buffers: the core of a `SequenceTransformer` block
/// (the projections around it are `Kernels.gemm` products).
///
/// Rows are `[batch · length, dModel]` with sequence `b`'s position `i` at row `b · length + i`;
/// head `h` owns columns `h · dHead ..< (h + 1) · dHead`. Scores are
/// `q_i · k_j / √dHead + bias[h, clamp(j − i, −range, range) + range]` (the bias only with
/// relative positions), masked to `j ≤ i` when causal, softmaxed over `j`.
struct SelfAttention {
    let batch: Int
    let length: Int
    let heads: Int
    let dModel: Int
    let causal: Bool
    /// Relative distances beyond ±`range` share the outermost bias (0 without relative bias).
    let range: Int

    var dHead: Int { dModel / heads }
    var buckets: Int { 2 * range + 1 }

    /// The bias bucket of key `j` seen from query `i`.
    @inline(__always) func bucket(_ i: Int, _ j: Int) -> Int { min(range, max(-range, j - i)) + range }

    /// The heads' outputs `[batch · length, dModel]` and the attention probabilities
    /// `[batch, heads, length, length]` (zero where masked).
    func forward(q: [Float], k: [Float], v: [Float], bias: [Float]?) -> (output: [Float], probabilities: [Float]) {
        let t = length, d = dModel, dh = dHead
        let scale = 1 / Float(dh).squareRoot()
        var output = [Float](repeating: 0, count: batch * t * d)
        var probabilities = [Float](repeating: 0, count: batch * heads * t * t)
        var scores = [Float](repeating: 0, count: t)
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<t {
                    let qRow = (b * t + i) * d + h * dh
                    let last = causal ? i : t - 1
                    var maxScore = -Float.infinity
                    for j in 0...last {
                        let kRow = (b * t + j) * d + h * dh
                        var s: Float = 0
                        for c in 0..<dh { s += q[qRow + c] * k[kRow + c] }
                        s *= scale
                        if let bias { s += bias[h * buckets + bucket(i, j)] }
                        scores[j] = s
                        maxScore = max(maxScore, s)
                    }
                    var total: Float = 0
                    for j in 0...last {
                        scores[j] = Foundation.exp(scores[j] - maxScore)
                        total += scores[j]
                    }
                    let pRow = ((b * heads + h) * t + i) * t
                    for j in 0...last {
                        let p = scores[j] / total
                        probabilities[pRow + j] = p
                        let vRow = (b * t + j) * d + h * dh
                        for c in 0..<dh { output[qRow + c] += p * v[vRow + c] }
                    }
                }
            }
        }
        return (output, probabilities)
    }

    /// The gradients with respect to `q`, `k`, `v` and the relative bias (`[heads, buckets]`,
    /// empty without bias), given the forward's probabilities and the gradient of its
    /// output.
    func backward(q: [Float], k: [Float], v: [Float], probabilities: [Float], outputGradient dOut: [Float], hasBias: Bool)
        -> (q: [Float], k: [Float], v: [Float], bias: [Float]) {
        let t = length, d = dModel, dh = dHead
        let scale = 1 / Float(dh).squareRoot()
        var dq = [Float](repeating: 0, count: q.count)
        var dk = [Float](repeating: 0, count: k.count)
        var dv = [Float](repeating: 0, count: v.count)
        var dBias = [Float](repeating: 0, count: hasBias ? heads * buckets : 0)
        var dp = [Float](repeating: 0, count: t)
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<t {
                    let qRow = (b * t + i) * d + h * dh
                    let pRow = ((b * heads + h) * t + i) * t
                    let last = causal ? i : t - 1
                    // dP_ij = dO_i · v_j; dV_j += P_ij dO_i.
                    var dot: Float = 0
                    for j in 0...last {
                        let vRow = (b * t + j) * d + h * dh
                        let p = probabilities[pRow + j]
                        var s: Float = 0
                        for c in 0..<dh {
                            s += dOut[qRow + c] * v[vRow + c]
                            dv[vRow + c] += p * dOut[qRow + c]
                        }
                        dp[j] = s
                        dot += p * s
                    }
                    // Through the softmax: dS_ij = P_ij (dP_ij − Σ_k P_ik dP_ik).
                    for j in 0...last {
                        let ds = probabilities[pRow + j] * (dp[j] - dot)
                        if hasBias { dBias[h * buckets + bucket(i, j)] += ds }
                        let kRow = (b * t + j) * d + h * dh
                        let g = ds * scale
                        for c in 0..<dh {
                            dq[qRow + c] += g * k[kRow + c]
                            dk[kRow + c] += g * q[qRow + c]
                        }
                    }
                }
            }
        }
        return (dq, dk, dv, dBias)
    }
}
