/// The column-walked projections (`ColumnProjection`) of one layer, made once per forward
/// pass: each head's output matrix and the MLP's last linear layer, when sparse, and the
/// residual features the attention sublayer can change.
struct LayerProjections {
    /// Per head, its output matrix walked by column (nil when dense).
    let headOutputs: [ColumnProjection?]
    /// The features the attention sublayer writes (a non-zero output bias or an entry of
    /// some head's output matrix), ascending; nil when that is every feature.
    let attentionFeatures: [Int]?
    /// The MLP's last linear layer with its bias, walked by column (nil when dense).
    let mlpOutput: ColumnProjection?

    init(_ layer: TransformerLayer) {
        headOutputs = layer.heads.map { ColumnProjection($0.output, bias: [], addsBias: false) }
        if headOutputs.allSatisfy({ $0 != nil }) {
            var written = Set(layer.attentionOutputBias.indices.filter { layer.attentionOutputBias[$0] != 0 })
            for projection in headOutputs { written.formUnion(projection?.features ?? []) }
            attentionFeatures = written.sorted()
        } else {
            attentionFeatures = nil
        }
        mlpOutput = layer.feedForward.layers.last.flatMap { last in
            ColumnProjection(last.weight, bias: last.bias, addsBias: last.bias.contains { $0 != 0 })
        }
    }
}
