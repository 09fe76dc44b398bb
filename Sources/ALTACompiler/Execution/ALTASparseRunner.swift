import AltaTensors
import AltaTransformer
import Foundation

/// A forward pass for transformers whose weights and activations are sparse — compiled ALTA
/// models — that computes exactly what `TransformerModel.forward` computes (same operations in
/// the same order, so the same floats) while touching only non-zero entries:
///
/// * the residual is updated in place, and each position's non-zero columns are tracked, so
///   projections and the MLP read only those;
/// * logits come from an inverted index of the keys, and keys whose weight is exactly 0 in
///   float32 are skipped (see `SparseAttentionPlan`);
/// * each MLP map runs from its non-zero inputs; AND-like units of the rule table are
///   evaluated only when their pivot input is non-zero (see `SparseMapPlan`);
///   `calibrated(on:)` picks pivots from measured activity.
///
/// Models with LayerNorm are refused (use `TransformerModel.forward`).
///
/// ```swift
/// let runner = try ALTASparseRunner(compiled).calibrated(on: [someInput])
/// let result = try runner.run(tokenIDs: batch, threads: 2)
/// let outputs = try compiled.outputs(of: result.finalResidual(of: 0))
/// ```
public struct ALTASparseRunner: Sendable {
    struct Layer: Sendable {
        let attention: SparseAttentionPlan
        var maps: [SparseMapPlan]
    }

    /// The model run.
    public let model: TransformerModel
    var layers: [Layer]
    let dModel: Int
    let depth: Int
    let halting: HaltingRule?

    /// Prepares `model`.
    ///
    /// - Parameter rarity: optional per-map hints (key = MLP map index, value = per input how
    ///   rarely it is non-zero, larger = rarer) used to choose the gated units' pivots.
    public init(model: TransformerModel, rarity: [Int: [Int]] = [:]) throws(ALTACompilerError) {
        guard model.finalNorm == nil, model.layers.allSatisfy({ $0.attentionNorm == nil && $0.feedForwardNorm == nil }) else {
            throw .invalidInput("the sparse runner does not support LayerNorm; use TransformerModel.forward")
        }
        self.model = model
        dModel = model.dModel
        depth = model.layout.maxDepth(layerCount: model.layers.count)
        if case .looped(_, let rule) = model.layout { halting = rule } else { halting = nil }
        // Residual dimensions no layer ever writes keep their embedding values: in a looped
        // model the projections that read only those are computed once per sequence.
        var staticDimensions: [Bool]? = nil
        if case .looped = model.layout {
            var written = [Bool](repeating: false, count: model.dModel)
            for layer in model.layers {
                for head in layer.heads {
                    for e in SparseRows.entries(of: head.output) { written[e.column] = true }
                }
                for (c, b) in layer.attentionOutputBias.enumerated() where b != 0 { written[c] = true }
                if let last = layer.feedForward.layers.last {
                    for e in SparseRows.entries(of: last.weight) { written[e.column] = true }
                    for (c, b) in last.bias.enumerated() where b != 0 { written[c] = true }
                }
            }
            staticDimensions = written.map { !$0 }
        }
        layers = model.layers.map { layer in
            let attention = SparseAttentionPlan(
                layer: layer, dModel: model.dModel, scale: model.attentionScale, causal: model.causal,
                staticDimensions: staticDimensions)
            var maps: [SparseMapPlan] = []
            let ff = layer.feedForward
            for (index, linear) in ff.layers.enumerated() {
                let isLast = index == ff.layers.count - 1
                maps.append(SparseMapPlan(
                    layer: linear, activation: isLast ? nil : ff.activation,
                    inputsInUnitInterval: index > 0 && ff.activation == .clippedReLU,
                    rarity: rarity[index]))
            }
            return Layer(attention: attention, maps: maps)
        }
    }

    /// Prepares a compiled program's model with the compiler's pivot hints.
    public init(_ compiled: ALTACompiledProgram) throws(ALTACompilerError) {
        try self.init(model: compiled.model, rarity: [2: compiled.expandedRarity])
    }

    /// The same runner with pivots chosen from how often each MLP input was non-zero while
    /// running `tokenIDs` (results are unchanged; only speed depends on the pivots).
    public func calibrated(on tokenIDs: [[Int]]) throws(ALTACompilerError) -> ALTASparseRunner {
        try validate(tokenIDs)
        let workspace = RunnerWorkspace(runner: self, counting: true)
        let options = RunOptions(trace: false, depth: depth, halting: true)
        for ids in tokenIDs { _ = runSequence(ids, options: options, workspace: workspace) }
        guard let counter = workspace.frequencies else { return self }
        var copy = self
        for l in copy.layers.indices {
            for m in copy.layers[l].maps.indices {
                copy.layers[l].maps[m] = copy.layers[l].maps[m].calibrated(frequencies: counter.frequencies(layer: l, map: m))
            }
        }
        return copy
    }

    func validate(_ tokenIDs: [[Int]]) throws(ALTACompilerError) {
        for (s, sequence) in tokenIDs.enumerated() {
            guard !sequence.isEmpty else { throw .invalidInput("sequence \(s) is empty") }
            guard sequence.count <= model.maxSequenceLength else {
                throw .invalidInput("sequence \(s) has \(sequence.count) tokens, the model takes at most \(model.maxSequenceLength)")
            }
            for (p, id) in sequence.enumerated() where id < 0 || id >= model.dVocab {
                throw .invalidInput("sequence \(s), position \(p): token id \(id) is outside 0..<\(model.dVocab)")
            }
        }
    }

    /// Runs every sequence (token ids) until the halting rule holds or the layer cap.
    ///
    /// - Parameters:
    ///   - trace: keep the residual after every sublayer.
    ///   - threads: sequences run in parallel on this many threads.
    ///   - progress: called with the number of finished sequences (from any thread).
    ///   - layers: run at most this many layer applications instead of the model's cap
    ///     (a looped model repeats its layer; a stacked model has at most its layer count).
    ///   - halting: whether a looped model's halting rule may stop a sequence early.
    public func run(
        tokenIDs: [[Int]], trace: Bool = false, threads: Int = 1, layers: Int? = nil, halting: Bool = true,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(ALTACompilerError) -> ALTARunnerResult {
        try validate(tokenIDs)
        if let layers, layers < 0 { throw .invalidInput("the layer count must be at least 0, got \(layers)") }
        var limit = layers ?? depth
        if case .stacked = model.layout { limit = min(limit, depth) }
        let options = RunOptions(trace: trace, depth: limit, halting: halting)
        let count = tokenIDs.count
        let box = ResultBox(count: count)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            let workspace = RunnerWorkspace(runner: self)
            for s in 0..<count {
                box.store(s, runSequence(tokenIDs[s], options: options, workspace: workspace))
                if let progress { progress(box.finished()) }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let workspace = RunnerWorkspace(runner: self)
                while let s = box.next() {
                    box.store(s, runSequence(tokenIDs[s], options: options, workspace: workspace))
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

    struct RunOptions {
        let trace: Bool
        let depth: Int
        let halting: Bool
    }

    func runSequence(_ ids: [Int], options: RunOptions, workspace ws: RunnerWorkspace) -> SequenceResult {
        let trace = options.trace
        let d = dModel
        let t = ids.count
        model.tokenEmbedding.values.withUnsafeBufferPointer { tokens in
            model.positionEmbedding.values.withUnsafeBufferPointer { positions in
                for (p, id) in ids.enumerated() {
                    for c in 0..<d { ws.denseRow[c] = tokens[id * d + c] + positions[p * d + c] }
                    ws.load(position: p)
                }
            }
        }
        if case .looped = model.layout, let layer = layers.first {
            prepareStatic(layer.attention, length: t, workspace: ws)
        }
        var traces: [ALTARunnerLayer] = []
        var run = 0
        var halted = false
        for step in 0..<options.depth {
            let layer: Layer
            if case .stacked = model.layout { layer = layers[step] } else { layer = layers[0] }
            attention(layer.attention, length: t, workspace: ws)
            let afterAttention = trace ? ws.snapshot(length: t) : nil
            mlp(layer.maps, layerIndex: step < layers.count ? step : 0, length: t, workspace: ws)
            if let afterAttention { traces.append(ALTARunnerLayer(afterAttention: afterAttention, afterMLP: ws.snapshot(length: t))) }
            run += 1
            if options.halting, let rule = halting {
                var done = true
                for p in 0..<t where !(ws.value(position: p, column: rule.dimension) > rule.threshold) { done = false; break }
                if done { halted = true; break }
            }
        }
        return SequenceResult(final: ws.snapshot(length: t), layers: run, halted: halted, trace: traces)
    }

    /// Projections and key indexes of the static segments (computed once per sequence).
    func prepareStatic(_ plan: SparseAttentionPlan, length t: Int, workspace ws: RunnerWorkspace) {
        let d = dModel
        let store = ws.staticProjections
        store.reset()
        for j in 0..<t {
            store.append(
                indices: UnsafePointer(ws.rowColumns + j * d), values: UnsafePointer(ws.rowValues + j * d), count: ws.rowCount[j],
                weights: plan.staticProjection, bias: plan.staticProjectionBias, segmentOf: plan.segmentOf, scratch: ws.projection)
        }
        let heads = plan.headCount
        for h in 0..<heads where plan.segmentIsStatic[heads + h] {
            ws.keyIndex[h].build(keys: store, segment: heads + h, width: plan.widths[h], offset: plan.keyOffsets[h], length: t)
        }
    }

    func attention(_ plan: SparseAttentionPlan, length t: Int, workspace ws: RunnerWorkspace) {
        let d = dModel
        let projections = ws.projections
        projections.reset()
        for j in 0..<t {
            projections.append(
                indices: UnsafePointer(ws.rowColumns + j * d), values: UnsafePointer(ws.rowValues + j * d), count: ws.rowCount[j],
                weights: plan.projection, bias: plan.projectionBias, segmentOf: plan.segmentOf, scratch: ws.projection)
        }
        let heads = plan.headCount
        // Inverted key index per head: key column → (position, value), positions ascending
        // (static ones were built with the static projections).
        for h in 0..<heads where !plan.segmentIsStatic[heads + h] {
            ws.keyIndex[h].build(keys: projections, segment: heads + h, width: plan.widths[h], offset: plan.keyOffsets[h], length: t)
        }
        let valueBase = plan.segmentBounds[2 * heads]
        let delta = ws.delta, headOutput = ws.headOutput, mixed = ws.mixed
        for i in 0..<t {
            for (c, b) in plan.outputBias { delta.add(c, b) }
            if let combined = plan.combinedOutput {
                for h in 0..<heads { mix(plan, head: h, query: i, length: t, valueBase: valueBase, workspace: ws) }
                scatter(mixed, through: combined, rowOffset: 0, into: delta)
                mixed.clear()
            } else {
                for h in 0..<heads {
                    mix(plan, head: h, query: i, length: t, valueBase: valueBase, workspace: ws)
                    mixed.sortIndices()
                    scatter(mixed, through: plan.outputs[h], rowOffset: plan.valueOffsets[h] - valueBase, into: headOutput)
                    mixed.clear()
                    for n in 0..<headOutput.count {
                        let c = Int(headOutput.indices[n])
                        delta.add(c, headOutput.values[c])
                    }
                    headOutput.clear()
                }
            }
            ws.apply(delta, position: i)
            delta.clear()
        }
    }

    /// `output += input[rows] @ matrix` for the written rows of `input` (row `r` of the matrix
    /// is input index `r + rowOffset`), skipping zeros.
    @inline(__always)
    private func scatter(_ input: SparseBuffer, through matrix: SparseRows, rowOffset: Int, into output: SparseBuffer) {
        let starts = matrix.starts, cols = matrix.columns, vals = matrix.values
        for n in 0..<input.count {
            let index = Int(input.indices[n])
            let m = input.values[index]
            if m == 0 { continue }
            let p = index - rowOffset
            for e in Int(starts[p])..<Int(starts[p + 1]) { output.add(Int(cols[e]), m * vals[e]) }
        }
    }

    /// The attention-weighted values of head `h` at query `i`, accumulated into `ws.mixed`
    /// (indexed by combined value column − `valueBase`).
    private func mix(
        _ plan: SparseAttentionPlan, head h: Int, query i: Int, length t: Int, valueBase: Int,
        workspace ws: RunnerWorkspace
    ) {
        let index = ws.keyIndex[h]
        let projections = plan.segmentIsStatic[h] ? ws.staticProjections : ws.projections
        let logits = ws.logits, marked = ws.logitMarked, touchedList = ws.touched, visibleList = ws.visible
        let weights = ws.weights
        let heads = plan.headCount
        var touched = 0
        let queryOffset = plan.queryOffsets[h]
        for e in projections.range(position: i, segment: h) {
            let c = Int(projections.columns[e]) - queryOffset
            let qv = projections.values[e]
            for n in Int(index.starts[c])..<Int(index.starts[c + 1]) {
                let j = Int(index.positions[n])
                if !marked[j] {
                    marked[j] = true
                    touchedList[touched] = Int32(j)
                    touched += 1
                }
                logits[j] += qv * index.values[n]
            }
        }
        let scale = plan.scale
        let sink: Float? = plan.sinks[h].isNaN ? nil : plan.sinks[h]
        let valueSegment = 2 * heads + h
        if plan.sharpSink[h], let sink {
            // Every untouched key has weight exactly 0: only the touched ones count (the same
            // operations as the general path below, in the same order).
            if touched == 1 {
                let j = Int(touchedList[0])
                let logit = logits[j] * scale
                let maxLogit = max(max(logit, 0 * scale), sink)
                let e = Self.exp(logit - maxLogit)
                let total = (0 + e) + Self.exp(sink - maxLogit)
                let w = e * (1 / total)
                if w != 0 { accumulate(position: j, segment: valueSegment, weight: w, valueBase: valueBase, workspace: ws) }
                logits[j] = 0
                marked[j] = false
                return
            }
            if touched == 0 { return }
        }
        var visible = 0
        var shortcut = false
        if let mask = plan.mask(h) {
            for k in mask {
                let j = i + plan.maskOffsets[k]
                if j >= 0 && j < t && (!plan.causal || j <= i) {
                    visibleList[visible] = Int32(j)
                    visible += 1
                }
            }
        } else if plan.causal {
            for j in 0...i {
                visibleList[visible] = Int32(j)
                visible += 1
            }
        } else {
            if touched > 1 {
                var list = UnsafeMutableBufferPointer(start: touchedList, count: touched)
                list.sort()
            }
            let untouched = t - touched
            var maxLogit = -Float.infinity
            for n in 0..<touched { maxLogit = max(maxLogit, logits[Int(touchedList[n])] * scale) }
            if untouched > 0 { maxLogit = max(maxLogit, 0 * scale) }
            if let sink { maxLogit = max(maxLogit, sink) }
            if untouched == 0 || Self.exp(0 * scale - maxLogit) == 0 {
                shortcut = true
                var total: Float = 0
                for n in 0..<touched {
                    let e = Self.exp(logits[Int(touchedList[n])] * scale - maxLogit)
                    weights[n] = e
                    total += e
                }
                if let sink { total += Self.exp(sink - maxLogit) }
                let inverse = 1 / total
                for n in 0..<touched {
                    let w = weights[n] * inverse
                    if w != 0 {
                        accumulate(position: Int(touchedList[n]), segment: valueSegment, weight: w, valueBase: valueBase, workspace: ws)
                    }
                }
            } else {
                for j in 0..<t { visibleList[j] = Int32(j) }
                visible = t
            }
        }
        if !shortcut {
            var maxLogit = -Float.infinity
            for n in 0..<visible { maxLogit = max(maxLogit, logits[Int(visibleList[n])] * scale) }
            if let sink { maxLogit = max(maxLogit, sink) }
            if maxLogit != -.infinity {
                var total: Float = 0
                for n in 0..<visible {
                    let e = Self.exp(logits[Int(visibleList[n])] * scale - maxLogit)
                    weights[n] = e
                    total += e
                }
                if let sink { total += Self.exp(sink - maxLogit) }
                let inverse = 1 / total
                for n in 0..<visible {
                    let w = weights[n] * inverse
                    if w != 0 {
                        accumulate(position: Int(visibleList[n]), segment: valueSegment, weight: w, valueBase: valueBase, workspace: ws)
                    }
                }
            }
        }
        for n in 0..<touched {
            let j = Int(touchedList[n])
            logits[j] = 0
            marked[j] = false
        }
    }

    /// `Foundation.exp` (the runtime's softmax uses it), short-cut for 0 and for arguments
    /// so negative that the result is 0 in float32.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        if x == 0 { return 1 }
        if x < -104 { return 0 }
        return Foundation.exp(x)
    }

    @inline(__always)
    private func accumulate(position j: Int, segment: Int, weight w: Float, valueBase: Int, workspace ws: RunnerWorkspace) {
        let projections = ws.staticSegment(segment) ? ws.staticProjections : ws.projections
        let mixed = ws.mixed
        for e in projections.range(position: j, segment: segment) {
            mixed.add(Int(projections.columns[e]) - valueBase, w * projections.values[e])
        }
    }

    func mlp(_ maps: [SparseMapPlan], layerIndex: Int, length t: Int, workspace ws: RunnerWorkspace) {
        let d = dModel
        let counter = ws.frequencies
        for i in 0..<t {
            var input: UnsafePointer<Float>? = nil
            var aligned: UnsafePointer<Float>? = UnsafePointer(ws.rowValues + i * d)
            var indices = UnsafePointer(ws.rowColumns + i * d)
            var count = ws.rowCount[i]
            for m in 0..<maps.count {
                let output = ws.hidden[m]
                output.clear()
                var sorted = m == 0
                if m > 0 && maps[m].requiresSortedInput {
                    ws.hidden[m - 1].sortIndices()
                    sorted = true
                }
                if let counter {
                    let counts = counter.counts[layerIndex][m]
                    for n in 0..<count {
                        let x = aligned?[n] ?? input?[Int(indices[n])] ?? 0
                        if x != 0 { counts[Int(indices[n])] += 1 }
                    }
                }
                maps[m].evaluate(input: input, aligned: aligned, indices: indices, count: count, sorted: sorted, into: output, scratch: ws.gathered)
                input = UnsafePointer(output.values)
                aligned = nil
                indices = UnsafePointer(output.indices)
                count = output.count
            }
            ws.apply(ws.hidden[maps.count - 1], position: i)
        }
    }
}

/// Per-thread state of a run: the residual (updated in place) with each position's non-zero
/// columns, and scratch buffers, all allocated once for the longest sequence. The class has no
/// mutable stored properties, so the hot loops pay no exclusivity checks.
final class RunnerWorkspace {
    let dModel: Int
    let maxLength: Int
    /// `[maxLength × dModel]` capacity: per position its non-zero residual entries (columns
    /// ascending, the first `rowCount[p]` of the row's slice).
    let rowColumns: UnsafeMutablePointer<Int32>
    let rowValues: UnsafeMutablePointer<Float>
    /// `[maxLength]`
    let rowCount: UnsafeMutablePointer<Int>
    /// `[dModel]` scratch for a dense row.
    let denseRow: UnsafeMutablePointer<Float>
    /// `[dModel]` scratch for a row being merged with a change (see `apply`).
    let mergedColumns: UnsafeMutablePointer<Int32>
    let mergedValues: UnsafeMutablePointer<Float>
    let projection: SparseBuffer
    /// Queries, keys and values of every head, per position (segments recomputed every layer).
    let projections: SparseProjections
    /// The static segments' projections (computed once per sequence).
    let staticProjections: SparseProjections
    /// Per segment of the (single) looped layer, whether it is static.
    let staticSegments: [Bool]
    let keyIndex: [KeyIndex]
    /// `[maxLength]` each.
    let logits: UnsafeMutablePointer<Float>
    let logitMarked: UnsafeMutablePointer<Bool>
    let touched: UnsafeMutablePointer<Int32>
    let visible: UnsafeMutablePointer<Int32>
    let weights: UnsafeMutablePointer<Float>
    let mixed: SparseBuffer
    let headOutput: SparseBuffer
    let delta: SparseBuffer
    /// One buffer per MLP map (the widest over layers).
    let hidden: [SparseBuffer]
    /// Scratch marks of gathered units (the widest map).
    let gathered: SparseBuffer
    /// When calibrating: how often each MLP input was non-zero.
    let frequencies: FrequencyCounter?

    init(runner: ALTASparseRunner, counting: Bool = false) {
        let d = runner.dModel
        let length = max(runner.model.maxSequenceLength, 1)
        dModel = d
        maxLength = length
        rowColumns = .allocate(capacity: length * d)
        rowValues = .allocate(capacity: length * d)
        rowCount = .allocate(capacity: length)
        rowCount.initialize(repeating: 0, count: length)
        denseRow = .allocate(capacity: max(d, 1))
        denseRow.initialize(repeating: 0, count: max(d, 1))
        mergedColumns = .allocate(capacity: max(d, 1))
        mergedValues = .allocate(capacity: max(d, 1))
        let attention = runner.layers.map(\.attention)
        let heads = attention.map(\.headCount).max() ?? 0
        let widest = attention.map(\.projection.columnCount).max() ?? 0
        projection = SparseBuffer(width: widest)
        projections = SparseProjections(segments: 3 * heads, columns: widest, maxLength: length)
        staticProjections = SparseProjections(segments: 3 * heads, columns: widest, maxLength: length)
        staticSegments = attention.count == 1 ? attention[0].segmentIsStatic : []
        keyIndex = (0..<heads).map { h in
            let width = attention.compactMap { h < $0.headCount ? $0.widths[h] : nil }.max() ?? 0
            return KeyIndex(width: width, maxLength: length)
        }
        logits = .allocate(capacity: length)
        logits.initialize(repeating: 0, count: length)
        logitMarked = .allocate(capacity: length)
        logitMarked.initialize(repeating: false, count: length)
        touched = .allocate(capacity: length)
        visible = .allocate(capacity: length)
        weights = .allocate(capacity: length)
        let valueWidth = attention.map { $0.valueWidths.reduce(0, +) }.max() ?? 0
        mixed = SparseBuffer(width: valueWidth)
        headOutput = SparseBuffer(width: d)
        delta = SparseBuffer(width: d)
        let depth = runner.layers.first?.maps.count ?? 0
        hidden = (0..<depth).map { m in SparseBuffer(width: runner.layers.map { $0.maps[m].outputWidth }.max() ?? 0) }
        gathered = SparseBuffer(width: hidden.map(\.width).max() ?? 0)
        frequencies = counting ? FrequencyCounter(layers: runner.layers.map { $0.maps.map(\.inputWidth) }) : nil
    }

    deinit {
        rowColumns.deallocate()
        rowValues.deallocate()
        rowCount.deallocate()
        denseRow.deallocate()
        mergedColumns.deallocate()
        mergedValues.deallocate()
        logits.deallocate()
        logitMarked.deallocate()
        touched.deallocate()
        visible.deallocate()
        weights.deallocate()
    }

    /// Whether `segment` of the looped layer is static.
    @inline(__always)
    func staticSegment(_ segment: Int) -> Bool { segment < staticSegments.count && staticSegments[segment] }

    /// Sets row `position` from the dense `denseRow`.
    func load(position p: Int) {
        let columns = rowColumns + p * dModel
        let values = rowValues + p * dModel
        var n = 0
        for c in 0..<dModel where denseRow[c] != 0 {
            columns[n] = Int32(c)
            values[n] = denseRow[c]
            n += 1
        }
        rowCount[p] = n
    }

    /// The residual entry at (`position`, `column`).
    func value(position p: Int, column c: Int) -> Float {
        let columns = rowColumns + p * dModel
        var lo = 0, hi = rowCount[p]
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(columns[mid]) < c { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowCount[p] && Int(columns[lo]) == c ? rowValues[p * dModel + lo] : 0
    }

    /// Adds the written entries of `delta` (any order) to row `position` (`x + δ`, the
    /// runtime's residual addition), keeping the row's entries non-zero and ascending.
    ///
    /// The change's columns are sorted and merged with the row's in one pass (into the
    /// `merged` scratch row, then copied back), so a change touching many columns costs one
    /// walk over the row rather than an insertion per column.
    func apply(_ delta: SparseBuffer, position p: Int) {
        let changes = delta.count
        if changes == 0 { return }
        delta.sortIndices()
        let columns = rowColumns + p * dModel
        let values = rowValues + p * dModel
        let n = rowCount[p]
        var read = 0, written = 0
        for k in 0..<changes {
            let c = delta.indices[k]
            while read < n && columns[read] < c {
                mergedColumns[written] = columns[read]
                mergedValues[written] = values[read]
                read += 1
                written += 1
            }
            let before: Float
            if read < n && columns[read] == c {
                before = values[read]
                read += 1
            } else {
                before = 0
            }
            let after = before + delta.values[Int(c)]
            if after != 0 {
                mergedColumns[written] = c
                mergedValues[written] = after
                written += 1
            }
        }
        let tail = n - read
        (mergedColumns + written).update(from: columns + read, count: tail)
        (mergedValues + written).update(from: values + read, count: tail)
        columns.update(from: mergedColumns, count: written + tail)
        values.update(from: mergedValues, count: written + tail)
        rowCount[p] = written + tail
    }

    /// The residual of the first `length` positions as a dense matrix.
    func snapshot(length: Int) -> Matrix {
        var m = Matrix(rows: length, columns: dModel)
        for p in 0..<length {
            for k in 0..<rowCount[p] {
                m.values[p * dModel + Int(rowColumns[p * dModel + k])] = rowValues[p * dModel + k]
            }
        }
        return m
    }
}

/// Counts, per layer, MLP map and input, how often the input was non-zero (calibration).
final class FrequencyCounter {
    /// `[layer][map]` → `[input width]` counts.
    let counts: [[UnsafeMutablePointer<Int>]]
    let widths: [[Int]]

    init(layers: [[Int]]) {
        widths = layers
        counts = layers.map { maps in
            maps.map { width in
                let p = UnsafeMutablePointer<Int>.allocate(capacity: max(width, 1))
                p.initialize(repeating: 0, count: max(width, 1))
                return p
            }
        }
    }

    deinit { for layer in counts { for p in layer { p.deallocate() } } }

    func frequencies(layer: Int, map: Int) -> [Int] {
        Array(UnsafeBufferPointer(start: counts[layer][map], count: widths[layer][map]))
    }
}

/// One head's inverted key index: for each key column, the positions with a non-zero key
/// entry there (ascending) and the entry.
final class KeyIndex {
    let width: Int
    /// `[width + 1]`
    let starts: UnsafeMutablePointer<Int32>
    /// `[width + 1]` scratch.
    let fill: UnsafeMutablePointer<Int32>
    /// `[maxLength × width]` capacity.
    let positions: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>

    init(width: Int, maxLength: Int) {
        self.width = width
        starts = .allocate(capacity: width + 1)
        starts.initialize(repeating: 0, count: width + 1)
        fill = .allocate(capacity: width + 1)
        positions = .allocate(capacity: max(width * maxLength, 1))
        values = .allocate(capacity: max(width * maxLength, 1))
    }

    deinit {
        starts.deallocate()
        fill.deallocate()
        positions.deallocate()
        values.deallocate()
    }

    func build(keys: SparseProjections, segment h: Int, width: Int, offset: Int, length t: Int) {
        starts.update(repeating: 0, count: width + 1)
        for j in 0..<t {
            for e in keys.range(position: j, segment: h) { starts[Int(keys.columns[e]) - offset + 1] += 1 }
        }
        for c in 0..<width { starts[c + 1] += starts[c] }
        fill.update(from: starts, count: width + 1)
        for j in 0..<t {
            for e in keys.range(position: j, segment: h) {
                let c = Int(keys.columns[e]) - offset
                let slot = Int(fill[c])
                positions[slot] = Int32(j)
                values[slot] = keys.values[e]
                fill[c] += 1
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
