import AltaTensors

/// An optimiser: turns gradients into parameter updates, keeping its own state per tensor.
public protocol Optimizer: Sendable {
    /// Applies one update to `parameters` from `gradients` (same order and shapes) at
    /// learning rate `learningRate`; the step counter advances by one.
    mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float)
}

extension OptimizerKind {
    /// A fresh optimiser of this kind for tensors shaped like `parameters`; Adafactor with
    /// momentum `adafactorMomentum` (0: none; Adam ignores it).
    public func make(for parameters: [Matrix], adafactorMomentum: Float = 0) -> any Optimizer {
        switch self {
        case .adam: Adam(shapes: parameters.map(\.shape))
        case .adafactor: Adafactor(shapes: parameters.map(\.shape), momentum: adafactorMomentum)
        }
    }
}
