import AltaTensors

/// A hand-assembled looped (Universal) transformer with halting: a `done` flag starts at
/// position 0 and spreads one position to the right per iteration; the model halts once
/// every position is done, so a length-T input takes max(1, T − 1) iterations (or stops
/// at the cap).
///
/// One shared layer: a head with a relative mask (offset −1) copies the left neighbour's
/// `done` into `incoming`; the MLP sets `done` from `incoming` and clears `incoming`.
/// The output is numerical: the `done` value at each position.
public enum SpreadingFlagModel {
    /// Builds the model for inputs of up to `maxLength` tokens over `vocabulary`.
    public static func make(vocabulary: [String] = ["0", "1"], maxLength: Int = 16, maxIterations: Int = 32) throws(ModelError) -> TransformerModel {
        let labels = ["done", "incoming"] + vocabulary.map { "tokens:\($0)" }
        let d = labels.count
        let (done, incoming) = (0, 1)
        /// [dVocab, dModel]
        var tokenEmbedding = Matrix(rows: vocabulary.count, columns: d)
        for i in vocabulary.indices { tokenEmbedding[i, 2 + i] = 1 }
        /// [maxLength, dModel]
        var positionEmbedding = Matrix(rows: maxLength, columns: d)
        positionEmbedding[0, done] = 1

        // Only key offset −1 is visible, so the (constant) logits select the left neighbour.
        /// [dModel, 1]
        let zeroQK = Matrix(rows: d, columns: 1)
        /// [dModel, 1]
        var value = Matrix(rows: d, columns: 1)
        value[done, 0] = 1
        /// [1, dModel]
        var output = Matrix(rows: 1, columns: d)
        output[0, incoming] = 1
        let head = AttentionHead(
            query: WeightMatrix(zeroQK), key: WeightMatrix(zeroQK),
            value: WeightMatrix(value), output: WeightMatrix(output),
            relativeMask: RelativePositionMask(allowing: [-1]))

        // hidden 0 = relu(incoming − done) → done += it; hidden 1 = relu(incoming) → incoming −= it.
        /// [dModel, 2]
        var w1 = Matrix(rows: d, columns: 2)
        w1[incoming, 0] = 1
        w1[done, 0] = -1
        w1[incoming, 1] = 1
        /// [2, dModel]
        var w2 = Matrix(rows: 2, columns: d)
        w2[0, done] = 1
        w2[1, incoming] = -1
        let mlp = FeedForward(
            layers: [LinearLayer(weight: WeightMatrix(w1)), LinearLayer(weight: WeightMatrix(w2))],
            activation: .relu)
        /// [dModel, 1]
        var unembedding = Matrix(rows: d, columns: 1)
        unembedding[done, 0] = 1
        return try TransformerModel(
            tokenEmbedding: tokenEmbedding, positionEmbedding: positionEmbedding,
            layers: [TransformerLayer(heads: [head], feedForward: mlp)],
            layout: .looped(maxIterations: maxIterations, halting: HaltingRule(dimension: done, label: "done")),
            unembedding: WeightMatrix(unembedding), attentionScale: 1, residualLabels: labels,
            inputEncoder: InputEncoder(tokens: vocabulary), outputEncoder: .numerical,
            metadata: ["example": "spreading flag (looped, halting)"])
    }
}
