import AltaTensors

/// One affine map `x @ weight + bias`.
public struct LinearLayer: Sendable, Equatable {
    /// `[in, out]`
    public var weight: WeightMatrix
    /// `[out]`
    public var bias: [Float]

    /// A layer from its weight and bias; the bias defaults to zeros.
    public init(weight: WeightMatrix, bias: [Float]? = nil) {
        self.weight = weight
        self.bias = bias ?? [Float](repeating: 0, count: weight.columns)
    }

    /// Input width.
    public var inputWidth: Int { weight.rows }
    /// Output width.
    public var outputWidth: Int { weight.columns }

    /// `x @ weight + bias` for `x` `[n, in]`.
    public func apply(to x: Matrix) throws(TensorError) -> Matrix {
        var y = try weight.apply(to: x)
        if bias.contains(where: { $0 != 0 }) { try y.addRowVector(bias) }
        return y
    }
}
