/// The buffers one forward pass over a group of sequences works in, allocated once for
/// the group's positions and the model's widest head and MLP layers, then reused by every
/// layer application (and, through `PreparedModel`, by later passes over as many positions
/// or fewer). Activations are feature-major (`ActivationBuffer`) with one stride `n`, the
/// positions the workspace was made for.
///
/// Unchecked `Sendable`: a workspace is used by one thread at a time, handed out
/// exclusively by `PreparedModel`.
final class ForwardWorkspace: @unchecked Sendable {
    /// Sequences at most this long fit (with at most `stride` positions in all).
    let longest: Int
    /// Positions per feature in every activation buffer.
    let stride: Int
    /// `[dModel, n]`: the residual stream of the sequences still running, stacked.
    let residual: ActivationBuffer
    /// `[dModel, n]`: the LayerNorm of the residual, for models with LayerNorm.
    let normed: ActivationBuffer
    /// `[dModel, n]`: the attention sublayer's output.
    let attention: ActivationBuffer
    /// `[dModel, n]`: one head's contribution to the attention output.
    let headShare: ActivationBuffer
    /// `[maxDHead, n]`
    let queries: ActivationBuffer
    /// `[maxDHead, n]`
    let keys: ActivationBuffer
    /// `[maxDValue, n]`
    let values: ActivationBuffer
    /// `[maxDValue, n]`: the attention-weighted values of one head.
    let mixed: ActivationBuffer
    /// Flat `[n · longest]` (at least `Σ T²`): every sequence's row-major `[T, T]` logits,
    /// then its attention pattern, one after another.
    let scores: ActivationBuffer
    /// `[n]`: one feature being summed by a `ColumnProjection`.
    let columnScratch: ActivationBuffer
    /// Per MLP linear layer `[widest output at that depth, n]` (the last is `[dModel, n]`).
    let mlp: [ActivationBuffer]
    /// Looped models with a halting rule only: `[dModel, n]` final residuals of the
    /// sequences that halted, and `[dModel, n]` where the others move when the stack is
    /// compacted.
    let halted: ActivationBuffer?
    let spare: ActivationBuffer?

    /// Whether a group of `positions` positions of sequences at most `longest` long fits.
    func fits(positions: Int, longest: Int) -> Bool { positions <= stride && longest <= self.longest }

    /// Buffers for `n` positions of sequences at most `longest` long.
    init(model: TransformerModel, positions n: Int, longest: Int) {
        let d = model.dModel
        stride = n
        self.longest = longest
        residual = ActivationBuffer(features: d, positions: n)
        normed = ActivationBuffer(features: model.usesLayerNorm ? d : 0, positions: n)
        attention = ActivationBuffer(features: d, positions: n)
        headShare = ActivationBuffer(features: d, positions: n)
        var maxDHead = 0
        var maxDValue = 0
        for layer in model.layers {
            for head in layer.heads {
                maxDHead = max(maxDHead, head.dHead)
                maxDValue = max(maxDValue, head.dValue)
            }
        }
        queries = ActivationBuffer(features: maxDHead, positions: n)
        keys = ActivationBuffer(features: maxDHead, positions: n)
        values = ActivationBuffer(features: maxDValue, positions: n)
        mixed = ActivationBuffer(features: maxDValue, positions: n)
        scores = ActivationBuffer(features: 1, positions: n * longest)
        columnScratch = ActivationBuffer(features: 1, positions: n)
        var widths = [Int](repeating: 0, count: model.layers.first?.feedForward.layers.count ?? 0)
        for layer in model.layers {
            for (i, linear) in layer.feedForward.layers.enumerated() where i < widths.count {
                widths[i] = max(widths[i], linear.outputWidth)
            }
        }
        mlp = widths.map { ActivationBuffer(features: $0, positions: n) }
        var halts = false
        if case .looped(_, .some) = model.layout { halts = true }
        halted = halts ? ActivationBuffer(features: d, positions: n) : nil
        spare = halts ? ActivationBuffer(features: d, positions: n) : nil
    }
}
