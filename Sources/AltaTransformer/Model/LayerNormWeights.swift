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
        if x.columns == 0 || x.rows == 0 { return y }
        precondition(scale.count == x.columns && shift.count == x.columns, "LayerNorm width mismatch")
        x.values.withUnsafeBufferPointer { source in
            y.values.withUnsafeMutableBufferPointer { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                apply(rows: x.rows, width: x.columns, from: from, to: to)
            }
        }
        return y
    }

    /// Normalises `rows` rows of `width` (= `scale.count`) floats from `x` into `y`
    /// (both row-major; they may be the same buffer).
    func apply(rows: Int, width d: Int, from x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>) {
        precondition(scale.count == d && shift.count == d, "LayerNorm width mismatch")
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                for r in 0..<rows {
                    let row = x + r * d
                    let out = y + r * d
                    var mean: Float = 0
                    for c in 0..<d { mean += row[c] }
                    mean /= Float(d)
                    var variance: Float = 0
                    for c in 0..<d {
                        let delta = row[c] - mean
                        variance += delta * delta
                    }
                    variance /= Float(d)
                    let inverse = 1 / Foundation.sqrt(variance + epsilon)
                    for c in 0..<d { out[c] = (row[c] - mean) * inverse * scale[c] + shift[c] }
                }
            }
        }
    }
}
