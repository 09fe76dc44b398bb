import AltaTensors
import Foundation
import Synchronization

/// The sparse-rows backend of `PreparedModel`: a forward pass for models whose weights and
/// activations are mostly zeros (compiled ALTA and RASP models) that computes exactly what
/// the feature-major pass computes — the same float operations in the same order, so the
/// same floats — while touching only non-zero entries:
///
/// * each sequence runs on its own (one per thread); its residual is updated in place and
///   each position's non-zero columns are tracked, so projections and the MLP read only those;
/// * in a looped model, projections that read only residual dimensions no layer writes are
///   computed once per sequence;
/// * logits come from an inverted index of the keys, and keys whose weight is exactly 0 in
///   float32 are skipped (see `SparseAttentionPlan`);
/// * in a looped model, a head's result at a query is replayed from the previous iteration
///   when its query, every key and the values it weighted are bit-identical (and a row's whole
///   change when every head's is), a head whose keys did not change keeps its key index, and
///   queries of one iteration with the same projection share the head's result (see
///   `AttentionMemo`);
/// * in a looped model, the MLP is evaluated once per iteration on the entries every position
///   holds in common, and per position only where it differs (see `SharedRowPlan`);
/// * where an MLP's first two maps act column by column (a compiled program's indicators),
///   their result for each one-hot entry is looked up in a table built once (see
///   `ColumnTable`);
/// * each MLP map runs from its non-zero inputs; AND-like units (a rule table's) are
///   evaluated only when their pivot input is non-zero (see `SparseMapPlan`), pivots chosen
///   from an `ActivationProfile` when one was measured.
///
/// Models with LayerNorm cannot run here (`supports(_:)`).
final class SparseForward: Sendable {
    struct Layer: Sendable {
        let attention: SparseAttentionPlan
        /// The MLP's maps in order.
        let maps: [SparseMapPlan]
        /// `maps` without reference counting (kept alive by `maps`), for the per-position loop.
        let unretainedMaps: [Unmanaged<SparseMapPlan>]
        /// The first two maps' results per one-hot column, where they act column by column.
        let columnTable: ColumnTable?
        /// In a looped model: what lets the MLP be evaluated once per iteration on the entries
        /// every position holds in common (see `SharedRowPlan`).
        let sharedRows: SharedRowPlan?

        init(attention: SparseAttentionPlan, maps: [SparseMapPlan], columnTable: ColumnTable?, sharedRows: SharedRowPlan?) {
            self.attention = attention
            self.maps = maps
            unretainedMaps = maps.map(Unmanaged.passUnretained)
            self.columnTable = columnTable
            self.sharedRows = sharedRows
        }

        /// The same layer with its maps' pivots chosen from `frequencies` (per map, per input).
        func calibrated(frequencies: (Int) -> [Int]) -> Layer {
            Layer(
                attention: attention, maps: maps.indices.map { maps[$0].calibrated(frequencies: frequencies($0)) },
                columnTable: columnTable,
                sharedRows: sharedRows == nil ? nil : SharedRowPlan(maps: maps, table: columnTable, frequencies: frequencies(2)))
        }
    }

    /// The model run.
    let model: TransformerModel
    let layers: [Layer]
    let dModel: Int

    /// Whether the sparse backend can run `model` (it has no LayerNorm).
    static func supports(_ model: TransformerModel) -> Bool {
        model.finalNorm == nil && model.layers.allSatisfy { $0.attentionNorm == nil && $0.feedForwardNorm == nil }
    }

    /// Builds the plans of `model` (validated, `supports(model)`), pivots from `profile`
    /// when given.
    init(model: TransformerModel, profile: ActivationProfile? = nil) {
        self.model = model
        dModel = model.dModel
        // Residual dimensions no layer ever writes keep their embedding values: in a looped
        // model the projections that read only those are computed once per sequence.
        var staticDimensions: [Bool]? = nil
        if case .looped = model.layout {
            var written = [Bool](repeating: false, count: model.dModel)
            for layer in model.layers {
                for head in layer.heads {
                    for e in head.output.nonZeroEntries { written[e.column] = true }
                }
                for (c, b) in layer.attentionOutputBias.enumerated() where b != 0 { written[c] = true }
                if let last = layer.feedForward.layers.last {
                    for e in last.weight.nonZeroEntries { written[e.column] = true }
                    for (c, b) in last.bias.enumerated() where b != 0 { written[c] = true }
                }
            }
            staticDimensions = written.map { !$0 }
        }
        layers = model.layers.enumerated().map { l, layer in
            let attention = SparseAttentionPlan(
                layer: layer, dModel: model.dModel, scale: model.attentionScale, causal: model.causal,
                staticDimensions: staticDimensions)
            var maps: [SparseMapPlan] = []
            let ff = layer.feedForward
            for (index, linear) in ff.layers.enumerated() {
                let isLast = index == ff.layers.count - 1
                let plan = SparseMapPlan(
                    layer: linear, activation: isLast ? nil : ff.activation,
                    inputsInUnitInterval: index > 0 && ff.activation == .clippedReLU)
                maps.append(profile.map { plan.calibrated(frequencies: $0.counts(layer: l, map: index)) } ?? plan)
            }
            let table = maps.count >= 2
                ? ColumnTable(first: maps[0], second: maps[1], firstLayer: ff.layers[0], secondLayer: ff.layers[1])
                : nil
            var shared: SharedRowPlan? = nil
            if case .looped = model.layout {
                shared = SharedRowPlan(maps: maps, table: table, frequencies: profile?.counts(layer: l, map: 2))
            }
            return Layer(attention: attention, maps: maps, columnTable: table, sharedRows: shared)
        }
    }

    private init(model: TransformerModel, layers: [Layer]) {
        self.model = model
        self.layers = layers
        dModel = model.dModel
    }

    /// The same plans with pivots chosen from `profile` (results are unchanged; only speed
    /// depends on the pivots).
    func calibrated(_ profile: ActivationProfile) -> SparseForward {
        let calibrated = layers.indices.map { l in
            layers[l].calibrated { profile.counts(layer: l, map: $0) }
        }
        return SparseForward(model: model, layers: calibrated)
    }

    /// What one sequence's pass computed.
    struct SequenceResult: Sendable {
        /// `[T, dModel]`
        var final: Matrix
        /// `final` feature-major, and `[T, outputs]`: `final` through the unembedding, as a
        /// pass's result holds them (made on the thread that ran the sequence).
        var stackedFinal: StackedActivations
        var scores: Result<StackedActivations, TensorError>
        var layersRun: Int
        var halted: Bool
        /// At `TraceLevel.residuals`.
        var trace: SequenceTrace?
    }

    /// Runs the validated sequences `tokenIDs[range]` on at most `threads` threads (sequences
    /// are handed out one at a time), writing each result into `results` at its index.
    func run(
        _ tokenIDs: [[Int]], range: Range<Int>, depth: Int, halting: HaltingRule?, trace: Bool, threads: Int,
        into results: inout [SequenceResult?]
    ) {
        let workers = max(1, min(threads, range.count))
        let longest = tokenIDs[range].map(\.count).max() ?? 0
        if workers == 1 {
            let workspace = SparseWorkspace(plans: self, longest: longest)
            for s in range {
                results[s] = run(tokenIDs[s], depth: depth, halting: halting, trace: trace, workspace: workspace)
            }
            return
        }
        let cursor = Atomic<Int>(range.lowerBound)
        results.withUnsafeMutableBufferPointer { slots in
            // Each sequence is taken by one worker, which alone writes its slot.
            ParallelFor.run(workers) { _ in
                let workspace = SparseWorkspace(plans: self, longest: longest)
                while true {
                    let s = cursor.add(1, ordering: .relaxed).oldValue
                    guard s < range.upperBound else { break }
                    slots[s] = run(tokenIDs[s], depth: depth, halting: halting, trace: trace, workspace: workspace)
                }
            }
        }
    }

    /// Runs the validated sequences `tokenIDs` on the calling thread, counting how often each
    /// MLP input is non-zero; returns the results and the profile measured.
    func profiling(
        _ tokenIDs: ArraySlice<[Int]>, depth: Int, halting: HaltingRule?, trace: Bool
    ) -> (results: [SequenceResult], profile: ActivationProfile) {
        let workspace = SparseWorkspace(plans: self, longest: tokenIDs.map(\.count).max() ?? 0, counting: true)
        let results = tokenIDs.map { run($0, depth: depth, halting: halting, trace: trace, workspace: workspace) }
        return (results, ActivationProfile(sequences: tokenIDs.count, nonZeroCounts: workspace.counter?.snapshot ?? []))
    }

    /// One validated sequence: at most `depth` layer applications, stopping when `halting`
    /// holds at every position.
    func run(_ ids: [Int], depth: Int, halting: HaltingRule?, trace: Bool, workspace ws: SparseWorkspace) -> SequenceResult {
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
        let embedding = trace ? ws.snapshot(length: t) : nil
        ws.attentionMemo?.invalidate()
        if case .looped = model.layout, let layer = layers.first {
            prepareStatic(layer.attention, length: t, workspace: ws)
        }
        var traces: [LayerTrace] = []
        var run = 0
        var halted = false
        for step in 0..<depth {
            let layerIndex: Int
            if case .stacked = model.layout { layerIndex = step } else { layerIndex = 0 }
            let layer = layers[layerIndex]
            attention(layer.attention, length: t, workspace: ws)
            let afterAttention = trace ? ws.snapshot(length: t) : nil
            mlp(layer, layerIndex: layerIndex, length: t, workspace: ws)
            if let afterAttention {
                traces.append(LayerTrace(
                    layer: layerIndex, step: step, afterAttention: afterAttention, attentionLogits: [],
                    attentionPatterns: [], mlpHidden: [], afterMLP: ws.snapshot(length: t)))
            }
            run += 1
            if let rule = halting {
                var done = true
                for p in 0..<t where !(ws.value(position: p, column: rule.dimension) > rule.threshold) { done = false; break }
                if done { halted = true; break }
            }
        }
        let final = ws.snapshot(length: t)
        return SequenceResult(
            final: final, stackedFinal: ws.featureMajor(length: t),
            scores: Result { () throws(TensorError) in StackedActivations(single: try model.unembedding.apply(to: final)) },
            layersRun: run, halted: halted,
            trace: embedding.map { SequenceTrace(embedding: $0, layers: traces) })
    }

    /// Refills `store` with the projections of the residual's rows `0..<t` (`ws.rowColumns`,
    /// `ws.rowValues`, `ws.rowCount`) through `weights` and `bias`; with a `memo`, rows that
    /// read as at the iteration before keep their projections (copied from `memo.previous`).
    @inline(__always)
    private func project(
        length t: Int, through weights: SparseMatrix, bias: [(Int, Float)], segmentOf: [Int32],
        into store: SparseProjections, memo: AttentionMemo? = nil, workspace ws: SparseWorkspace
    ) {
        let d = dModel
        store.reset()
        for j in 0..<t {
            let columns = UnsafePointer(ws.rowColumns + j * d), values = UnsafePointer(ws.rowValues + j * d)
            if let memo, memo.inputUnchanged(position: j, columns: columns, values: values, count: ws.rowCount[j]) {
                store.append(copying: j, from: memo.previous)
            } else {
                store.append(
                    indices: columns, values: values, count: ws.rowCount[j], weights: weights, bias: bias,
                    segmentOf: segmentOf, scratch: ws.projection)
            }
        }
    }

    /// Projections and key indexes of the static segments (computed once per sequence).
    func prepareStatic(_ plan: SparseAttentionPlan, length t: Int, workspace ws: SparseWorkspace) {
        let store = ws.staticProjections
        project(length: t, through: plan.staticProjection, bias: plan.staticProjectionBias, segmentOf: plan.segmentOf,
                into: store, workspace: ws)
        let heads = plan.headCount
        for h in 0..<heads where plan.segmentIsStatic[heads + h] {
            ws.keyIndex[h].build(keys: store, segment: heads + h, width: plan.widths[h], offset: plan.keyOffsets[h], length: t)
        }
    }

    func attention(_ plan: SparseAttentionPlan, length t: Int, workspace ws: SparseWorkspace) {
        let memo = ws.attentionMemo
        let projections = memo?.current ?? ws.projections
        project(length: t, through: plan.projection, bias: plan.projectionBias, segmentOf: plan.segmentOf,
                into: projections, memo: memo, workspace: ws)
        memo?.compare(length: t)
        let heads = plan.headCount
        // Inverted key index per head: key column → (position, value), positions ascending
        // (static ones were built with the static projections; unchanged ones are kept).
        for h in 0..<heads where !plan.segmentIsStatic[heads + h] {
            if let memo, !memo.keyChanged[h] { continue }
            ws.keyIndex[h].build(keys: projections, segment: heads + h, width: plan.widths[h], offset: plan.keyOffsets[h], length: t)
        }
        let valueBase = plan.segmentBounds[2 * heads]
        let delta = ws.delta, headOutput = ws.headOutput, mixed = ws.mixed
        /// Head `h`'s mixed values at query `i`: replayed when unchanged, else computed (and
        /// recorded).
        @inline(__always) func mixOrReplay(_ h: Int, _ i: Int) {
            guard let memo else {
                mix(plan, head: h, query: i, length: t, valueBase: valueBase, projections: projections, workspace: ws)
                return
            }
            if memo.reusable(query: i, head: h) {
                memo.replay(query: i, head: h, into: mixed)
                return
            }
            // Another query of this iteration with the same projection got the same result.
            let source = memo.lastRecorded[h]
            let queries = plan.segmentIsStatic[h] ? ws.staticProjections : projections
            if source >= 0 && plan.sharesQueries[h]
                && SparseProjections.sameEntries(queries, source, queries, i, segment: h)
            {
                memo.share(from: source, to: i, head: h, into: mixed)
                return
            }
            let start = mixed.count
            memo.begin(query: i, head: h)
            mix(plan, head: h, query: i, length: t, valueBase: valueBase, projections: projections, workspace: ws)
            memo.end(query: i, head: h, mixed: mixed, from: start)
        }
        for i in 0..<t {
            // Every head's result as at the previous iteration: so is the row's change.
            if let memo, memo.allReusable(query: i) {
                memo.replayChange(position: i, into: delta)
                ws.apply(delta, position: i)
                delta.clear()
                continue
            }
            for (c, b) in plan.outputBias { delta.add(c, b) }
            if let combined = plan.combinedOutput {
                for h in 0..<heads { mixOrReplay(h, i) }
                scatter(mixed, through: combined, rowOffset: 0, into: delta)
                mixed.clear()
            } else {
                for h in 0..<heads {
                    mixOrReplay(h, i)
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
            memo?.recordChange(position: i, delta)
            delta.clear()
        }
        memo?.advance()
    }

    /// `output += input[rows] @ matrix` for the written rows of `input` (row `r` of the matrix
    /// is input index `r + rowOffset`), skipping zeros.
    @inline(__always)
    private func scatter(_ input: SparseBuffer, through matrix: SparseMatrix, rowOffset: Int, into output: SparseBuffer) {
        let starts = matrix.rowStarts, cols = matrix.columnIndices, vals = matrix.storedValues
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
        projections dynamic: SparseProjections, workspace ws: SparseWorkspace
    ) {
        let index = ws.keyIndex[h]
        let projections = plan.segmentIsStatic[h] ? ws.staticProjections : dynamic
        let logits = ws.logits, marked = ws.logitMarked, touchedList = ws.touched, visibleList = ws.visible
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
                if w != 0 { accumulate(position: j, segment: valueSegment, weight: w, valueBase: valueBase, projections: dynamic, workspace: ws) }
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
                softmaxMix(keys: touchedList, count: touched, scale: scale, sink: sink, maxLogit: maxLogit,
                           segment: valueSegment, valueBase: valueBase, projections: dynamic, workspace: ws)
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
                softmaxMix(keys: visibleList, count: visible, scale: scale, sink: sink, maxLogit: maxLogit,
                           segment: valueSegment, valueBase: valueBase, projections: dynamic, workspace: ws)
            }
        }
        for n in 0..<touched {
            let j = Int(touchedList[n])
            logits[j] = 0
            marked[j] = false
        }
    }

    /// The softmax over the logits (`ws.logits`) of the `count` listed keys and the sink,
    /// shifted by `maxLogit`, with each key's value projection accumulated into `ws.mixed` at
    /// its weight (keys whose weight rounds to 0 are skipped).
    @inline(__always)
    private func softmaxMix(
        keys: UnsafeMutablePointer<Int32>, count: Int, scale: Float, sink: Float?, maxLogit: Float,
        segment: Int, valueBase: Int, projections: SparseProjections, workspace ws: SparseWorkspace
    ) {
        let logits = ws.logits, weights = ws.weights
        var total: Float = 0
        for n in 0..<count {
            let e = Self.exp(logits[Int(keys[n])] * scale - maxLogit)
            weights[n] = e
            total += e
        }
        if let sink { total += Self.exp(sink - maxLogit) }
        let inverse = 1 / total
        for n in 0..<count {
            let w = weights[n] * inverse
            if w != 0 {
                accumulate(position: Int(keys[n]), segment: segment, weight: w, valueBase: valueBase, projections: projections, workspace: ws)
            }
        }
    }

    /// `eˣ` as the runtime's softmax computes it (`VectorMath.exp`).
    @inline(__always)
    static func exp(_ x: Float) -> Float { VectorMath.exp(x) }

    @inline(__always)
    private func accumulate(
        position j: Int, segment: Int, weight w: Float, valueBase: Int, projections dynamic: SparseProjections,
        workspace ws: SparseWorkspace
    ) {
        ws.attentionMemo?.noteUse(j)
        let projections = ws.staticSegment(segment) ? ws.staticProjections : dynamic
        let mixed = ws.mixed
        for e in projections.range(position: j, segment: segment) {
            mixed.add(Int(projections.columns[e]) - valueBase, w * projections.values[e])
        }
    }

    func mlp(_ layer: Layer, layerIndex: Int, length t: Int, workspace ws: SparseWorkspace) {
        let maps = layer.maps
        guard !maps.isEmpty, t > 0 else { return }
        if let plan = layer.sharedRows, let scratch = ws.sharedRows, ws.counter == nil {
            sharedMLP(layer, plan: plan, scratch: scratch, length: t, workspace: ws)
            return
        }
        let buffers = ws.unretainedHidden, d = dModel
        for i in 0..<t {
            evaluate(
                layer, layerIndex: layerIndex, maps: 0..<maps.count, columns: ws.rowColumns + i * d,
                values: ws.rowValues + i * d, count: ws.rowCount[i], buffers: buffers, workspace: ws)
            buffers[maps.count - 1]._withUnsafeGuaranteedRef { ws.apply($0, position: i) }
        }
    }

    /// The MLP of a looped layer evaluated once on the entries every position holds in common
    /// and per position only where it differs (see `SharedRowPlan`), each position's change
    /// applied.
    private func sharedMLP(
        _ layer: Layer, plan: SharedRowPlan, scratch: SharedRowScratch, length t: Int, workspace ws: SparseWorkspace
    ) {
        let table = plan.table
        let mapCount = layer.maps.count
        scratch.classify(length: t, workspace: ws, table: table)
        defer { scratch.reset() }
        // The global entries (every position holds them, as position 0 does) through every map.
        let global = ws.unretainedHidden, own = scratch.unretainedHidden
        let globalCount = scratch.entries(position: 0, local: false, workspace: ws, table: table)
        scratch.counts[0] += 1
        scratch.counts[1] += globalCount
        evaluate(
            layer, layerIndex: 0, maps: 0..<mapCount, columns: scratch.columns, values: scratch.values,
            count: globalCount, buffers: global, workspace: ws)
        // Each position's own units of the first two maps.
        var total = 0
        for i in 0..<t {
            scratch.localStarts[i] = total
            let localCount = scratch.entries(position: i, local: true, workspace: ws, table: table)
            guard localCount > 0 else { continue }
            evaluate(
                layer, layerIndex: 0, maps: 0..<2, columns: scratch.columns, values: scratch.values, count: localCount,
                buffers: own, workspace: ws)
            own[1]._withUnsafeGuaranteedRef { locals in
                for n in 0..<locals.count {
                    let u = Int(locals.indices[n])
                    scratch.localUnits[total] = Int32(u)
                    scratch.localValues[total] = locals.values[u]
                    total += 1
                    scratch.notePossible(u)
                }
            }
        }
        scratch.localStarts[t] = total
        global[1]._withUnsafeGuaranteedRef { input in
            // The third map's gated units each local unit can make fire this iteration.
            var armed = 0
            for n in 0..<scratch.possibleCount.pointee {
                let u = Int(scratch.possibleUnits[n])
                scratch.armedStarts[u] = armed
                armed = plan.arm(u, input: input.values, possible: scratch.possible, into: scratch.armed, count: armed)
                scratch.armedCounts[u] = armed - scratch.armedStarts[u]
            }
            global[2]._withUnsafeGuaranteedRef { globalThird in
                for i in 0..<t {
                    let start = scratch.localStarts[i], count = scratch.localStarts[i + 1] - start
                    var changed = false
                    if count > 0 {
                        // The position's own units, written into the global input of the third
                        // map for as long as it is looked at.
                        let units = scratch.localUnits + start, values = scratch.localValues + start
                        for n in 0..<count { input.values[Int(units[n])] = values[n] }
                        changed = plan.reevaluate(
                            locals: units, values: values, count: count, input: input.values, global: globalThird,
                            armed: scratch.armed, armedStarts: scratch.armedStarts, armedCounts: scratch.armedCounts,
                            into: scratch.changes, seen: scratch.seen)
                        for n in 0..<count { input.values[Int(units[n])] = 0 }
                    }
                    guard changed else {
                        scratch.counts[2] += 1
                        global[mapCount - 1]._withUnsafeGuaranteedRef { ws.apply($0, position: i) }
                        continue
                    }
                    scratch.counts[3] += 1
                    // The third map's output at this position: the global one with the changes.
                    own[2]._withUnsafeGuaranteedRef { third in
                        third.clear()
                        let changes = scratch.changes
                        for n in 0..<globalThird.count {
                            let j = Int(globalThird.indices[n])
                            if !changes.marked[j] { third.set(j, globalThird.values[j]) }
                        }
                        for n in 0..<changes.count {
                            let j = Int(changes.indices[n])
                            if changes.values[j] != 0 { third.set(j, changes.values[j]) }
                        }
                        changes.clear()
                    }
                    evaluate(
                        layer, layerIndex: 0, maps: 3..<mapCount, columns: scratch.columns, values: scratch.values,
                        count: 0, buffers: own, workspace: ws)
                    own[mapCount - 1]._withUnsafeGuaranteedRef { ws.apply($0, position: i) }
                }
            }
        }
    }

    /// Evaluates the MLP maps `range` (the first from the row `columns[0..<count]`,
    /// ascending, with `values`; each later one from the previous map's buffer) into
    /// `buffers`, counting inputs when calibrating.
    @inline(__always)
    private func evaluate(
        _ layer: Layer, layerIndex: Int, maps range: Range<Int>, columns: UnsafePointer<Int32>,
        values rowValues: UnsafePointer<Float>, count rowCount: Int, buffers: [Unmanaged<SparseBuffer>],
        workspace ws: SparseWorkspace
    ) {
        // Maps and buffers are used unretained: `layer` and `ws` keep them alive, and the
        // per-position loop pays no reference counting.
        let maps = layer.unretainedMaps
        let counter = ws.counter
        let scratch = ws.gathered
        // The column table stands in for the first two maps on the entries it holds (not
        // while counting activations, which needs every input of the second map).
        let table = counter == nil ? layer.columnTable : nil
        var tabled = 0
        if range.lowerBound == 0 {
            var values = rowValues
            var indices = columns
            var count = rowCount
            if let table {
                var rest = 0
                for n in 0..<count {
                    let c = indices[n]
                    if table.covered[Int(c)] && values[n] == ColumnTable.input {
                        ws.tabledColumns[tabled] = c
                        tabled += 1
                    } else {
                        ws.localColumns[rest] = c
                        ws.localValues[rest] = values[n]
                        rest += 1
                    }
                }
                values = UnsafePointer(ws.localValues)
                indices = UnsafePointer(ws.localColumns)
                count = rest
            }
            if let counter {
                let counts = counter.counts[layerIndex][0]
                for n in 0..<count where values[n] != 0 { counts[Int(indices[n])] += 1 }
            }
            buffers[0]._withUnsafeGuaranteedRef { first in
                first.clear()
                maps[0]._withUnsafeGuaranteedRef {
                    $0.evaluate(
                        input: nil, aligned: values, indices: indices, count: count, sorted: true, into: first,
                        scratch: scratch)
                }
            }
        }
        for m in max(range.lowerBound, 1)..<range.upperBound {
            buffers[m - 1]._withUnsafeGuaranteedRef { input in
                buffers[m]._withUnsafeGuaranteedRef { output in
                    if let counter {
                        let counts = counter.counts[layerIndex][m]
                        for n in 0..<input.count {
                            let index = Int(input.indices[n])
                            if input.values[index] != 0 { counts[index] += 1 }
                        }
                    }
                    output.clear()
                    maps[m]._withUnsafeGuaranteedRef { $0.evaluate(after: input, into: output, scratch: scratch) }
                    if m == 1, let table {
                        for n in 0..<tabled {
                            let c = Int(ws.tabledColumns[n])
                            for e in table.starts[c]..<table.starts[c + 1] { output.set(Int(table.units[e]), table.values[e]) }
                        }
                    }
                }
            }
        }
    }
}

