import AltaTensors
import Foundation

/// Adam (Kingma & Ba) with bias correction, as optax's `adam`:
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `w ← w − lr · m̂ / (√v̂ + ε)` with
/// `m̂ = m / (1 − β₁ᵗ)`, `v̂ = v / (1 − β₂ᵗ)`.
///
/// Both moments of every tensor live in one flat buffer allocated up front (with scratch
/// space for square roots), so a step allocates nothing and each tensor's update runs over
/// contiguous memory.
public struct Adam: Optimizer {
    /// Decay of the first moment.
    public var beta1: Float = 0.9
    /// Decay of the second moment.
    public var beta2: Float = 0.999
    /// Added to the root of the second moment.
    public var epsilon: Float = 1e-8
    /// Steps taken.
    public private(set) var count = 0
    /// Per tensor: its offset in `moments` and its element count.
    private let slots: [(offset: Int, count: Int)]
    /// Per tensor, its first moments then its second moments; then scratch space for the
    /// square roots of the largest tensor.
    private var moments: [Float]
    private let scratchOffset: Int

    /// Zero moments for tensors of these shapes.
    public init(shapes: [[Int]]) {
        var slots: [(offset: Int, count: Int)] = []
        var offset = 0, largest = 0
        for shape in shapes {
            let count = shape.reduce(1, *)
            slots.append((offset, count))
            offset += 2 * count
            largest = max(largest, count)
        }
        self.slots = slots
        scratchOffset = offset
        moments = [Float](repeating: 0, count: offset + largest)
    }

    public mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
        precondition(parameters.count == slots.count && gradients.count == slots.count, "Adam: \(slots.count) tensors expected")
        count += 1
        let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(count)))
        let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(count)))
        let beta1 = self.beta1, beta2 = self.beta2, epsilon = self.epsilon, slots = self.slots, scratchOffset = self.scratchOffset
        moments.withUnsafeMutableBufferPointer { buffer in
            guard let moments = buffer.baseAddress else { return }   // only tensors without elements
            for t in slots.indices {
                let (offset, n) = slots[t]
                guard n > 0 else { continue }
                precondition(parameters[t].values.count == n && gradients[t].values.count == n, "Adam: tensor \(t) changed shape")
                let m = moments + offset, v = m + n
                gradients[t].values.withUnsafeBufferPointer { gradient in
                    parameters[t].values.withUnsafeMutableBufferPointer { weights in
                        guard let g = gradient.baseAddress, let w = weights.baseAddress else { return }
                        Self.update(w, g, m: m, v: v, roots: moments + scratchOffset, count: n, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                    correction1: correction1, correction2: correction2, learningRate: learningRate)
                    }
                }
            }
        }
    }

    /// One tensor's update over `count` elements, in three loops: the moments and `v̂`, the
    /// square roots, the step. Swift's `squareRoot` compiles to a guarded libm call on
    /// Linux, which never vectorises, so it gets a loop of its own (into `roots`, `count`
    /// floats of scratch) and the other two loops vectorise; each value is computed with the
    /// same operations as in one loop.
    private static func update(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                               v: UnsafeMutablePointer<Float>, roots: UnsafeMutablePointer<Float>, count: Int,
                               beta1: Float, beta2: Float, epsilon: Float,
                               correction1: Float, correction2: Float, learningRate: Float) {
        for k in 0..<count {
            m[k] = beta1 * m[k] + (1 - beta1) * g[k]
            v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k]
            roots[k] = v[k] / correction2
        }
        for k in 0..<count { roots[k] = roots[k].squareRoot() }
        for k in 0..<count {
            let mHat = m[k] / correction1
            w[k] -= learningRate * mHat / (roots[k] + epsilon)
        }
    }
}
