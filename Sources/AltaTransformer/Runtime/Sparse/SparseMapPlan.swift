import AltaTensors

/// One linear map of an MLP prepared for sparse inputs: `y = act(x @ W + b)`.
///
/// Units are of two sorts:
///
/// * **scattered** units receive contributions from every non-zero input through the rows of
///   `W`; a unit no input reaches has the value `act(b)`, so units with `act(b) ≠ 0` are kept
///   in `liveUnits`;
/// * **gated** units are AND-like: the activation is zero for non-positive arguments, the
///   inputs lie in [0, 1] (they come from a clipped ReLU), every weight is positive and
///   `b + Σw − min w ≤ 0` (with integer weights, or a margin), so the unit can only be
///   non-zero when *every* input is non-zero. Each gated unit is listed under one "pivot"
///   input and evaluated only when that input is non-zero — this is what makes a rule table of
///   tens of thousands of units cheap per position. Pivots are the inputs least often non-zero
///   as measured on sample inputs (`calibrated(frequencies:)`, from an `ActivationProfile`);
///   unmeasured, the input with the fewest gated readers.
///
/// The results equal `LinearLayer.apply` + activation bit for bit: contributions are added in
/// ascending input order and the bias is added last, as the dense runtime does (a skipped
/// gated unit is one whose runtime value is ≤ 0 before the activation, hence 0).
final class SparseMapPlan: Sendable {
    let inputWidth: Int
    let outputWidth: Int
    /// `[outputWidth]`
    let bias: [Float]
    let hasBias: Bool
    /// `nil` for the last map (no activation).
    let activation: Activation?
    /// `[inputWidth, outputWidth]`: the weights of all scattered units (used when the inputs
    /// arrive in ascending order, so every unit's sum runs in the runtime's order).
    let scatter: SparseMatrix
    /// `[inputWidth, outputWidth]`: the weights of scattered units with a single input.
    let scatterSingle: SparseMatrix
    /// `[inputWidth, outputWidth]` (values unused): scattered units with several inputs, by
    /// input; with unordered inputs these units are gathered (`summedInputs`) instead.
    let summedTouch: SparseMatrix
    /// `[outputWidth, inputWidth]`: inputs (ascending) and weights of multi-input scattered
    /// units.
    let summedInputs: SparseMatrix
    /// Whether multi-input units have so many inputs that sorting the (few) non-zero inputs
    /// and scattering is cheaper than gathering; callers then pass sorted inputs.
    let requiresSortedInput: Bool
    /// Scattered units whose value is `act(b) ≠ 0` when no input reaches them.
    let liveUnits: [Int32]
    /// `[outputWidth, inputWidth]`: each gated unit's inputs and weights (empty rows for
    /// scattered units).
    let gatedInputs: SparseMatrix
    /// Number of gated units.
    let gatedCount: Int
    /// Gated units grouped by pivot input, with their inputs stored alongside.
    let pivots: PivotTable
    /// Per input, the number of gated units reading it.
    let readers: [Int]

    /// Prepares `layer`.
    ///
    /// - Parameters:
    ///   - inputsInUnitInterval: whether the inputs come from a clipped ReLU (needed for gating).
    init(layer: LinearLayer, activation: Activation?, inputsInUnitInterval: Bool) {
        let rows = layer.weight.rows
        let columns = layer.weight.columns
        inputWidth = rows
        outputWidth = columns
        bias = layer.bias
        hasBias = layer.bias.contains { $0 != 0 }
        self.activation = activation
        let entries = layer.weight.nonZeroEntries

        var incoming = [[(row: Int, value: Float)]](repeating: [], count: columns)
        for e in entries { incoming[e.column].append((e.row, e.value)) }

        var gated = [Bool](repeating: false, count: columns)
        let zeroBelow = activation == .relu || activation == .clippedReLU
        if zeroBelow && inputsInUnitInterval {
            for j in 0..<columns {
                let inputs = incoming[j]
                guard !inputs.isEmpty, inputs.allSatisfy({ $0.value > 0 }) else { continue }
                let b = Double(layer.bias[j])
                let total = inputs.reduce(0.0) { $0 + Double($1.value) }
                let smallest = Double(inputs.map(\.value).min() ?? 0)
                let slack = b + total - smallest
                let integral = ([b] + inputs.map { Double($0.value) }).allSatisfy { $0 == $0.rounded() && abs($0) < 1e6 }
                if integral ? slack <= 0 : slack <= -1e-4 * (abs(b) + total) { gated[j] = true }
            }
        }

        var scatterEntries: [(row: Int, column: Int, value: Float)] = []
        var gatedEntries: [(row: Int, column: Int, value: Float)] = []
        var live: [Int32] = []
        var singleEntries: [(row: Int, column: Int, value: Float)] = []
        var touchEntries: [(row: Int, column: Int, value: Float)] = []
        var summedEntries: [(row: Int, column: Int, value: Float)] = []
        var readers = [Int](repeating: 0, count: rows)
        var count = 0
        for j in 0..<columns {
            if gated[j] {
                count += 1
                for (r, w) in incoming[j] {
                    gatedEntries.append((j, r, w))
                    readers[r] += 1
                }
            } else {
                for (r, w) in incoming[j] { scatterEntries.append((r, j, w)) }
                if incoming[j].count > 1 {
                    for (r, w) in incoming[j] {
                        touchEntries.append((r, j, 1))
                        summedEntries.append((j, r, w))
                    }
                } else {
                    for (r, w) in incoming[j] { singleEntries.append((r, j, w)) }
                }
                let resting = activation.map { $0(layer.bias[j]) } ?? layer.bias[j]
                if resting != 0 { live.append(Int32(j)) }
            }
        }
        scatter = SparseMatrix(rows: rows, columns: columns, entries: scatterEntries)
        scatterSingle = SparseMatrix(rows: rows, columns: columns, entries: singleEntries)
        summedTouch = SparseMatrix(rows: rows, columns: columns, entries: touchEntries)
        let summed = SparseMatrix(rows: columns, columns: rows, entries: summedEntries)
        summedInputs = summed
        requiresSortedInput = (0..<columns).contains { summed.rowLength($0) > 16 }
        gatedInputs = SparseMatrix(rows: columns, columns: rows, entries: gatedEntries)
        liveUnits = live
        gatedCount = count
        self.readers = readers
        pivots = Self.choosePivots(gatedInputs: gatedInputs, inputWidth: rows) { r, best in readers[r] < readers[best] }
    }

    private init(copying plan: SparseMapPlan, pivots: PivotTable) {
        inputWidth = plan.inputWidth
        outputWidth = plan.outputWidth
        bias = plan.bias
        hasBias = plan.hasBias
        activation = plan.activation
        scatter = plan.scatter
        scatterSingle = plan.scatterSingle
        summedTouch = plan.summedTouch
        summedInputs = plan.summedInputs
        requiresSortedInput = plan.requiresSortedInput
        liveUnits = plan.liveUnits
        gatedInputs = plan.gatedInputs
        gatedCount = plan.gatedCount
        readers = plan.readers
        self.pivots = pivots
    }

    /// The same map with pivots chosen by measured frequencies (per input, how often it was
    /// non-zero; ties broken by fewer gated readers). Results do not depend on the pivots.
    func calibrated(frequencies: [Int]) -> SparseMapPlan {
        guard gatedCount > 0, frequencies.count == inputWidth else { return self }
        let readers = self.readers
        let pivots = Self.choosePivots(gatedInputs: gatedInputs, inputWidth: inputWidth) { r, best in
            if frequencies[r] != frequencies[best] { return frequencies[r] < frequencies[best] }
            return readers[r] < readers[best]
        }
        return SparseMapPlan(copying: self, pivots: pivots)
    }

    private static func choosePivots(
        gatedInputs: SparseMatrix, inputWidth: Int, better: (Int, Int) -> Bool
    ) -> PivotTable {
        var pivotOf = [Int](repeating: -1, count: gatedInputs.rows)
        for j in 0..<gatedInputs.rows {
            let lo = Int(gatedInputs.rowStarts[j]), hi = Int(gatedInputs.rowStarts[j + 1])
            guard hi > lo else { continue }
            var best = Int(gatedInputs.columnIndices[lo])
            for g in lo..<hi {
                let r = Int(gatedInputs.columnIndices[g])
                if better(r, best) { best = r }
            }
            pivotOf[j] = best
        }
        return PivotTable(gatedInputs: gatedInputs, pivotOf: pivotOf, inputWidth: inputWidth, better: better)
    }

    /// Evaluates the map on the non-zero inputs `indices[0..<count]`, writing into `output`
    /// (cleared by the caller); afterwards `output`'s values are non-zero (indices in no
    /// particular order).
    ///
    /// Input values come from `aligned[k]` (the value of `indices[k]`) when given, else from
    /// the dense `input`. With `sorted` inputs (ascending) every scattered unit is summed in
    /// the runtime's order directly; otherwise multi-input units are gathered from the dense
    /// `input`, which gated units need too. `done` (width ≥ outputWidth, clear) marks units
    /// already computed as zero.
    func evaluate(
        input: UnsafePointer<Float>?, aligned: UnsafePointer<Float>?, indices: UnsafePointer<Int32>, count: Int,
        sorted: Bool, into output: SparseBuffer, scratch done: SparseBuffer
    ) {
        if sorted || input == nil {
            Self.scatter(scatter, input: input, aligned: aligned, indices: indices, count: count, into: output)
        } else {
            Self.scatter(scatterSingle, input: input, aligned: aligned, indices: indices, count: count, into: output)
        }
        // Scattered units: bias and activation; zeros are dropped (every unit written later
        // is written only when non-zero).
        let outValues = output.values, outIndices = output.indices, outMarked = output.marked
        var kept = 0
        for k in 0..<output.count {
            let j = Int(outIndices[k])
            var y = outValues[j]
            if hasBias { y += bias[j] }
            if let activation { y = activation(y) }
            outValues[j] = y
            if y != 0 {
                outIndices[kept] = outIndices[k]
                kept += 1
            } else {
                outMarked[j] = false
                done.set(j, 1)
            }
        }
        output.count = kept
        // Multi-input units from unordered inputs: gathered in ascending input order.
        if !sorted, let input, summedInputs.nonZeroCount > 0 {
            precondition(!requiresSortedInput, "inputs must be sorted for this map")
            let tStarts = summedTouch.rowStarts, tUnits = summedTouch.columnIndices
            let sStarts = summedInputs.rowStarts, sRows = summedInputs.columnIndices, sVals = summedInputs.storedValues
            for k in 0..<count {
                let p = Int(indices[k])
                if input[p] == 0 { continue }
                for e in Int(tStarts[p])..<Int(tStarts[p + 1]) {
                    let j = Int(tUnits[e])
                    if output.marked[j] || done.marked[j] { continue }
                    done.set(j, 1)
                    var sum: Float = 0
                    for g in Int(sStarts[j])..<Int(sStarts[j + 1]) {
                        let x = input[Int(sRows[g])]
                        if x != 0 { sum += x * sVals[g] }
                    }
                    if hasBias { sum += bias[j] }
                    let y = activation.map { $0(sum) } ?? sum
                    if y != 0 { output.set(j, y) }
                }
            }
        }
        for j32 in liveUnits {
            let j = Int(j32)
            if output.marked[j] || done.marked[j] { continue }
            output.set(j, activation.map { $0(bias[j]) } ?? bias[j])
        }
        // Gated units, packed by pivot: per non-zero pivot, the groups whose check input is
        // non-zero, each one linear walk.
        if gatedCount > 0, let activation, let input {
            let groupStarts = pivots.groupStarts, checks = pivots.groupChecks, offsets = pivots.groupOffsets
            let records = pivots.records
            for k in 0..<count {
                let p = Int(indices[k])
                if input[p] == 0 { continue }
                for group in Int(groupStarts[p])..<Int(groupStarts[p + 1]) {
                    if input[Int(checks[group])] == 0 { continue }
                    var offset = offsets[group]
                    let groupEnd = offsets[group + 1]
                    while offset < groupEnd {
                        let record = offset
                        offset = pivots.recordEnd(record)
                        guard var sum = pivots.sum(record: record, input: input) else { continue }
                        let j = Int(records[record])
                        if hasBias { sum += bias[j] }
                        let y = activation(sum)
                        if y != 0 { output.set(j, y) }
                    }
                }
            }
        }
        done.clear()
    }

    /// `output[j] += x[p] · rows[p, j]` for the non-zero inputs `p` (values from `aligned`
    /// or `input`, as in `evaluate`), the matrix borrowed rather than copied.
    @inline(__always)
    private static func scatter(
        _ rows: borrowing SparseMatrix, input: UnsafePointer<Float>?, aligned: UnsafePointer<Float>?,
        indices: UnsafePointer<Int32>, count: Int, into output: SparseBuffer
    ) {
        rows.rowStarts.withUnsafeBufferPointer { starts in
            rows.columnIndices.withUnsafeBufferPointer { cols in
                rows.storedValues.withUnsafeBufferPointer { vals in
                    for k in 0..<count {
                        let p = Int(indices[k])
                        let x: Float
                        if let aligned { x = aligned[k] } else if let input { x = input[p] } else { continue }
                        if x == 0 { continue }
                        for e in starts[p]..<starts[p + 1] { output.add(Int(cols[e]), x * vals[e]) }
                    }
                }
            }
        }
    }

    /// Evaluates the map on the previous map's result `input` (its written indices in the
    /// order written, sorted first when `requiresSortedInput`), as a pass does for every map
    /// after the first.
    func evaluate(after input: SparseBuffer, into output: SparseBuffer, scratch: SparseBuffer) {
        if requiresSortedInput { input.sortIndices() }
        evaluate(
            input: UnsafePointer(input.values), aligned: nil, indices: UnsafePointer(input.indices), count: input.count,
            sorted: requiresSortedInput, into: output, scratch: scratch)
    }
}
