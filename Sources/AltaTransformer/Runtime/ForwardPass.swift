import AltaTensors

extension TransformerModel {
    /// Runs the model on token sequences (BOS first when the model has one), returning
    /// decoded outputs, raw scores and, when `trace` is set, per-layer traces.
    public func run(_ sequences: [[String]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        var ids: [[Int]] = []
        ids.reserveCapacity(sequences.count)
        for (index, sequence) in sequences.enumerated() {
            ids.append(try inputEncoder.encode(sequence, maxLength: maxSequenceLength, sequenceIndex: index))
        }
        return try forward(tokenIDs: ids, trace: trace)
    }

    /// Runs the model on encoded sequences of any lengths up to `maxSequenceLength`.
    ///
    /// The sequences are not padded: they are stacked one after another, position-wise work
    /// (projections, MLPs) runs on all rows at once and attention runs within each
    /// sequence. Large batches are split into one group of sequences per core, each run
    /// on its own thread. Every output is computed by the same float operations in the
    /// same order whatever the batch and its split, so a sequence's results do not depend
    /// on the other sequences.
    public func forward(tokenIDs: [[Int]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        // The public weights may have been edited since the model was built; the kernels
        // rely on consistent shapes.
        try validate()
        for (s, sequence) in tokenIDs.enumerated() {
            guard !sequence.isEmpty else { throw .emptySequence(sequence: s) }
            guard sequence.count <= maxSequenceLength else {
                throw .sequenceTooLong(length: sequence.count, maximum: maxSequenceLength, sequence: s)
            }
            for (p, id) in sequence.enumerated() where id < 0 || id >= dVocab {
                throw .tokenIDOutOfRange(id, vocabularySize: dVocab, sequence: s, position: p)
            }
        }
        return forwardValidated(tokenIDs: tokenIDs, trace: trace, groups: sequenceGroups(tokenIDs))
    }

    /// The forward pass of validated inputs, each range of `groups` (contiguous, covering
    /// `tokenIDs` in order) run as one group — concurrently when there are several.
    func forwardValidated(tokenIDs: [[Int]], trace: Bool, groups: [Range<Int>]) -> ForwardResult {
        var parts: [GroupForward.Output?] = Array(repeating: nil, count: groups.count)
        if groups.count == 1 {
            parts[0] = GroupForward(model: self, parallel: true).run(tokenIDs[groups[0]], trace: trace)
        } else {
            parts.withUnsafeMutableBufferPointer { results in
                // Each task writes only its own slot.
                ParallelFor.run(groups.count) { g in
                    results[g] = GroupForward(model: self, parallel: false).run(tokenIDs[groups[g]], trace: trace)
                }
            }
        }
        let done = parts.compactMap { $0 }
        return ForwardResult(
            scores: done.map(\.scores), finals: done.map(\.finals), layersRun: done.flatMap(\.layersRun),
            halted: done.flatMap(\.halted), traces: trace ? done.flatMap(\.traces) : nil,
            outputEncoder: outputEncoder, bos: inputEncoder.bos)
    }

    /// Multiply-adds below which a batch runs as one group on the calling thread. Compiled
    /// RASP models on a batch of 64 need well under a million and finish in tens of
    /// microseconds, where waking other threads costs about as much as it saves (and much
    /// more when the cores are busy); dense models of realistic size are far above.
    static let concurrentGroupThreshold = 1 << 22

    /// Contiguous ranges of `tokenIDs` run as separate groups: one per core (balanced by
    /// rows) when the batch has enough work, else the whole batch.
    func sequenceGroups(_ tokenIDs: [[Int]]) -> [Range<Int>] {
        let count = tokenIDs.count
        let cores = ParallelFor.coreCount
        let totalRows = tokenIDs.reduce(0) { $0 + $1.count }
        guard cores > 1, count > 1,
            Double(totalRows) * estimatedWorkPerRow >= Double(Self.concurrentGroupThreshold)
        else { return [0..<count] }
        let groups = min(cores, count)
        var ranges: [Range<Int>] = []
        var start = 0
        var rowsSoFar = 0
        for (s, sequence) in tokenIDs.enumerated() {
            rowsSoFar += sequence.count
            let remaining = count - s - 1
            let groupsLeft = groups - ranges.count - 1
            // Close the group once it holds its share of the rows, keeping at least one
            // sequence for every group still to come.
            if groupsLeft > 0 && (rowsSoFar * groups >= totalRows * (ranges.count + 1) || remaining == groupsLeft) {
                ranges.append(start..<(s + 1))
                start = s + 1
            }
        }
        ranges.append(start..<count)
        return ranges
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
