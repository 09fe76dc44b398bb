import AltaTensors

/// A complete transformer: embeddings, layers, unembedding, residual labels, encoders.
///
/// Both compilers produce this value; the forward pass, export, traces and inspection work
/// on it alone. Activations are row vectors (`x @ W`).
public struct TransformerModel: Sendable, Equatable {
    /// `[dVocab, dModel]`: row `i` is added for input token id `i`.
    public var tokenEmbedding: Matrix
    /// `[maxSequenceLength, dModel]`: row `p` is added at position `p`.
    public var positionEmbedding: Matrix
    /// Stacked: one entry per layer. Looped: exactly one shared layer.
    public var layers: [TransformerLayer]
    /// Stacked or looped (with its iteration cap and halting rule).
    public var layout: ModelLayout
    /// `[dModel, dVocabOut]`: output scores are `residual @ unembedding`.
    public var unembedding: WeightMatrix
    /// LayerNorm applied to the final residual, when the model uses LayerNorm.
    public var finalNorm: LayerNormWeights?
    /// Multiplies attention logits (`1/√dHead` in Tracr, `1` in ALTA).
    public var attentionScale: Float
    /// Whether a query sees only keys at or before its own position.
    public var causal: Bool
    /// One label per residual dimension, `name:value` or `name`.
    public var residualLabels: [String]
    /// Token → id.
    public var inputEncoder: InputEncoder
    /// Output scores → values.
    public var outputEncoder: OutputEncoder
    /// User text → input tokens, and output values → result text (exported with the model).
    public var textEncoding: TextEncoding
    /// Free-form facts recorded by the producer (compiler, exact range, program name…),
    /// carried through export.
    public var metadata: [String: String]

    /// Builds a model and checks that every shape fits.
    public init(
        tokenEmbedding: Matrix, positionEmbedding: Matrix, layers: [TransformerLayer],
        layout: ModelLayout = .stacked, unembedding: WeightMatrix,
        attentionScale: Float, causal: Bool = false, finalNorm: LayerNormWeights? = nil,
        residualLabels: [String], inputEncoder: InputEncoder, outputEncoder: OutputEncoder,
        textEncoding: TextEncoding = .tokens, metadata: [String: String] = [:]
    ) throws(ModelError) {
        self.tokenEmbedding = tokenEmbedding
        self.positionEmbedding = positionEmbedding
        self.layers = layers
        self.layout = layout
        self.unembedding = unembedding
        self.attentionScale = attentionScale
        self.causal = causal
        self.finalNorm = finalNorm
        self.residualLabels = residualLabels
        self.inputEncoder = inputEncoder
        self.outputEncoder = outputEncoder
        self.textEncoding = textEncoding
        self.metadata = metadata
        try validate()
    }

    /// Residual width.
    public var dModel: Int { tokenEmbedding.columns }
    /// Number of input token ids.
    public var dVocab: Int { tokenEmbedding.rows }
    /// Number of output columns.
    public var dVocabOut: Int { unembedding.columns }
    /// Longest input, BOS included.
    public var maxSequenceLength: Int { positionEmbedding.rows }
    /// Most heads in any layer.
    public var maxHeads: Int { layers.map(\.heads.count).max() ?? 0 }
    /// Widest query/key projection of any head.
    public var maxDHead: Int { layers.flatMap(\.heads).map(\.dHead).max() ?? 0 }
    /// Widest value projection of any head.
    public var maxDValue: Int { layers.flatMap(\.heads).map(\.dValue).max() ?? 0 }
    /// The MLP depth (number of linear layers), 2 or 4 for compiled models.
    public var mlpDepth: Int { layers.first?.feedForward.depth ?? 2 }
    /// The MLP activation.
    public var mlpActivation: Activation { layers.first?.feedForward.activation ?? .relu }
    /// The widest MLP hidden layer at each depth position, over all layers.
    public var maxMLPHiddenWidths: [Int] {
        var widths = [Int](repeating: 0, count: max(mlpDepth - 1, 0))
        for layer in layers {
            for (i, w) in layer.feedForward.hiddenWidths.enumerated() where i < widths.count {
                widths[i] = max(widths[i], w)
            }
        }
        return widths
    }
    /// Whether LayerNorm is used.
    public var usesLayerNorm: Bool { finalNorm != nil }

    /// Number of parameters (all weights, biases and embeddings, as stored).
    public var parameterCount: Int {
        var total = tokenEmbedding.values.count + positionEmbedding.values.count
        total += unembedding.rows * unembedding.columns
        for layer in layers {
            for h in layer.heads {
                total += h.query.rows * h.query.columns + h.key.rows * h.key.columns
                total += h.value.rows * h.value.columns + h.output.rows * h.output.columns
                total += h.queryBias.count + h.keyBias.count + h.valueBias.count
            }
            total += layer.attentionOutputBias.count
            for l in layer.feedForward.layers { total += l.weight.rows * l.weight.columns + l.bias.count }
        }
        return total
    }

    /// Number of non-zero parameters.
    public var nonZeroCount: Int {
        func nz(_ v: [Float]) -> Int { v.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
        var total = tokenEmbedding.nonZeroCount + positionEmbedding.nonZeroCount + unembedding.nonZeroCount
        for layer in layers {
            for h in layer.heads {
                total += h.query.nonZeroCount + h.key.nonZeroCount + h.value.nonZeroCount + h.output.nonZeroCount
                total += nz(h.queryBias) + nz(h.keyBias) + nz(h.valueBias)
            }
            total += nz(layer.attentionOutputBias)
            for l in layer.feedForward.layers { total += l.weight.nonZeroCount + nz(l.bias) }
        }
        return total
    }

    /// The residual dimension labelled `label`, if any.
    public func residualDimension(of label: String) -> Int? {
        residualLabels.firstIndex(of: label)
    }

    /// Checks that all shapes fit together; called by the initialiser and by import.
    public func validate() throws(ModelError) {
        let d = dModel
        func check(_ ok: Bool, _ reason: @autoclosure () -> String) throws(ModelError) {
            if !ok { throw .inconsistentShape(reason()) }
        }
        try check(d > 0, "d_model must be positive")
        try check(positionEmbedding.columns == d, "position embedding has width \(positionEmbedding.columns), expected \(d)")
        try check(positionEmbedding.rows > 0, "position embedding has no rows")
        try check(residualLabels.count == d, "\(residualLabels.count) residual labels for d_model \(d)")
        try check(inputEncoder.tokens.count == dVocab, "input encoder has \(inputEncoder.tokens.count) tokens but the embedding has \(dVocab) rows")
        try check(unembedding.rows == d, "unembedding has \(unembedding.rows) rows, expected \(d)")
        try check(unembedding.columns == outputEncoder.width, "unembedding has \(unembedding.columns) columns but the output encoder has \(outputEncoder.width) values")
        try check(!layers.isEmpty, "the model has no layers")
        if case let .looped(maxIterations, halting) = layout {
            try check(layers.count == 1, "a looped model has exactly one shared layer, not \(layers.count)")
            try check(maxIterations >= 1, "a looped model needs at least one iteration")
            if let halting {
                try check(halting.dimension >= 0 && halting.dimension < d, "halting dimension \(halting.dimension) is outside d_model \(d)")
            }
        }
        for (l, layer) in layers.enumerated() {
            for (h, head) in layer.heads.enumerated() {
                try check(head.query.rows == d && head.key.rows == d && head.value.rows == d, "layer \(l) head \(h): Q/K/V must read d_model \(d)")
                try check(head.query.columns == head.key.columns, "layer \(l) head \(h): query width \(head.query.columns) differs from key width \(head.key.columns)")
                try check(head.output.rows == head.value.columns && head.output.columns == d, "layer \(l) head \(h): W_O is \(head.output.shape), expected [\(head.value.columns), \(d)]")
                try check(head.queryBias.count == head.query.columns && head.keyBias.count == head.key.columns && head.valueBias.count == head.value.columns, "layer \(l) head \(h): bias widths do not match")
            }
            try check(layer.attentionOutputBias.count == d, "layer \(l): attention output bias has \(layer.attentionOutputBias.count) entries")
            let ff = layer.feedForward
            try check(ff.depth >= 1, "layer \(l): MLP has no layers")
            try check(ff.layers.first?.inputWidth == d && ff.layers.last?.outputWidth == d, "layer \(l): MLP must map d_model to d_model")
            for i in 1..<ff.depth {
                try check(ff.layers[i].inputWidth == ff.layers[i - 1].outputWidth, "layer \(l): MLP layer \(i) input width does not match the previous output")
            }
            for (i, lin) in ff.layers.enumerated() {
                try check(lin.bias.count == lin.outputWidth, "layer \(l): MLP layer \(i) bias width")
            }
            try check(ff.depth == mlpDepth, "layer \(l): MLP depth \(ff.depth) differs from layer 0's \(mlpDepth)")
            try check((layer.attentionNorm != nil) == usesLayerNorm && (layer.feedForwardNorm != nil) == usesLayerNorm, "layer \(l): LayerNorm present in some places but not others")
            for norm in [layer.attentionNorm, layer.feedForwardNorm].compactMap({ $0 }) {
                try check(norm.scale.count == d && norm.shift.count == d, "layer \(l): LayerNorm weights are \(norm.scale.count) and \(norm.shift.count) wide, expected \(d)")
            }
        }
        if let finalNorm {
            try check(finalNorm.scale.count == d && finalNorm.shift.count == d, "final LayerNorm weights are \(finalNorm.scale.count) and \(finalNorm.shift.count) wide, expected \(d)")
        }
    }
}
