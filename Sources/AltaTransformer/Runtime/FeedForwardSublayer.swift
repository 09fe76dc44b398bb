import AltaTensors

/// The MLP sublayer of one layer over stacked rows: each linear layer maps every row at
/// once into its own workspace buffer, with its bias (when not all zero) and the
/// activation after every layer but the last — the operations of `FeedForward.apply`.
struct FeedForwardSublayer {
    /// The MLP.
    let feedForward: FeedForward
    /// Whether products may use several threads.
    let parallel: Bool

    /// Runs the MLP on `input` `[n, dModel]`; returns the buffer holding the output
    /// `[n, dModel]` (one of `workspace.mlp`) and, when `trace` is set, each hidden
    /// activation `[slot][layer]` `[T, width]` for the sequences of `rows`.
    func run(
        input: UnsafePointer<Float>, rows: SequenceRows, workspace: ForwardWorkspace, trace: Bool
    ) -> (output: UnsafeMutablePointer<Float>, hidden: [[Matrix]]) {
        let n = rows.totalRows
        var current = input
        var hidden: [[Matrix]] = trace ? Array(repeating: [], count: rows.count) : []
        let last = feedForward.layers.count - 1
        // Only reached for models whose MLP has at least one layer (validated).
        var output = workspace.mlp[last].base
        for (index, layer) in feedForward.layers.enumerated() {
            // [n, layer.outputWidth]
            let out = workspace.mlp[index].base
            layer.weight.apply(to: current, rowCount: n, into: out, parallel: parallel)
            if layer.bias.contains(where: { $0 != 0 }) { addRowVector(layer.bias, to: out, rows: n) }
            if index < last {
                feedForward.activation.apply(to: out, count: n * layer.outputWidth)
                if trace {
                    for slot in 0..<rows.count {
                        hidden[slot].append(
                            workspace.mlp[index].matrix(rows: rows.range(slot), columns: layer.outputWidth))
                    }
                }
            }
            current = UnsafePointer(out)
            output = out
        }
        return (output, hidden)
    }
}
