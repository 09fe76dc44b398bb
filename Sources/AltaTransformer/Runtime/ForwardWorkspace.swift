/// The buffers one forward pass over a group of sequences works in, allocated once for
/// the group's rows and the model's widest head and MLP layers, then reused by every
/// layer application.
final class ForwardWorkspace {
    /// `[n, dModel]`: the residual stream of the sequences still running, stacked.
    let residual: RowBuffer
    /// `[n, dModel]`: the LayerNorm of the residual, for models with LayerNorm.
    let normed: RowBuffer
    /// `[n, dModel]`: the attention sublayer's output.
    let attention: RowBuffer
    /// `[n, dModel]`: one head's contribution to the attention output.
    let headShare: RowBuffer
    /// `[n, maxDHead]`
    let queries: RowBuffer
    /// `[n, maxDHead]`
    let keys: RowBuffer
    /// `[n, maxDValue]`
    let values: RowBuffer
    /// `[n, maxDValue]`: the attention-weighted values of one head.
    let mixed: RowBuffer
    /// `[n, longest]` (at least `Σ T²`): every sequence's `[T, T]` logits, then its
    /// attention pattern, one after another.
    let scores: RowBuffer
    /// `[maxDHead, longest]`: one sequence's keys, transposed.
    let transposedKeys: RowBuffer
    /// Per MLP linear layer `[n, widest output at that depth]` (the last is `[n, dModel]`).
    let mlp: [RowBuffer]

    /// Buffers for `rows` stacked rows of sequences at most `longest` long.
    init(model: TransformerModel, rows n: Int, longest: Int) {
        let d = model.dModel
        residual = RowBuffer(count: n * d)
        normed = RowBuffer(count: model.usesLayerNorm ? n * d : 0)
        attention = RowBuffer(count: n * d)
        headShare = RowBuffer(count: n * d)
        var maxDHead = 0
        var maxDValue = 0
        for layer in model.layers {
            for head in layer.heads {
                maxDHead = max(maxDHead, head.dHead)
                maxDValue = max(maxDValue, head.dValue)
            }
        }
        queries = RowBuffer(count: n * maxDHead)
        keys = RowBuffer(count: n * maxDHead)
        values = RowBuffer(count: n * maxDValue)
        mixed = RowBuffer(count: n * maxDValue)
        scores = RowBuffer(count: n * longest)
        transposedKeys = RowBuffer(count: maxDHead * longest)
        var widths = [Int](repeating: 0, count: model.layers.first?.feedForward.layers.count ?? 0)
        for layer in model.layers {
            for (i, linear) in layer.feedForward.layers.enumerated() where i < widths.count {
                widths[i] = max(widths[i], linear.outputWidth)
            }
        }
        mlp = widths.map { RowBuffer(count: n * $0) }
    }
}
