import Foundation

/// Elementwise activation functions used between linear layers.
public enum Activation: String, Sendable, Codable, CaseIterable, Hashable {
    case relu
    /// `min(1, max(0, x))`, ALTA's discretising MLP activation.
    case clippedReLU = "clipped_relu"
    case sigmoid
    case tanh
    /// No activation.
    case identity

    /// Applies the activation to one value (the reference definition; `apply(to:)` is the
    /// vectorised kernel and agrees with it to a few ulps for sigmoid and tanh and
    /// exactly for the others).
    @inlinable
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .relu: return Swift.max(0, x)
        case .clippedReLU: return Swift.min(1, Swift.max(0, x))
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .tanh: return Foundation.tanh(x)
        case .identity: return x
        }
    }

    /// Applies the activation to every entry of `matrix` in place (a vectorised loop; see
    /// `VectorMath`).
    public func apply(to matrix: inout Matrix) {
        if self == .identity { return }
        let count = matrix.values.count
        matrix.values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            apply(to: base, count: count)
        }
    }

    /// Applies the activation to `count` floats at `pointer` in place.
    public func apply(to pointer: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu:
            // x ≥ 0 ? x : 0, exactly `Swift.max(0, x)` (NaN becomes 0).
            for i in 0..<count {
                let x = pointer[i]
                pointer[i] = x >= 0 ? x : 0
            }
        case .clippedReLU:
            for i in 0..<count {
                let x = pointer[i]
                let positive = x >= 0 ? x : 0
                pointer[i] = positive < 1 ? positive : 1
            }
        case .sigmoid:
            for i in 0..<count { pointer[i] = VectorMath.sigmoid(pointer[i]) }
        case .tanh:
            for i in 0..<count { pointer[i] = VectorMath.tanh(pointer[i]) }
        case .identity:
            return
        }
    }
}
