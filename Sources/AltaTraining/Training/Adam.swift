import AltaTensors
import Foundation

/// Adam (Kingma & Ba) with bias correction, as optax's `adam`:
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `w ← w − lr · m̂ / (√v̂ + ε)` with
/// `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`.
public struct Adam: Optimizer {
    /// Decay of the first moment.
    public var beta1: Float = 0.9
    /// Decay of the second moment.
    public var beta2: Float = 0.999
    /// Added to the root of the second moment.
    public var epsilon: Float = 1e-8
    /// Steps taken.
    public private(set) var count = 0
    private var m: [[Float]]
    private var v: [[Float]]

    /// Zero moments for tensors of these shapes.
    public init(shapes: [[Int]]) {
        m = shapes.map { [Float](repeating: 0, count: $0.reduce(1, *)) }
        v = m
    }

    public mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
        count += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(count)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(count)))
        for t in parameters.indices {
            let g = gradients[t].values
            for k in g.indices {
                m[t][k] = beta1 * m[t][k] + (1 - beta1) * g[k]
                v[t][k] = beta2 * v[t][k] + (1 - beta2) * g[k] * g[k]
                let mHat = m[t][k] / correction1
                let vHat = v[t][k] / correction2
                parameters[t].values[k] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
            }
        }
    }
}
