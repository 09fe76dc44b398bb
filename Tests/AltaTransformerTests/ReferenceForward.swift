import AltaTensors
@testable import AltaTransformer

/// The forward pass as it was first written — one matrix per sequence and per head,
/// `Matrix`-level operations, a fresh residual batch per layer — kept as the bit-exact
/// reference for the stacked runtime (`GroupForward`): both must perform the same float
/// operations in the same order, so their results are compared with `==`.
enum ReferenceForward {
    /// Everything a forward pass computes, per sequence, in plain arrays.
    struct Result: Equatable {
        var outputs: [[OutputValue]]
        var outputScores: [Matrix]
        var finalResiduals: [Matrix]
        var layersRun: [Int]
        var halted: [Bool]
        var traces: [SequenceTrace]?

        /// `result` expanded: every sequence's matrices and decoded outputs.
        init(_ result: ForwardResult) {
            outputs = result.outputs
            outputScores = result.outputScores
            finalResiduals = result.finalResiduals
            layersRun = result.layersRun
            halted = result.halted
            traces = result.traces
        }

        init(
            outputs: [[OutputValue]], outputScores: [Matrix], finalResiduals: [Matrix], layersRun: [Int],
            halted: [Bool], traces: [SequenceTrace]?
        ) {
            self.outputs = outputs
            self.outputScores = outputScores
            self.finalResiduals = finalResiduals
            self.layersRun = layersRun
            self.halted = halted
            self.traces = traces
        }
    }

    static func run(_ model: TransformerModel, tokenIDs: [[Int]], trace: Bool) throws -> Result {
        let d = model.dModel
        let count = tokenIDs.count
        var residuals: [Matrix] = tokenIDs.map { ids in
            var x = Matrix(rows: ids.count, columns: d)
            for (p, id) in ids.enumerated() {
                for c in 0..<d {
                    x.values[p * d + c] = model.tokenEmbedding.values[id * d + c] + model.positionEmbedding.values[p * d + c]
                }
            }
            return x
        }
        var layerTraces: [[LayerTrace]] = Array(repeating: [], count: count)
        let embeddings = trace ? residuals : []
        var layersRun = [Int](repeating: 0, count: count)
        var halted = [Bool](repeating: false, count: count)
        var active = Array(0..<count)
        var haltingRule: HaltingRule? = nil
        if case let .looped(_, rule) = model.layout { haltingRule = rule }

        for step in 0..<model.layout.maxDepth(layerCount: model.layers.count) where !active.isEmpty {
            let layerIndex: Int
            if case .stacked = model.layout { layerIndex = step } else { layerIndex = 0 }
            let layer = model.layers[layerIndex]
            let parts = active.map { residuals[$0] }
            var starts = [0]
            for part in parts { starts.append(starts.last! + part.rows) }
            let stacked = try Matrix(rows: starts.last!, columns: d, values: parts.flatMap(\.values))

            let attention = try attentionSublayer(model, layer, stacked: stacked, starts: starts, trace: trace)
            let afterAttention = try stacked + attention.output
            let mlpInput = layer.feedForwardNorm?.apply(to: afterAttention) ?? afterAttention
            let mlp = try layer.feedForward.apply(to: mlpInput, keepHidden: trace)
            let afterMLP = try afterAttention + mlp.output

            for (slot, s) in active.enumerated() {
                let rows = starts[slot]..<starts[slot + 1]
                residuals[s] = afterMLP.rows(rows)
                layersRun[s] += 1
                if trace {
                    layerTraces[s].append(LayerTrace(
                        layer: layerIndex, step: step, afterAttention: afterAttention.rows(rows),
                        attentionLogits: attention.logits.map { $0[slot] },
                        attentionPatterns: attention.patterns.map { $0[slot] },
                        mlpHidden: mlp.hidden.map { $0.rows(rows) }, afterMLP: residuals[s]))
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
            let final = model.finalNorm?.apply(to: residuals[s]) ?? residuals[s]
            let score = try model.unembedding.apply(to: final)
            var decoded = (0..<score.rows).map { p in
                model.outputEncoder.decode(score.values[(p * score.columns)..<((p + 1) * score.columns)])
            }
            if let bos = model.inputEncoder.bos, !decoded.isEmpty { decoded[0] = .category(bos) }
            outputs.append(decoded)
            scores.append(score)
            finals.append(final)
        }
        return Result(
            outputs: outputs, outputScores: scores, finalResiduals: finals, layersRun: layersRun,
            halted: halted,
            traces: trace ? (0..<count).map { SequenceTrace(embedding: embeddings[$0], layers: layerTraces[$0]) } : nil)
    }

    private static func attentionSublayer(
        _ model: TransformerModel, _ layer: TransformerLayer, stacked: Matrix, starts: [Int], trace: Bool
    ) throws -> (output: Matrix, logits: [[Matrix]], patterns: [[Matrix]]) {
        let input = layer.attentionNorm?.apply(to: stacked) ?? stacked
        var output = Matrix(rows: input.rows, columns: model.dModel)
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
            var headLogits: [Matrix] = []
            var headPatterns: [Matrix] = []
            for slot in 0..<(starts.count - 1) {
                let rows = starts[slot]..<starts[slot + 1]
                let t = rows.count
                let qs = q.rows(rows)
                let ks = k.rows(rows)
                var scores = try qs.matmul(ks, transposingRight: true)
                for i in 0..<(t * t) { scores.values[i] = scores.values[i] * model.attentionScale }
                var visible: [Bool]? = nil
                if model.causal || head.relativeMask != nil {
                    var flags = [Bool](repeating: true, count: t * t)
                    for i in 0..<t {
                        for j in 0..<t {
                            if model.causal && j > i { flags[i * t + j] = false }
                            if let mask = head.relativeMask, !mask.allows(query: i, key: j) { flags[i * t + j] = false }
                        }
                    }
                    visible = flags
                }
                if trace {
                    var shown = scores
                    if let visible {
                        for i in 0..<(t * t) where !visible[i] { shown.values[i] = -.infinity }
                    }
                    headLogits.append(shown)
                }
                Softmax.rows(&scores, allowed: visible, extraLogit: head.sinkLogit)
                if trace { headPatterns.append(scores) }
                let mix = try scores.matmul(v.rows(rows))
                for i in 0..<(t * head.dValue) { mixed.values[rows.lowerBound * head.dValue + i] = mix.values[i] }
            }
            try output += head.output.apply(to: mixed)
            allLogits.append(headLogits)
            allPatterns.append(headPatterns)
        }
        return (output, allLogits, allPatterns)
    }
}
