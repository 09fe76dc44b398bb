import AltaTensors
import Foundation

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
    /// The sequences are not padded: position-wise work (projections, MLPs) runs on all
    /// rows of the batch at once and attention runs within each sequence.
    public func forward(tokenIDs: [[Int]], trace: Bool = false) throws(ModelError) -> ForwardResult {
        for (s, sequence) in tokenIDs.enumerated() {
            guard !sequence.isEmpty else { throw .emptySequence(sequence: s) }
            guard sequence.count <= maxSequenceLength else {
                throw .sequenceTooLong(length: sequence.count, maximum: maxSequenceLength, sequence: s)
            }
            for (p, id) in sequence.enumerated() where id < 0 || id >= dVocab {
                throw .tokenIDOutOfRange(id, vocabularySize: dVocab, sequence: s, position: p)
            }
        }
        do {
            return try forwardValidated(tokenIDs: tokenIDs, trace: trace)
        } catch {
            // Shapes were validated when the model was built, so this is a broken invariant.
            throw .inconsistentShape("\(error)")
        }
    }

    private func forwardValidated(tokenIDs: [[Int]], trace: Bool) throws(TensorError) -> ForwardResult {
        let d = dModel
        let count = tokenIDs.count
        // Per sequence residual streams, kept separately so halted sequences can stop.
        var residuals: [Matrix] = tokenIDs.map { ids in
            var x = Matrix(rows: ids.count, columns: d)
            for (p, id) in ids.enumerated() {
                for c in 0..<d {
                    x.values[p * d + c] = tokenEmbedding.values[id * d + c] + positionEmbedding.values[p * d + c]
                }
            }
            return x
        }
        var layerTraces: [[LayerTrace]] = Array(repeating: [], count: count)
        let embeddings = trace ? residuals : []
        var layersRun = [Int](repeating: 0, count: count)
        var halted = [Bool](repeating: false, count: count)
        var active = Array(0..<count)

        let depth = layout.maxDepth(layerCount: layers.count)
        var haltingRule: HaltingRule? = nil
        if case let .looped(_, rule) = layout { haltingRule = rule }

        for step in 0..<depth where !active.isEmpty {
            let layerIndex: Int
            if case .stacked = layout { layerIndex = step } else { layerIndex = 0 }
            let layer = layers[layerIndex]
            let batch = BatchRows(active.map { residuals[$0] })

            let attention = try attentionSublayer(layer, batch: batch, trace: trace)
            let afterAttention = try batch.stacked + attention.output
            let mlpInput = layer.feedForwardNorm?.apply(to: afterAttention) ?? afterAttention
            let mlp = try layer.feedForward.apply(to: mlpInput, keepHidden: trace)
            let afterMLP = try afterAttention + mlp.output

            for (slot, s) in active.enumerated() {
                let rows = batch.range(slot)
                residuals[s] = afterMLP.rows(rows)
                layersRun[s] += 1
                if trace {
                    layerTraces[s].append(LayerTrace(
                        layer: layerIndex, step: step,
                        afterAttention: afterAttention.rows(rows),
                        attentionLogits: attention.logits.map { $0[slot] },
                        attentionPatterns: attention.patterns.map { $0[slot] },
                        mlpHidden: mlp.hidden.map { $0.rows(rows) },
                        afterMLP: residuals[s]))
                }
            }
            if let rule = haltingRule {
                active.removeAll { s in
                    let x = residuals[s]
                    let done = (0..<x.rows).allSatisfy { x.values[$0 * d + rule.dimension] > rule.threshold }
                    if done { halted[s] = true }
                    return done
                }
            }
        }

        var outputs: [[OutputValue]] = []
        var scores: [Matrix] = []
        var finals: [Matrix] = []
        for s in 0..<count {
            let final = finalNorm?.apply(to: residuals[s]) ?? residuals[s]
            let score = try unembedding.apply(to: final)
            var decoded = (0..<score.rows).map { p in
                outputEncoder.decode(score.values[(p * score.columns)..<((p + 1) * score.columns)])
            }
            if let bos = inputEncoder.bos, !decoded.isEmpty { decoded[0] = .category(bos) }
            outputs.append(decoded)
            scores.append(score)
            finals.append(final)
        }
        let traces = trace
            ? (0..<count).map { SequenceTrace(embedding: embeddings[$0], layers: layerTraces[$0]) }
            : nil
        return ForwardResult(
            outputs: outputs, outputScores: scores, finalResiduals: finals,
            layersRun: layersRun, halted: halted, traces: traces)
    }

    /// Multi-head attention over a batch of sequences stacked row-wise.
    private func attentionSublayer(_ layer: TransformerLayer, batch: BatchRows, trace: Bool)
        throws(TensorError) -> (output: Matrix, logits: [[Matrix]], patterns: [[Matrix]])
    {
        let d = dModel
        let input = layer.attentionNorm?.apply(to: batch.stacked) ?? batch.stacked
        var output = Matrix(rows: input.rows, columns: d)
        try output.addRowVector(layer.attentionOutputBias)
        var allLogits: [[Matrix]] = []
        var allPatterns: [[Matrix]] = []
        for head in layer.heads {
            var q = try head.query.apply(to: input)
            try q.addRowVector(head.queryBias)
            var k = try head.key.apply(to: input)
            try k.addRowVector(head.keyBias)
            var v = try head.value.apply(to: input)
            try v.addRowVector(head.valueBias)
            var mixed = Matrix(rows: input.rows, columns: head.dValue)
            // The mask depends only on the sequence length: build it once per length.
            var visibleByLength: [Int: [Bool]?] = [:]
            var work = 0
            for slot in 0..<batch.count {
                let t = batch.range(slot).count
                if visibleByLength[t] == nil {
                    visibleByLength[t] = AttentionScores.visibility(
                        length: t, causal: causal, mask: head.relativeMask)
                }
                work += t * t * (head.dHead + head.dValue)
            }
            // Many sequences: one sequence per task, each product on its own thread.
            // Few sequences: one after another, each product free to use every core.
            let acrossSequences = batch.count >= 2 * ParallelFor.coreCount
                && work >= Kernels.parallelThreshold
            var headLogits = [Matrix](
                repeating: Matrix(rows: 0, columns: 0), count: trace ? batch.count : 0)
            var headPatterns = headLogits
            let scale = attentionScale
            let sink = head.sinkLogit
            mixed.values.withUnsafeMutableBufferPointer { mixedBuffer in
                headLogits.withUnsafeMutableBufferPointer { logitsOut in
                    headPatterns.withUnsafeMutableBufferPointer { patternsOut in
                        guard let mixedBase = mixedBuffer.baseAddress else { return }
                        // Every task writes only its sequence's rows of `mixed` and its
                        // own trace slots.
                        ParallelFor.run(batch.count, parallel: acrossSequences) { slot in
                            let rows = batch.range(slot)
                            let t = rows.count
                            var scores = AttentionScores.logits(
                                queries: q, keys: k, rows: rows, scale: scale,
                                parallel: !acrossSequences)
                            let visible = visibleByLength[t] ?? nil
                            if trace {
                                var shown = scores
                                if let visible {
                                    for i in 0..<(t * t) where !visible[i] { shown.values[i] = -.infinity }
                                }
                                logitsOut[slot] = shown
                            }
                            Softmax.rows(&scores, allowed: visible, extraLogit: sink)
                            if trace { patternsOut[slot] = scores }
                            AttentionScores.mix(
                                pattern: scores, values: v, rows: rows, into: mixedBase,
                                parallel: !acrossSequences)
                        }
                    }
                }
            }
            try output += head.output.apply(to: mixed)
            allLogits.append(headLogits)
            allPatterns.append(headPatterns)
        }
        return (output, allLogits, allPatterns)
    }
}

/// Several sequences' rows stacked into one matrix, with each sequence's row range.
struct BatchRows {
    let stacked: Matrix
    private let starts: [Int]

    init(_ parts: [Matrix]) {
        let columns = parts.first?.columns ?? 0
        var values: [Float] = []
        values.reserveCapacity(parts.reduce(0) { $0 + $1.values.count })
        var starts = [0]
        for part in parts {
            values.append(contentsOf: part.values)
            starts.append(starts.last! + part.rows)
        }
        // The counts agree by construction.
        stacked = (try? Matrix(rows: starts.last!, columns: columns, values: values))
            ?? Matrix(rows: 0, columns: columns)
        self.starts = starts
    }

    var count: Int { starts.count - 1 }
    func range(_ slot: Int) -> Range<Int> { starts[slot]..<starts[slot + 1] }
}
