import AltaTensors
import AltaTransformer

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
///   tens of thousands of units cheap per position. Pivots are the inputs least often non-zero:
///   measured by `calibrated(frequencies:)`, else estimated from the compiler's hints.
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
    let scatter: SparseRows
    /// `[inputWidth, outputWidth]`: the weights of scattered units with a single input.
    let scatterSingle: SparseRows
    /// `[inputWidth, outputWidth]` (values unused): scattered units with several inputs, by
    /// input; with unordered inputs these units are gathered (`summedInputs`) instead.
    let summedTouch: SparseRows
    /// `[outputWidth, inputWidth]`: inputs (ascending) and weights of multi-input scattered
    /// units.
    let summedInputs: SparseRows
    /// Whether multi-input units have so many inputs that sorting the (few) non-zero inputs
    /// and scattering is cheaper than gathering; callers then pass sorted inputs.
    let requiresSortedInput: Bool
    /// Scattered units whose value is `act(b) ≠ 0` when no input reaches them.
    let liveUnits: [Int32]
    /// `[outputWidth, inputWidth]`: each gated unit's inputs and weights (empty rows for
    /// scattered units).
    let gatedInputs: SparseRows
    /// Number of gated units.
    let gatedCount: Int
    /// Gated units grouped by pivot input, with their inputs stored alongside.
    let pivots: PivotTable
    /// Per input, the static rarity hint (larger = rarer) and the number of gated readers.
    let rarity: [Int]
    let readers: [Int]

    /// Prepares `layer`.
    ///
    /// - Parameters:
    ///   - inputsInUnitInterval: whether the inputs come from a clipped ReLU (needed for gating).
    ///   - rarity: per input, how rarely it is non-zero (larger = rarer), used for pivots until
    ///     the plan is calibrated.
    init(layer: LinearLayer, activation: Activation?, inputsInUnitInterval: Bool, rarity: [Int]?) {
        let rows = layer.weight.rows
        let columns = layer.weight.columns
        inputWidth = rows
        outputWidth = columns
        bias = layer.bias
        hasBias = layer.bias.contains { $0 != 0 }
        self.activation = activation
        let entries = SparseRows.entries(of: layer.weight)

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
        scatter = SparseRows(rows: rows, columns: columns, entries: scatterEntries)
        scatterSingle = SparseRows(rows: rows, columns: columns, entries: singleEntries)
        summedTouch = SparseRows(rows: rows, columns: columns, entries: touchEntries)
        let summed = SparseRows(rows: columns, columns: rows, entries: summedEntries)
        summedInputs = summed
        requiresSortedInput = (0..<columns).contains { summed.rowLength($0) > 16 }
        gatedInputs = SparseRows(rows: columns, columns: rows, entries: gatedEntries)
        liveUnits = live
        gatedCount = count
        let hints = rarity.flatMap { $0.count == rows ? $0 : nil } ?? [Int](repeating: 1, count: rows)
        self.readers = readers
        self.rarity = hints
        pivots = Self.choosePivots(gatedInputs: gatedInputs, inputWidth: rows) { r, best in
            hints[r] > hints[best] || (hints[r] == hints[best] && readers[r] < readers[best])
        }
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
        rarity = plan.rarity
        readers = plan.readers
        self.pivots = pivots
    }

    /// The same map with pivots chosen by measured frequencies (per input, how often it was
    /// non-zero; ties broken by the static hints).
    func calibrated(frequencies: [Int]) -> SparseMapPlan {
        guard gatedCount > 0, frequencies.count == inputWidth else { return self }
        let rarity = self.rarity, readers = self.readers
        let pivots = Self.choosePivots(gatedInputs: gatedInputs, inputWidth: inputWidth) { r, best in
            if frequencies[r] != frequencies[best] { return frequencies[r] < frequencies[best] }
            return rarity[r] > rarity[best] || (rarity[r] == rarity[best] && readers[r] < readers[best])
        }
        return SparseMapPlan(copying: self, pivots: pivots)
    }

    private static func choosePivots(
        gatedInputs: SparseRows, inputWidth: Int, better: (Int, Int) -> Bool
    ) -> PivotTable {
        var pivotOf = [Int](repeating: -1, count: gatedInputs.rowCount)
        for j in 0..<gatedInputs.rowCount {
            let lo = Int(gatedInputs.starts[j]), hi = Int(gatedInputs.starts[j + 1])
            guard hi > lo else { continue }
            var best = Int(gatedInputs.columns[lo])
            for g in lo..<hi {
                let r = Int(gatedInputs.columns[g])
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
        let rowsUsed = sorted || input == nil ? scatter : scatterSingle
        let starts = rowsUsed.starts, cols = rowsUsed.columns, vals = rowsUsed.values
        for k in 0..<count {
            let p = Int(indices[k])
            let x: Float
            if let aligned { x = aligned[k] } else if let input { x = input[p] } else { continue }
            if x == 0 { continue }
            for e in Int(starts[p])..<Int(starts[p + 1]) { output.add(Int(cols[e]), x * vals[e]) }
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
        if !sorted, let input, summedInputs.entryCount > 0 {
            precondition(!requiresSortedInput, "inputs must be sorted for this map")
            let tStarts = summedTouch.starts, tUnits = summedTouch.columns
            let sStarts = summedInputs.starts, sRows = summedInputs.columns, sVals = summedInputs.values
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
        // Gated units, packed by pivot: one linear walk per non-zero pivot.
        if gatedCount > 0, let activation, let input {
            let pStarts = pivots.starts, records = pivots.records
            for k in 0..<count {
                let p = Int(indices[k])
                if input[p] == 0 { continue }
                var offset = pStarts[p]
                let end = pStarts[p + 1]
                while offset < end {
                    let groupEnd = Int(records[offset + 1])
                    if input[Int(records[offset])] == 0 {
                        offset = groupEnd
                        continue
                    }
                    offset += 2
                    recordLoop: while offset < groupEnd {
                        let j = Int(records[offset])
                        let first = offset + 2
                        let next = first + 2 * Int(records[offset + 1])
                        offset = next
                        var sum: Float = 0
                        var g = first
                        while g < next {
                            let x = input[Int(records[g])]
                            if x == 0 { continue recordLoop }
                            sum += x * Float(bitPattern: records[g + 1])
                            g += 2
                        }
                        if hasBias { sum += bias[j] }
                        let y = activation(sum)
                        if y != 0 { output.set(j, y) }
                    }
                }
            }
        }
        done.clear()
    }
}

/// Gated units grouped by pivot input, stored as one interleaved word stream so that the
/// units of a pivot are one contiguous run of memory: the words `starts[p]..<starts[p+1]` of
/// `records` hold pivot `p`'s units in **groups**. Each unit has a check input — the rarest
/// one besides the pivot — and the units sharing it form a group
/// `[checkRow, end, unit₁ record, unit₂ record, …]` where `end` is the word offset after the
/// group and a unit record is `[unit, n, row₁, weight₁, …, rowₙ, weightₙ]` (rows ascending,
/// weights as float bit patterns). When the check input is zero the walk jumps to `end`.
final class PivotTable: @unchecked Sendable {
    /// `[inputWidth + 1]` word offsets.
    let starts: UnsafeMutablePointer<Int>
    let records: UnsafeMutablePointer<UInt32>
    let unitCount: Int

    init(gatedInputs: SparseRows, pivotOf: [Int], inputWidth: Int, better: (Int, Int) -> Bool) {
        var byPivot = [[(unit: Int, checkRow: Int)]](repeating: [], count: inputWidth)
        for (j, p) in pivotOf.enumerated() where p >= 0 {
            let lo = Int(gatedInputs.starts[j]), hi = Int(gatedInputs.starts[j + 1])
            var best = -1
            for e in lo..<hi {
                let r = Int(gatedInputs.columns[e])
                if r == p { continue }
                if best < 0 || better(r, best) { best = r }
            }
            byPivot[p].append((j, best < 0 ? p : best))
        }
        unitCount = pivotOf.filter { $0 >= 0 }.count
        let groups = byPivot.reduce(0) { $0 + Set($1.map(\.checkRow)).count }
        let words = 2 * groups + 2 * unitCount + 2 * gatedInputs.entryCount
        starts = .allocate(capacity: inputWidth + 1)
        records = .allocate(capacity: max(words, 1))
        var w = 0
        for p in 0..<inputWidth {
            starts[p] = w
            let units = byPivot[p].sorted { ($0.checkRow, $0.unit) < ($1.checkRow, $1.unit) }
            var groupHeader = -1
            for (k, entry) in units.enumerated() {
                if k == 0 || units[k - 1].checkRow != entry.checkRow {
                    groupHeader = w
                    records[w] = UInt32(entry.checkRow)
                    w += 2
                }
                let j = entry.unit
                let lo = Int(gatedInputs.starts[j]), hi = Int(gatedInputs.starts[j + 1])
                records[w] = UInt32(j)
                records[w + 1] = UInt32(hi - lo)
                w += 2
                for e in lo..<hi {
                    records[w] = UInt32(gatedInputs.columns[e])
                    records[w + 1] = gatedInputs.values[e].bitPattern
                    w += 2
                }
                if k + 1 == units.count || units[k + 1].checkRow != entry.checkRow {
                    records[groupHeader + 1] = UInt32(w)
                }
            }
        }
        precondition(w == words, "pivot table size")
        starts[inputWidth] = w
    }

    deinit {
        starts.deallocate()
        records.deallocate()
    }
}
