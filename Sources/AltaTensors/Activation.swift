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

    /// Applies the activation to one value.
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

    /// Applies the activation to every entry of `matrix` in place.
    public func apply(to matrix: inout Matrix) {
        if self == .identity { return }
        for i in matrix.values.indices { matrix.values[i] = self(matrix.values[i]) }
    }
}
