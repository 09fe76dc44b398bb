import AltaTensors

/// A hand-assembled one-layer, one-head transformer that outputs, at each position, the
/// token one position earlier — the "previous token head" of interpretability papers,
/// written directly in weights.
///
/// Residual (Tracr-style labels): `indices:0…N`, `one`, `previous:v`, `tokens:BOS`,
/// `tokens:PAD`, `tokens:v`. The query at position p asks for key position p − 1; the value
/// copies `tokens:v` into `previous:v`; the unembedding reads `previous:*`. Position 1
/// (right after BOS) has no real previous token and decodes to null.
public enum CopyPreviousTokenModel {
    /// Builds the model for `vocabulary` and inputs of up to `maxLength` tokens plus BOS.
    public static func make(vocabulary: [String] = ["a", "b", "c"], maxLength: Int = 8) throws(ModelError) -> TransformerModel {
        let positions = maxLength + 1
        let tokens = ["BOS", "PAD"] + vocabulary
        var labels = (0..<positions).map { "indices:\($0)" }
        labels.append("one")
        labels += vocabulary.map { "previous:\($0)" }
        labels += tokens.map { "tokens:\($0)" }
        let d = labels.count
        func dim(_ label: String) -> Int { labels.firstIndex(of: label)! }

        /// [dVocab, dModel]
        var tokenEmbedding = Matrix(rows: tokens.count, columns: d)
        for (id, token) in tokens.enumerated() {
            tokenEmbedding[id, dim("tokens:\(token)")] = 1
            tokenEmbedding[id, dim("one")] = 1
        }
        /// [positions, dModel]
        var positionEmbedding = Matrix(rows: positions, columns: d)
        for p in 0..<positions { positionEmbedding[p, dim("indices:\(p)")] = 1 }

        // Query p → direction p − 1, key p → direction p; a match scores `sharpness`
        // after the 1/√dHead scale.
        let dHead = positions
        let scale = 1 / Float(dHead).squareRoot()
        let sharpness: Float = 40
        /// [dModel, dHead]
        var query = Matrix(rows: d, columns: dHead)
        /// [dModel, dHead]
        var key = Matrix(rows: d, columns: dHead)
        for p in 0..<positions {
            key[dim("indices:\(p)"), p] = 1
            if p > 0 { query[dim("indices:\(p)"), p - 1] = sharpness / scale }
        }
        /// [dModel, dValue]
        var value = Matrix(rows: d, columns: vocabulary.count)
        /// [dValue, dModel]
        var output = Matrix(rows: vocabulary.count, columns: d)
        /// [dModel, dVocabOut]
        var unembedding = Matrix(rows: d, columns: vocabulary.count)
        for (i, token) in vocabulary.enumerated() {
            value[dim("tokens:\(token)"), i] = 1
            output[i, dim("previous:\(token)")] = 1
            unembedding[dim("previous:\(token)"), i] = 1
        }
        let head = AttentionHead(
            query: WeightMatrix(query), key: WeightMatrix(key),
            value: WeightMatrix(value), output: WeightMatrix(output))
        let layer = TransformerLayer(
            heads: [head], feedForward: .empty(dModel: d, depth: 2, activation: .relu))
        return try TransformerModel(
            tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
            layers: [layer], layout: .stacked, unembedding: WeightMatrix(unembedding),
            attentionScale: scale, causal: true, residualLabels: labels,
            inputEncoder: InputEncoder(tokens: tokens, bos: "BOS", pad: "PAD"),
            outputEncoder: .categorical(values: vocabulary),
            metadata: ["example": "copy previous token"])
    }
}
