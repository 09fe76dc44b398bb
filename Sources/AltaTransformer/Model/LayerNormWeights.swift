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
}
