import AltaTensors

/// The MLP sublayer of one layer over stacked positions, on feature-major activations:
/// each linear layer maps all positions at once into its own workspace buffer, with its
/// bias (when not all zero) and the activation after every layer but the last — the
/// operations of `FeedForward.apply`.
struct FeedForwardSublayer {
    /// The MLP.
    let feedForward: FeedForward
    /// Whether products may use several threads.
    let parallel: Bool

    /// Runs the MLP on `input` (`dModel` features, stride `workspace.stride`) for the
    /// positions of `rows`; returns the buffer holding the output (`dModel` features; one
    /// of `workspace.mlp`) and, when `trace` is set, each hidden activation
    /// `[slot][layer]` `[T, width]`.
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, workspace: ForwardWorkspace, trace: Bool
    ) -> (output: ActivationBuffer, hidden: [[Matrix]]) {
        let m = rows.totalRows
        let stride = workspace.stride
        var current = input
        var hidden: [[Matrix]] = trace ? Array(repeating: [], count: rows.count) : []
        let last = feedForward.layers.count - 1
        // Only reached for models whose MLP has at least one layer (validated).
        var output = workspace.mlp[last]
        for (index, layer) in feedForward.layers.enumerated() {
            let out = workspace.mlp[index]
            layer.weight.applyFeatureMajor(
                to: current, xStride: stride, count: m, into: out.base, outStride: stride,
                parallel: parallel)
            if layer.bias.contains(where: { $0 != 0 }) { out.addBias(layer.bias, count: m) }
            if index < last {
                for f in 0..<layer.outputWidth { feedForward.activation.apply(to: out.feature(f), count: m) }
                if trace {
                    for slot in 0..<rows.count {
                        hidden[slot].append(out.matrix(positions: rows.range(slot), width: layer.outputWidth))
                    }
                }
            }
            current = UnsafePointer(out.base)
            output = out
        }
        return (output, hidden)
    }
}
