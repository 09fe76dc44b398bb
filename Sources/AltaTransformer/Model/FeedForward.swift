import AltaTensors

/// A position-wise MLP: linear layers with `activation` after every layer but the last.
///
/// Tracr's MLPs have two layers with ReLU; ALTA's discretising MLP has four with the
/// clipped ReLU. A feed-forward whose hidden widths are all zero is an empty sublayer.
public struct FeedForward: Sendable, Equatable {
    /// The layers in order; layer `i` maps width `i` to width `i + 1`
    /// (`[dModel, h1], [h1, h2], …, [hn, dModel]`).
    public var layers: [LinearLayer]
    /// Applied after every layer except the last.
    public var activation: Activation

    /// A feed-forward from its layers.
    public init(layers: [LinearLayer], activation: Activation) {
        self.layers = layers
        self.activation = activation
    }

    /// An MLP with `depth` layers whose hidden widths are zero: it adds nothing.
    public static func empty(dModel: Int, depth: Int, activation: Activation) -> FeedForward {
        var layers: [LinearLayer] = []
        for i in 0..<depth {
            let inWidth = i == 0 ? dModel : 0
            let outWidth = i == depth - 1 ? dModel : 0
            layers.append(LinearLayer(weight: .zeros(rows: inWidth, columns: outWidth)))
        }
        return FeedForward(layers: layers, activation: activation)
    }

    /// The number of linear layers.
    public var depth: Int { layers.count }

    /// The widths between layers (excluding the model width at both ends).
    public var hiddenWidths: [Int] { layers.dropLast().map(\.outputWidth) }

    /// Whether the feed-forward has no hidden units (and so adds nothing).
    public var isEmpty: Bool { hiddenWidths.allSatisfy { $0 == 0 } }

    /// The output for `x` `[n, dModel]`, plus each hidden activation when `keepHidden`.
    public func apply(to x: Matrix, keepHidden: Bool) throws(TensorError) -> (
        output: Matrix, hidden: [Matrix]
    ) {
        var current = x
        var hidden: [Matrix] = []
        for (index, layer) in layers.enumerated() {
            current = try layer.apply(to: current)
            if index < layers.count - 1 {
                activation.apply(to: &current)
                if keepHidden { hidden.append(current) }
            }
        }
        return (current, hidden)
    }
}
