import AltaTensors
import Foundation

/// LayerNorm parameters (`(x − mean) / sqrt(var + eps) · scale + shift`).
public struct LayerNormWeights: Sendable, Equatable {
    /// `[dModel]`
    public var scale: [Float]
    /// `[dModel]`
    public var shift: [Float]
    /// Added to the variance.
    public var epsilon: Float

    /// LayerNorm weights for width `dModel`, identity scale and zero shift by default.
    public init(scale: [Float], shift: [Float], epsilon: Float = 1e-5) {
        self.scale = scale
        self.shift = shift
        self.epsilon = epsilon
    }

    /// Normalises every row of `x` `[n, dModel]`.
    public func apply(to x: Matrix) -> Matrix {
        var y = x
        let d = x.columns
        guard d > 0 else { return y }
        for r in 0..<x.rows {
            let base = r * d
            var mean: Float = 0
            for c in 0..<d { mean += x.values[base + c] }
            mean /= Float(d)
            var variance: Float = 0
            for c in 0..<d {
                let delta = x.values[base + c] - mean
                variance += delta * delta
            }
            variance /= Float(d)
            let inverse = 1 / Foundation.sqrt(variance + epsilon)
            for c in 0..<d {
                y.values[base + c] = (x.values[base + c] - mean) * inverse * scale[c] + shift[c]
            }
        }
        return y
    }

    /// Normalises `count` positions of feature-major activations (`scale.count` features,
    /// feature `f` of position `i` at `f · stride + i`) from `x` into `y`, which may be the
    /// same buffer. Each position gets exactly the operations of `apply(to:)`, with the
    /// positions side by side in vector loops.
    func applyFeatureMajor(
        count: Int, stride: Int, from x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>
    ) {
        let d = scale.count
        precondition(shift.count == d, "LayerNorm width mismatch")
        if d == 0 || count == 0 { return }
        // [count] each position's mean, then the inverse of its standard deviation.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * count) { scratch in
            guard let mean = scratch.baseAddress else { return }
            let inverse = mean + count
            mean.update(repeating: 0, count: count)
            for f in 0..<d {
                let row = x + f * stride
                for i in 0..<count { mean[i] += row[i] }
            }
            for i in 0..<count { mean[i] /= Float(d) }
            inverse.update(repeating: 0, count: count)
            for f in 0..<d {
                let row = x + f * stride
                for i in 0..<count {
                    let delta = row[i] - mean[i]
                    inverse[i] += delta * delta
                }
            }
            for i in 0..<count { inverse[i] = 1 / Foundation.sqrt(inverse[i] / Float(d) + epsilon) }
            for f in 0..<d {
                let row = x + f * stride
                let out = y + f * stride
                let (a, b) = (scale[f], shift[f])
                for i in 0..<count { out[i] = (row[i] - mean[i]) * inverse[i] * a + b }
            }
        }
    }
}
