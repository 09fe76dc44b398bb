import AltaTensors

/// A position-wise MLP in craft form: linear maps with `activation` after every map but
/// the last. Tracr's MLPs have two maps and ReLU; ALTA's have four and the clipped ReLU.
///
/// The first map reads residual directions, the last writes residual directions; the
/// spaces in between are hidden neurons, named so that MLPs combined in parallel share
/// (and add) neurons with equal names.
public struct MLP: Sendable, Hashable {
    /// The maps in order; map `i + 1` reads map `i`'s output space.
    public var layers: [Linear]
    /// Applied after every map except the last.
    public var activation: Activation
    /// A name for diagnostics.
    public var name: String

    /// An MLP from its maps, which must chain (`layers[i].output == layers[i+1].input`).
    public init(name: String = "", layers: [Linear], activation: Activation = .relu) throws(CraftError) {
        guard !layers.isEmpty else { throw .incompatibleMaps("MLP '\(name)' has no layers") }
        for i in 1..<layers.count where layers[i].input != layers[i - 1].output {
            throw .incompatibleMaps(
                "MLP '\(name)': layer \(i) reads \(layers[i].input.count) directions but layer \(i - 1) writes \(layers[i - 1].output.count) different ones")
        }
        self.name = name
        self.layers = layers
        self.activation = activation
    }

    /// Tracr's two-layer ReLU MLP `snd(ReLU(fst(x)))`.
    public init(name: String = "", first: Linear, second: Linear) throws(CraftError) {
        try self.init(name: name, layers: [first, second], activation: .relu)
    }

    /// The residual directions read.
    public var inputSpace: VectorSpace { layers[0].input }
    /// The residual directions written.
    public var outputSpace: VectorSpace { layers[layers.count - 1].output }
    /// The hidden spaces, in order.
    public var hiddenSpaces: [VectorSpace] { layers.dropLast().map(\.output) }
    /// Every residual direction read or written.
    public var residualSpace: VectorSpace { VectorSpace.join([inputSpace, outputSpace]) }
    /// Number of linear maps.
    public var depth: Int { layers.count }

    /// MLPs side by side (Tracr's `MLP.combine_in_parallel`): each layer position is
    /// combined with ``Linear/combineInParallel(_:)``, so hidden neurons are unioned by
    /// name and sorted, and equally named neurons are shared (their weights add).
    public static func combineInParallel(_ mlps: [MLP], name: String = "") throws(CraftError) -> MLP {
        guard let first = mlps.first else { throw .incompatibleMaps("no MLPs to combine") }
        for m in mlps {
            guard m.depth == first.depth, m.activation == first.activation else {
                throw .incompatibleMaps(
                    "MLP '\(m.name)' (depth \(m.depth), \(m.activation)) cannot run beside '\(first.name)' (depth \(first.depth), \(first.activation))")
            }
        }
        if mlps.count == 1, first.layers.allSatisfy({ map in
            map.input.isSorted && map.output.isSorted && !map.bias.contains { $0 == 0 && $0.sign == .minus }
        }) {
            // One MLP over sorted spaces (and no −0 bias, which combining turns into +0):
            // combining would rebuild the same maps.
            return try MLP(name: name, layers: first.layers, activation: first.activation)
        }
        let layers = (0..<first.depth).map { i in Linear.combineInParallel(mlps.map { $0.layers[i] }) }
        return try MLP(name: name, layers: layers, activation: first.activation)
    }

    /// The MLP's output for the residual vector `x` (activation in `Double`).
    public func apply(_ x: VectorInBasis) -> VectorInBasis {
        var current = x
        for (i, layer) in layers.enumerated() {
            current = layer.apply(current)
            if i < layers.count - 1 {
                current = VectorInBasis(current.components.mapValues { Double(activation(Float($0))) })
            }
        }
        return current
    }
}
