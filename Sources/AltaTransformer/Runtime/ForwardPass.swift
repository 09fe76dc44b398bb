import AltaTensors

extension TransformerModel {
    /// Runs the model on token sequences (BOS first when the model has one), returning
    /// decoded outputs, raw scores and, when `trace` is set, per-layer traces.
    public func run(_ sequences: [[String]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        try PreparedModel(self).run(sequences, trace: trace)
    }

    /// Runs the model on token sequences (BOS first when the model has one) with `options`
    /// (layer cap, halting, threads, trace level, hooks; see `RunOptions`).
    public func run(_ sequences: [[String]], options: RunOptions) throws(ModelError) -> ForwardResult {
        try PreparedModel(self).run(sequences, options: options)
    }

    /// Runs the model on encoded sequences with `options` (see `forward(tokenIDs:trace:)`
    /// and `RunOptions`).
    public func forward(tokenIDs: [[Int]], options: RunOptions) throws(ModelError) -> ForwardResult {
        try PreparedModel(self).forward(tokenIDs: tokenIDs, options: options)
    }

    /// The token ids of `sequences` (BOS first when the model has one).
    func encode(_ sequences: [[String]]) throws(ModelError) -> [[Int]] {
        var ids: [[Int]] = []
        ids.reserveCapacity(sequences.count)
        for (index, sequence) in sequences.enumerated() {
            ids.append(try inputEncoder.encode(sequence, maxLength: maxSequenceLength, sequenceIndex: index))
        }
        return ids
    }

    /// Runs the model on encoded sequences of any lengths up to `maxSequenceLength`.
    ///
    /// The sequences are not padded: they are stacked, position-wise work (projections,
    /// MLPs) runs on all rows at once and attention runs within each sequence (across
    /// equal-length sequences at once). Large batches are split into one group of
    /// sequences per core, each run on its own thread. Every output is computed by the
    /// same float operations in the same order whatever the batch and its split, so a
    /// sequence's results do not depend on the other sequences.
    ///
    /// Each call validates the model and builds the runtime's tables anew; to run a model
    /// many times, prepare it once (`PreparedModel`) and call its `forward`.
    public func forward(tokenIDs: [[Int]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        try PreparedModel(self).forward(tokenIDs: tokenIDs, trace: trace)
    }

    /// Multiply-adds per position for a whole forward pass (every layer application):
    /// stored weight entries of the projections and MLPs plus the attention products at
    /// the longest length.
    var estimatedWorkPerRow: Double {
        func stored(_ w: WeightMatrix) -> Double {
            w.isSparse ? Double(w.nonZeroCount) : Double(w.rows * w.columns)
        }
        var perLayer: [Double] = layers.map { layer in
            var work = 0.0
            for head in layer.heads {
                work += stored(head.query) + stored(head.key) + stored(head.value) + stored(head.output)
                work += Double(maxSequenceLength * (head.dHead + head.dValue))
            }
            for linear in layer.feedForward.layers { work += stored(linear.weight) }
            return work
        }
        if case let .looped(maxIterations, _) = layout {
            perLayer = perLayer.map { $0 * Double(maxIterations) }
        }
        return perLayer.reduce(0, +) + stored(unembedding)
    }
}
