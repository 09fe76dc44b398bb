import AltaTensors

/// The MLP sublayer of one layer over stacked positions, on feature-major activations:
/// each linear layer maps all positions at once into its own workspace buffer, with its
/// bias (when not all zero) and the activation after every layer but the last — the
/// operations of `FeedForward.apply` — and the output is added to the residual.
struct FeedForwardSublayer {
    /// The MLP.
    let feedForward: FeedForward
    /// Whether products may use several threads.
    let parallel: Bool

    /// Runs the MLP on `input` (`dModel` features, stride `workspace.stride`) for the
    /// positions of `rows` and adds its output to `residual`; returns, when `trace` is set,
    /// each hidden activation `[slot][layer]` `[T, width]`. `output` is the last linear
    /// layer walked by column, when sparse: its features are then summed and added to the
    /// residual one at a time (unless the input is the residual itself and there is no
    /// hidden layer in between).
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, output: ColumnProjection?, residual: ActivationBuffer,
        workspace: ForwardWorkspace, trace: Bool
    ) -> [[Matrix]] {
        let m = rows.totalRows
        let stride = workspace.stride
        var current = input
        var hidden: [[Matrix]] = trace ? Array(repeating: [], count: rows.count) : []
        let last = feedForward.layers.count - 1
        for (index, layer) in feedForward.layers.enumerated() {
            if index == last, let output, current != UnsafePointer(residual.base) {
                output.accumulate(
                    current, xStride: stride, count: m, into: residual.base, targetStride: stride,
                    scratch: workspace.columnScratch.base)
                return hidden
            }
            let out = workspace.mlp[index]
            layer.weight.applyFeatureMajor(
                to: current, xStride: stride, count: m, into: out.base, outStride: stride,
                parallel: parallel)
            if layer.bias.contains(where: { $0 != 0 }) { out.addBias(layer.bias, count: m) }
            if index < last {
                for f in 0..<layer.outputWidth { feedForward.activation.apply(to: out.feature(f), count: m) }
                if trace {
                    for slot in 0..<rows.count {
                        hidden[slot].append(out.matrix(rows: rows.rows(slot), width: layer.outputWidth))
                    }
                }
            }
            current = UnsafePointer(out.base)
        }
        // Only reached for models whose MLP has at least one layer (validated).
        residual.add(workspace.mlp[last], count: m)
        return hidden
    }
}
