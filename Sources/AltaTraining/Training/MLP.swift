import AltaTensors
import Foundation

/// A plain multi-layer perceptron `[input] + [width] × depth + [output]` with one hidden
/// activation and a linear output layer, batched on the dense `Kernels.gemm`.
///
/// Parameters are `parameters[2i]` = layer i's weights `[fanIn, fanOut]` and
/// `parameters[2i + 1]` = its bias `[1, fanOut]`. ``forward(_:)`` is the one forward pass:
/// training keeps its activations (``forwardKeepingActivations(_:)``) and
/// ``backward(activations:outputGradient:)`` turns an output gradient into parameter
/// gradients.
public struct MLP: Sendable, Equatable {
    /// Layer sizes, input first.
    public let sizes: [Int]
    /// Hidden activation.
    public let activation: Activation
    /// Weights and biases, alternating (see the type's description).
    public var parameters: [Matrix]

    /// Number of linear layers.
    public var layerCount: Int { sizes.count - 1 }

    /// A network with the given parameters; throws when their shapes do not follow `sizes`.
    public init(sizes: [Int], activation: Activation, parameters: [Matrix]) throws(TrainingError) {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw .shapeMismatch("an MLP needs at least two positive layer sizes, not \(sizes)")
        }
        guard parameters.count == 2 * (sizes.count - 1) else {
            throw .shapeMismatch("\(sizes.count - 1) layers need \(2 * (sizes.count - 1)) parameter tensors, not \(parameters.count)")
        }
        for i in 0..<(sizes.count - 1) {
            guard parameters[2 * i].shape == [sizes[i], sizes[i + 1]], parameters[2 * i + 1].shape == [1, sizes[i + 1]] else {
                throw .shapeMismatch("layer \(i) parameters are \(parameters[2 * i].shape) and \(parameters[2 * i + 1].shape), "
                    + "expected [\(sizes[i]), \(sizes[i + 1])] and [1, \(sizes[i + 1])]")
            }
        }
        self.sizes = sizes
        self.activation = activation
        self.parameters = parameters
    }

    /// A freshly initialised network (weights from `initialisation`, zero biases), drawn from
    /// `random`.
    public init(sizes: [Int], activation: Activation, initialisation: MLPConfiguration.Initialisation,
                random: inout SplitMix64) throws(TrainingError) {
        var parameters: [Matrix] = []
        for i in 0..<max(0, sizes.count - 1) {
            let fanIn = sizes[i], fanOut = sizes[i + 1]
            let variance: Double = switch initialisation {
            case .he: 2 / Double(fanIn)
            case .xavier: 2 / Double(fanIn + fanOut)
            }
            let scale = Float(variance.squareRoot())
            var w = Matrix(rows: fanIn, columns: fanOut)
            for k in w.values.indices { w.values[k] = scale * Gaussian.sample(&random) }
            parameters.append(w)
            parameters.append(Matrix(rows: 1, columns: fanOut))
        }
        try self.init(sizes: sizes, activation: activation, parameters: parameters)
    }

    // MARK: forward

    /// `[batch, output]` outputs for `[batch, input]` inputs.
    public func forward(_ x: Matrix) throws(TrainingError) -> Matrix {
        try run(x, keep: false).output
    }

    /// The outputs and every layer's input (`activations[0]` = `x`, then each hidden
    /// layer's activated output), for ``backward(activations:outputGradient:)``.
    public func forwardKeepingActivations(_ x: Matrix) throws(TrainingError) -> (output: Matrix, activations: [Matrix]) {
        try run(x, keep: true)
    }

    private func run(_ x: Matrix, keep: Bool) throws(TrainingError) -> (output: Matrix, activations: [Matrix]) {
        guard x.columns == sizes[0] else {
            throw .shapeMismatch("the MLP takes \(sizes[0]) inputs per row, not \(x.columns)")
        }
        var activations: [Matrix] = keep ? [x] : []
        var current = x
        for i in 0..<layerCount {
            var next = Matrix(rows: x.rows, columns: sizes[i + 1])
            Kernels.gemm(m: x.rows, n: sizes[i + 1], k: sizes[i], a: current.values, b: parameters[2 * i].values,
                         c: &next.values, accumulate: false)
            let n = sizes[i + 1], rows = x.rows
            parameters[2 * i + 1].values.withUnsafeBufferPointer { bias in
                next.values.withUnsafeMutableBufferPointer { out in
                    guard let b = bias.baseAddress, let o = out.baseAddress else { return }
                    for r in 0..<rows {
                        let row = o + r * n
                        for c in 0..<n { row[c] += b[c] }
                    }
                }
            }
            if i < layerCount - 1 {
                activation.apply(to: &next)
                if keep { activations.append(next) }
            }
            current = next
        }
        return (current, activations)
    }

    // MARK: backward

    /// The gradients of a loss with respect to every parameter (same order and shapes as
    /// `parameters`), given the activations of ``forwardKeepingActivations(_:)`` and the
    /// loss's gradient with respect to the outputs, `[batch, output]`.
    public func backward(activations: [Matrix], outputGradient: Matrix) -> [Matrix] {
        backward(activations: activations, outputGradient: outputGradient, needsInputGradient: false).parameters
    }

    /// The parameter gradients (as ``backward(activations:outputGradient:)``) and the
    /// gradient with respect to the input, `[batch, input]`, for an MLP inside a larger
    /// network (e.g. the feed-forward of a `SequenceTransformer` block).
    public func backwardWithInputGradient(activations: [Matrix], outputGradient: Matrix) -> (parameters: [Matrix], input: Matrix) {
        let result = backward(activations: activations, outputGradient: outputGradient, needsInputGradient: true)
        return (result.parameters, result.input ?? Matrix(rows: outputGradient.rows, columns: sizes[0]))
    }

    private func backward(activations: [Matrix], outputGradient: Matrix, needsInputGradient: Bool) -> (parameters: [Matrix], input: Matrix?) {
        var gradients = [Matrix](repeating: Matrix(rows: 0, columns: 0), count: parameters.count)
        var delta = outputGradient   // dLoss / d(pre-activation) of layer i
        let batch = outputGradient.rows
        for i in stride(from: layerCount - 1, through: 0, by: -1) {
            let input = activations[i]
            let fanIn = sizes[i], fanOut = sizes[i + 1]
            gradients[2 * i] = Self.weightGradient(input: input, delta: delta)
            gradients[2 * i + 1] = Self.columnSums(delta)
            guard i > 0 || needsInputGradient else { break }
            // dInput = delta · Wᵀ, then (for a hidden layer) through the activation
            // (expressed by its output).
            var dInput = Matrix(rows: batch, columns: fanIn)
            Kernels.gemm(m: batch, n: fanIn, k: fanOut, a: delta.values, b: parameters[2 * i].values, transposeB: true,
                         c: &dInput.values, accumulate: false)
            guard i > 0 else { return (gradients, dInput) }
            Self.multiplyByDerivative(&dInput, activation: activation, output: input)
            delta = dInput
        }
        return (gradients, nil)
    }

    /// `inputᵀ · delta` (`[fanIn, fanOut]`) for `[batch, fanIn]` inputs and `[batch, fanOut]`
    /// deltas. The product needs one side transposed; the narrower side is: `input` when
    /// `fanIn ≤ fanOut`, else `delta`, giving `(deltaᵀ · input)ᵀ`. Both sum the same products
    /// over the batch in the same order, so the choice never changes a result.
    static func weightGradient(input: Matrix, delta: Matrix) -> Matrix {
        let batch = input.rows, fanIn = input.columns, fanOut = delta.columns
        if fanIn <= fanOut {
            var dW = Matrix(rows: fanIn, columns: fanOut)
            Kernels.gemm(m: fanIn, n: fanOut, k: batch, a: input.transposed().values, b: delta.values, c: &dW.values, accumulate: false)
            return dW
        }
        var dWTransposed = Matrix(rows: fanOut, columns: fanIn)
        Kernels.gemm(m: fanOut, n: fanIn, k: batch, a: delta.transposed().values, b: input.values, c: &dWTransposed.values,
                     accumulate: false)
        return dWTransposed.transposed()
    }

    /// The sums of `matrix`'s columns as a `[1, columns]` row (each summed over the rows in
    /// order).
    static func columnSums(_ matrix: Matrix) -> Matrix {
        let rows = matrix.rows, columns = matrix.columns
        var sums = Matrix(rows: 1, columns: columns)
        matrix.values.withUnsafeBufferPointer { source in
            sums.values.withUnsafeMutableBufferPointer { target in
                guard let s = source.baseAddress, let t = target.baseAddress else { return }
                for r in 0..<rows {
                    let row = s + r * columns
                    for c in 0..<columns { t[c] += row[c] }
                }
            }
        }
        return sums
    }

    /// `gradient ← gradient · f′`, elementwise, with `f′` the activation's derivative at the
    /// layer whose activated outputs are `output` (same shape): one loop per activation, so
    /// each runs vectorised.
    static func multiplyByDerivative(_ gradient: inout Matrix, activation: Activation, output: Matrix) {
        let count = gradient.values.count
        output.values.withUnsafeBufferPointer { y in
            gradient.values.withUnsafeMutableBufferPointer { d in
                switch activation {
                case .relu: for k in 0..<count { d[k] *= derivative(.relu, output: y[k]) }
                case .sigmoid: for k in 0..<count { d[k] *= derivative(.sigmoid, output: y[k]) }
                case .tanh: for k in 0..<count { d[k] *= derivative(.tanh, output: y[k]) }
                case .clippedReLU: for k in 0..<count { d[k] *= derivative(.clippedReLU, output: y[k]) }
                case .identity: return
                }
            }
        }
    }

    /// The activation's derivative, written in terms of its output `y`.
    @inline(__always)
    static func derivative(_ activation: Activation, output y: Float) -> Float {
        switch activation {
        case .relu: y > 0 ? 1 : 0
        case .sigmoid: y * (1 - y)
        case .tanh: 1 - y * y
        case .clippedReLU: y > 0 && y < 1 ? 1 : 0
        case .identity: 1
        }
    }
}
