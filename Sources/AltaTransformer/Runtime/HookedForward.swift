import AltaTensors

/// The forward pass of one sequence in plain `Matrix` operations, with `Hooks` at every
/// `HookPoint` — the runtime's per-sequence definition. It performs the same float
/// operations in the same order as the batched pass (`GroupForward`), so where no hook
/// replaces anything its values equal the fast path's bit for bit; `PreparedModel` runs
/// it for a batch when hooks are set.
struct HookedForward {
    /// The model run.
    let model: TransformerModel
    /// Layer applications at most.
    let depth: Int
    /// The halting rule applied, if any.
    let halting: HaltingRule?
    /// What the trace keeps.
    let trace: TraceLevel
    /// The callbacks.
    let hooks: Hooks

    /// What the pass computed for one sequence.
    struct Output {
        /// `[T, dVocabOut]`
        var scores: Matrix
        /// `[T, dModel]`
        var final: Matrix
        var layersRun: Int
        var halted: Bool
        var trace: SequenceTrace?
    }

    /// Runs sequence number `sequence` of the batch, `ids` (validated).
    func run(_ ids: [Int], sequence: Int) throws(ModelError) -> Output {
        do {
            return try unchecked(ids, sequence: sequence)
        } catch let error as ModelError {
            throw error
        } catch {
            throw .inconsistentShape("\(error)")
        }
    }

    /// `activation` through the hooks at `point` (untouched when none is set there).
    private func hook(_ point: HookPoint, _ sequence: Int, _ activation: Matrix) throws(ModelError) -> Matrix {
        hooks.wants(point) ? try hooks.apply(point, sequence: sequence, to: activation) : activation
    }

    private func unchecked(_ ids: [Int], sequence s: Int) throws -> Output {
        let d = model.dModel
        let t = ids.count
        var tokens = Matrix(rows: t, columns: d)
        var positions = Matrix(rows: t, columns: d)
        for (p, id) in ids.enumerated() {
            for c in 0..<d {
                tokens.values[p * d + c] = model.tokenEmbedding.values[id * d + c]
                positions.values[p * d + c] = model.positionEmbedding.values[p * d + c]
            }
        }
        tokens = try hook(.embed, s, tokens)
        positions = try hook(.posEmbed, s, positions)
        var residual = try tokens + positions
        let embedding = residual
        var layers: [LayerTrace] = []
        var layersRun = 0
        var halted = false
        for step in 0..<depth {
            let layerIndex: Int
            if case .stacked = model.layout { layerIndex = step } else { layerIndex = 0 }
            let layer = model.layers[layerIndex]
            residual = try hook(.residPre(step: step), s, residual)

            let input = layer.attentionNorm?.apply(to: residual) ?? residual
            var attention = Matrix(rows: t, columns: d)
            try attention.addRowVector(layer.attentionOutputBias)
            var logits: [Matrix] = []
            var patterns: [Matrix] = []
            for (h, head) in layer.heads.enumerated() {
                var q = try head.query.apply(to: input)
                try q.addRowVector(head.queryBias)
                var k = try head.key.apply(to: input)
                try k.addRowVector(head.keyBias)
                var v = try head.value.apply(to: input)
                try v.addRowVector(head.valueBias)
                var scores = try q.matmul(k, transposingRight: true)
                for i in 0..<(t * t) { scores.values[i] = scores.values[i] * model.attentionScale }
                var masks = VisibilityMasks(causal: model.causal, mask: head.relativeMask)
                let visible = masks.flags(length: t)
                if let flags = visible {
                    // Invisible keys show as −∞; the softmax ignores them either way.
                    for i in 0..<(t * t) where !flags[i] { scores.values[i] = -.infinity }
                }
                scores = try hook(.attnScores(step: step, head: h), s, scores)
                if trace == .full { logits.append(scores) }
                Softmax.rows(&scores, allowed: visible, extraLogit: head.sinkLogit)
                scores = try hook(.attnPattern(step: step, head: h), s, scores)
                if trace == .full { patterns.append(scores) }
                let mixed = try scores.matmul(v)
                try attention += head.output.apply(to: mixed)
            }
            attention = try hook(.attnOut(step: step), s, attention)
            residual = try residual + attention
            residual = try hook(.residMid(step: step), s, residual)
            let afterAttention = residual

            var current = layer.feedForwardNorm?.apply(to: residual) ?? residual
            var hidden: [Matrix] = []
            let linears = layer.feedForward.layers
            for (index, linear) in linears.enumerated() {
                current = try linear.apply(to: current)
                if index < linears.count - 1 {
                    current = try hook(.mlpPre(step: step, layer: index), s, current)
                    layer.feedForward.activation.apply(to: &current)
                    current = try hook(.mlpPost(step: step, layer: index), s, current)
                    if trace == .full { hidden.append(current) }
                }
            }
            current = try hook(.mlpOut(step: step), s, current)
            residual = try residual + current
            residual = try hook(.residPost(step: step), s, residual)
            layersRun += 1
            if trace != .none {
                layers.append(LayerTrace(
                    layer: layerIndex, step: step, afterAttention: afterAttention, attentionLogits: logits,
                    attentionPatterns: patterns, mlpHidden: hidden, afterMLP: residual))
            }
            if let rule = halting,
               (0..<t).allSatisfy({ residual.values[$0 * d + rule.dimension] > rule.threshold }) {
                halted = true
                break
            }
        }
        let final = model.finalNorm?.apply(to: residual) ?? residual
        return Output(
            scores: try model.unembedding.apply(to: final), final: final, layersRun: layersRun, halted: halted,
            trace: trace == .none ? nil : SequenceTrace(embedding: embedding, layers: layers))
    }
}

extension StackedActivations {
    /// One sequence's `[T, width]` matrix as a group of its own.
    init(single matrix: Matrix) {
        let n = matrix.rows
        let width = matrix.columns
        var values = [Float](repeating: 0, count: width * n)
        for p in 0..<n {
            for f in 0..<width { values[f * n + p] = matrix.values[p * width + f] }
        }
        self.init(rows: SequenceRows(lengths: [n]), width: width, values: values)
    }
}
