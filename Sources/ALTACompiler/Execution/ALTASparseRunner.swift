import AltaTensors
import AltaTransformer
import Foundation

/// A forward pass for transformers whose weights and activations are sparse — compiled ALTA
/// models — that computes exactly what `TransformerModel.forward` computes (same operations in
/// the same order, so the same floats) while touching only non-zero entries:
///
/// * projections read only a position's non-zero residual entries;
/// * logits come from an inverted index of the keys, and keys whose weight is exactly 0 in
///   float32 are skipped (see `SparseAttentionPlan`);
/// * each MLP map runs from its non-zero inputs; AND-like units of the rule table are
///   evaluated only when their rarest input is non-zero (see `SparseMapPlan`).
///
/// Models with LayerNorm are refused (use `TransformerModel.forward`).
///
/// ```swift
/// let runner = try ALTASparseRunner(compiled)          // or ALTASparseRunner(model: model)
/// let result = try runner.run(tokenIDs: batch, threads: 2)
/// let outputs = try compiled.outputs(of: result.finalResiduals[0])
/// ```
public struct ALTASparseRunner: Sendable {
    struct Layer: Sendable {
        let attention: SparseAttentionPlan
        let maps: [SparseMapPlan]
    }

    /// The model run.
    public let model: TransformerModel
    let layers: [Layer]
    let dModel: Int
    let depth: Int
    let halting: HaltingRule?

    /// Prepares `model`.
    ///
    /// - Parameter rarity: optional per-map hints (index = MLP map, value = per input how rarely
    ///   it is non-zero, larger = rarer) used to choose the gated units' pivots.
    public init(model: TransformerModel, rarity: [Int: [Int]] = [:]) throws(ALTACompilerError) {
        guard model.finalNorm == nil, model.layers.allSatisfy({ $0.attentionNorm == nil && $0.feedForwardNorm == nil }) else {
            throw .invalidInput("the sparse runner does not support LayerNorm; use TransformerModel.forward")
        }
        self.model = model
        dModel = model.dModel
        depth = model.layout.maxDepth(layerCount: model.layers.count)
        if case .looped(_, let rule) = model.layout { halting = rule } else { halting = nil }
        layers = model.layers.map { layer in
            let attention = SparseAttentionPlan(layer: layer, dModel: model.dModel, scale: model.attentionScale, causal: model.causal)
            var maps: [SparseMapPlan] = []
            let ff = layer.feedForward
            for (index, linear) in ff.layers.enumerated() {
                let isLast = index == ff.layers.count - 1
                maps.append(SparseMapPlan(
                    layer: linear, activation: isLast ? nil : ff.activation,
                    inputsInUnitInterval: index > 0 && ff.activation == .clippedReLU,
                    rarity: rarity[index].flatMap { $0.count == linear.inputWidth ? $0 : nil }))
            }
            return Layer(attention: attention, maps: maps)
        }
    }

    /// Prepares a compiled program's model with the compiler's pivot hints.
    public init(_ compiled: ALTACompiledProgram) throws(ALTACompilerError) {
        try self.init(model: compiled.model, rarity: [2: compiled.expandedRarity])
    }

    /// Runs every sequence (token ids) until the halting rule holds or the layer cap.
    ///
    /// - Parameters:
    ///   - trace: keep the residual after every sublayer.
    ///   - threads: sequences run in parallel on this many threads.
    ///   - progress: called with the number of finished sequences (from any thread).
    public func run(
        tokenIDs: [[Int]], trace: Bool = false, threads: Int = 1,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(ALTACompilerError) -> ALTARunnerResult {
        for (s, sequence) in tokenIDs.enumerated() {
            guard !sequence.isEmpty else { throw .invalidInput("sequence \(s) is empty") }
            guard sequence.count <= model.maxSequenceLength else {
                throw .invalidInput("sequence \(s) has \(sequence.count) tokens, the model takes at most \(model.maxSequenceLength)")
            }
            for (p, id) in sequence.enumerated() where id < 0 || id >= model.dVocab {
                throw .invalidInput("sequence \(s), position \(p): token id \(id) is outside 0..<\(model.dVocab)")
            }
        }
        let count = tokenIDs.count
        let box = ResultBox(count: count)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            var workspace = Workspace(runner: self)
            for s in 0..<count {
                box.store(s, runSequence(tokenIDs[s], trace: trace, workspace: &workspace))
                if let progress { progress(box.finished()) }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var workspace = Workspace(runner: self)
                while let s = box.next() {
                    box.store(s, runSequence(tokenIDs[s], trace: trace, workspace: &workspace))
                    if let progress { progress(box.finished()) }
                }
            }
        }
        let results = box.results()
        return ALTARunnerResult(
            finalResiduals: results.map(\.final), layersRun: results.map(\.layers), halted: results.map(\.halted),
            traces: trace ? results.map(\.trace) : nil)
    }

    // MARK: one sequence

    struct SequenceResult: Sendable {
        var final: Matrix
        var layers: Int
        var halted: Bool
        var trace: [ALTARunnerLayer]
    }

    func runSequence(_ ids: [Int], trace: Bool, workspace ws: inout Workspace) -> SequenceResult {
        let d = dModel
        let t = ids.count
        var x = Matrix(rows: t, columns: d)
        for (p, id) in ids.enumerated() {
            for c in 0..<d {
                x.values[p * d + c] = model.tokenEmbedding.values[id * d + c] + model.positionEmbedding.values[p * d + c]
            }
        }
        var traces: [ALTARunnerLayer] = []
        var run = 0
        var halted = false
        for step in 0..<depth {
            let layer: Layer
            if case .stacked = model.layout { layer = layers[step] } else { layer = layers[0] }
            var after = x
            attention(layer.attention, residual: x, into: &after, length: t, workspace: &ws)
            let afterAttention = trace ? after : x
            mlp(layer.maps, residual: &after, length: t, workspace: &ws)
            if trace { traces.append(ALTARunnerLayer(afterAttention: afterAttention, afterMLP: after)) }
            x = after
            run += 1
            if let rule = halting {
                var done = true
                for p in 0..<t where !(x.values[p * d + rule.dimension] > rule.threshold) { done = false; break }
                if done { halted = true; break }
            }
        }
        return SequenceResult(final: x, layers: run, halted: halted, trace: traces)
    }

    /// Fills `indices` with the non-zero columns of row `row` (ascending).
    @inline(__always)
    static func nonZeros(_ values: UnsafeBufferPointer<Float>, row: Int, width: Int, into indices: inout [Int32]) {
        indices.removeAll(keepingCapacity: true)
        let base = row * width
        for c in 0..<width where values[base + c] != 0 { indices.append(Int32(c)) }
    }

    func attention(_ plan: SparseAttentionPlan, residual x: Matrix, into after: inout Matrix, length t: Int, workspace ws: inout Workspace) {
        let d = dModel
        ws.prepare(length: t)
        ws.queries.reset()
        ws.keys.reset()
        ws.values.reset()
        x.values.withUnsafeBufferPointer { xv in
            for j in 0..<t {
                Self.nonZeros(xv, row: j, width: d, into: &ws.rowIndices)
                let row = UnsafeBufferPointer(rebasing: xv[(j * d)..<((j + 1) * d)])
                ws.queries.append(input: row, indices: ws.rowIndices, weights: plan.query, bias: plan.queryBias, scratch: &ws.projection)
                ws.keys.append(input: row, indices: ws.rowIndices, weights: plan.key, bias: plan.keyBias, scratch: &ws.projection)
                ws.values.append(input: row, indices: ws.rowIndices, weights: plan.value, bias: plan.valueBias, scratch: &ws.projection)
            }
        }
        // Inverted key index per head: key column → (position, value), positions ascending.
        for (h, head) in plan.heads.enumerated() {
            var counts = [Int](repeating: 0, count: head.width + 1)
            for j in 0..<t {
                for e in ws.keys.range(position: j, lower: head.keyOffset, upper: head.keyOffset + head.width) {
                    counts[Int(ws.keys.columns[e]) - head.keyOffset + 1] += 1
                }
            }
            for c in 0..<head.width { counts[c + 1] += counts[c] }
            var fill = counts
            var positions = [Int32](repeating: 0, count: counts[head.width])
            var keyValues = [Float](repeating: 0, count: counts[head.width])
            for j in 0..<t {
                for e in ws.keys.range(position: j, lower: head.keyOffset, upper: head.keyOffset + head.width) {
                    let c = Int(ws.keys.columns[e]) - head.keyOffset
                    positions[fill[c]] = Int32(j)
                    keyValues[fill[c]] = ws.keys.values[e]
                    fill[c] += 1
                }
            }
            ws.keyIndex[h] = (counts, positions, keyValues)
        }

        for i in 0..<t {
            ws.delta.clear()
            for (c, b) in plan.outputBias { ws.delta.add(c, b) }
            for (h, head) in plan.heads.enumerated() {
                mix(plan, head: head, index: ws.keyIndex[h], query: i, length: t, workspace: &ws)
                // Head output through W_O.
                ws.headOutput.clear()
                ws.mixed.finish()
                head.output.starts.withUnsafeBufferPointer { starts in
                    head.output.columns.withUnsafeBufferPointer { cols in
                        head.output.values.withUnsafeBufferPointer { vals in
                            for p32 in ws.mixed.indices {
                                let p = Int(p32)
                                let m = ws.mixed.values[p]
                                if m == 0 { continue }
                                for e in Int(starts[p])..<Int(starts[p + 1]) { ws.headOutput.add(Int(cols[e]), m * vals[e]) }
                            }
                        }
                    }
                }
                ws.mixed.clear()
                for c32 in ws.headOutput.indices { ws.delta.add(Int(c32), ws.headOutput.values[Int(c32)]) }
            }
            for c32 in ws.delta.indices {
                let c = Int(c32)
                after.values[i * d + c] = x.values[i * d + c] + ws.delta.values[c]
            }
        }
        ws.delta.clear()
    }

    /// The attention-weighted values of `head` at query `i`, accumulated into `ws.mixed`.
    private func mix(
        _ plan: SparseAttentionPlan, head: SparseAttentionPlan.Head,
        index: (starts: [Int], positions: [Int32], values: [Float]),
        query i: Int, length t: Int, workspace ws: inout Workspace
    ) {
        // Dot products with the keys sharing a column with the query.
        ws.touched.removeAll(keepingCapacity: true)
        for e in ws.queries.range(position: i, lower: head.queryOffset, upper: head.queryOffset + head.width) {
            let c = Int(ws.queries.columns[e]) - head.queryOffset
            let q = ws.queries.values[e]
            for k in index.starts[c]..<index.starts[c + 1] {
                let j = Int(index.positions[k])
                if !ws.logitMarked[j] {
                    ws.logitMarked[j] = true
                    ws.touched.append(j)
                }
                ws.logits[j] += q * index.values[k]
            }
        }
        let scale = plan.scale
        func logit(_ j: Int) -> Float { ws.logits[j] * scale }

        // The visible keys, unless the sparse shortcut applies.
        ws.visible.removeAll(keepingCapacity: true)
        var shortcut = false
        if let mask = head.mask {
            for offset in mask {
                let j = i + offset
                if j >= 0 && j < t && (!plan.causal || j <= i) { ws.visible.append(j) }
            }
        } else if plan.causal {
            for j in 0...i { ws.visible.append(j) }
        } else {
            ws.touched.sort()
            let untouched = t - ws.touched.count
            var maxLogit = -Float.infinity
            for j in ws.touched { maxLogit = max(maxLogit, logit(j)) }
            if untouched > 0 { maxLogit = max(maxLogit, 0 * scale) }
            if let sink = head.sink { maxLogit = max(maxLogit, sink) }
            if untouched == 0 || Foundation.exp(0 * scale - maxLogit) == 0 {
                shortcut = true
                var total: Float = 0
                ws.weights.removeAll(keepingCapacity: true)
                for j in ws.touched {
                    let e = Foundation.exp(logit(j) - maxLogit)
                    ws.weights.append(e)
                    total += e
                }
                if let sink = head.sink { total += Foundation.exp(sink - maxLogit) }
                let inverse = 1 / total
                for (k, j) in ws.touched.enumerated() {
                    let w = ws.weights[k] * inverse
                    if w != 0 { accumulate(head, position: j, weight: w, workspace: &ws) }
                }
            } else {
                for j in 0..<t { ws.visible.append(j) }
            }
        }
        if !shortcut {
            var maxLogit = -Float.infinity
            for j in ws.visible { maxLogit = max(maxLogit, logit(j)) }
            if let sink = head.sink { maxLogit = max(maxLogit, sink) }
            if maxLogit != -.infinity {
                var total: Float = 0
                ws.weights.removeAll(keepingCapacity: true)
                for j in ws.visible {
                    let e = Foundation.exp(logit(j) - maxLogit)
                    ws.weights.append(e)
                    total += e
                }
                if let sink = head.sink { total += Foundation.exp(sink - maxLogit) }
                let inverse = 1 / total
                for (k, j) in ws.visible.enumerated() {
                    let w = ws.weights[k] * inverse
                    if w != 0 { accumulate(head, position: j, weight: w, workspace: &ws) }
                }
            }
        }
        for j in ws.touched {
            ws.logits[j] = 0
            ws.logitMarked[j] = false
        }
    }

    @inline(__always)
    private func accumulate(_ head: SparseAttentionPlan.Head, position j: Int, weight w: Float, workspace ws: inout Workspace) {
        for e in ws.values.range(position: j, lower: head.valueOffset, upper: head.valueOffset + head.valueWidth) {
            ws.mixed.add(Int(ws.values.columns[e]) - head.valueOffset, w * ws.values.values[e])
        }
    }

    func mlp(_ maps: [SparseMapPlan], residual after: inout Matrix, length t: Int, workspace ws: inout Workspace) {
        let d = dModel
        for i in 0..<t {
            after.values.withUnsafeBufferPointer { av in
                Self.nonZeros(av, row: i, width: d, into: &ws.rowIndices)
                let row = UnsafeBufferPointer(rebasing: av[(i * d)..<((i + 1) * d)])
                ws.hidden[0].clear()
                maps[0].evaluate(input: row, indices: ws.rowIndices, into: &ws.hidden[0])
            }
            for m in 1..<maps.count {
                var output = SparseActivations(width: 0)
                swap(&output, &ws.hidden[m])
                output.clear()
                let input = ws.hidden[m - 1]
                input.values.withUnsafeBufferPointer { iv in
                    maps[m].evaluate(input: iv, indices: input.indices, into: &output)
                }
                swap(&output, &ws.hidden[m])
            }
            let delta = ws.hidden[maps.count - 1]
            for c32 in delta.indices {
                let c = Int(c32)
                after.values[i * d + c] += delta.values[c]
            }
        }
    }

    // MARK: scratch space

    /// Per-thread scratch buffers.
    struct Workspace {
        var rowIndices: [Int32] = []
        var projection: SparseActivations
        var queries = SparseProjections()
        var keys = SparseProjections()
        var values = SparseProjections()
        var keyIndex: [(starts: [Int], positions: [Int32], values: [Float])]
        var logits: [Float] = []
        var logitMarked: [Bool] = []
        var touched: [Int] = []
        var visible: [Int] = []
        var weights: [Float] = []
        var mixed: SparseActivations
        var headOutput: SparseActivations
        var delta: SparseActivations
        var hidden: [SparseActivations]

        init(runner: ALTASparseRunner) {
            let widest = runner.layers.map { max($0.attention.query.columnCount, $0.attention.key.columnCount, $0.attention.value.columnCount) }.max() ?? 0
            projection = SparseActivations(width: max(widest, 1))
            let heads = runner.layers.map(\.attention.heads.count).max() ?? 0
            keyIndex = Array(repeating: ([0], [], []), count: heads)
            let valueWidth = runner.layers.flatMap(\.attention.heads).map(\.valueWidth).max() ?? 0
            mixed = SparseActivations(width: max(valueWidth, 1))
            headOutput = SparseActivations(width: runner.dModel)
            delta = SparseActivations(width: runner.dModel)
            let depth = runner.layers.first?.maps.count ?? 0
            hidden = (0..<depth).map { m in
                SparseActivations(width: runner.layers.map { $0.maps[m].outputWidth }.max() ?? 0)
            }
        }

        mutating func prepare(length: Int) {
            if logits.count < length {
                logits = [Float](repeating: 0, count: length)
                logitMarked = [Bool](repeating: false, count: length)
            }
        }
    }
}

/// Collects per-sequence results from worker threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ALTASparseRunner.SequenceResult?]
    private var cursor = 0
    private var done = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < slots.count else { return nil }
        cursor += 1
        return cursor - 1
    }

    func store(_ index: Int, _ result: ALTASparseRunner.SequenceResult) {
        lock.lock()
        slots[index] = result
        done += 1
        lock.unlock()
    }

    func finished() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    func results() -> [ALTASparseRunner.SequenceResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
