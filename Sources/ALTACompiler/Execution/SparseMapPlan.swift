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
///   `b + Σw − min w ≤ 0`, so the unit can only be non-zero when *every* input is non-zero.
///   Each gated unit is listed under one "pivot" input (the rarest one) and evaluated only when
///   that input is non-zero — this is what makes a rule table of tens of thousands of units
///   cheap per position: only the rules whose rarest condition holds are looked at.
///
/// The results equal `LinearLayer.apply` + activation bit for bit: contributions are added in
/// ascending input order and the bias is added last, as the dense runtime does.
struct SparseMapPlan: Sendable {
    let inputWidth: Int
    let outputWidth: Int
    /// `[outputWidth]`
    let bias: [Float]
    let hasBias: Bool
    /// `nil` for the last map (no activation).
    let activation: Activation?
    /// `[inputWidth, outputWidth]`: the weights of scattered units.
    let scatter: SparseRows
    /// Scattered units whose value is `act(b) ≠ 0` when no input reaches them.
    let liveUnits: [Int32]
    /// `[inputWidth, gated units]` (values unused): gated units by pivot input.
    let pivots: SparseRows
    /// `[outputWidth, inputWidth]`: each gated unit's inputs and weights (empty rows for
    /// scattered units).
    let gatedInputs: SparseRows
    /// Number of gated units.
    let gatedCount: Int

    /// Prepares `layer`.
    ///
    /// - Parameters:
    ///   - inputsInUnitInterval: whether the inputs come from a clipped ReLU (needed for gating).
    ///   - rarity: per input, how rarely it is non-zero (larger = rarer); picks pivots.
    init(layer: LinearLayer, activation: Activation?, inputsInUnitInterval: Bool, rarity: [Int]?) {
        let rows = layer.weight.rows
        let columns = layer.weight.columns
        inputWidth = rows
        outputWidth = columns
        bias = layer.bias
        hasBias = layer.bias.contains { $0 != 0 }
        self.activation = activation
        let entries = SparseRows.entries(of: layer.weight)

        // Incoming weights per unit.
        var incoming = [[(row: Int, value: Float)]](repeating: [], count: columns)
        for e in entries { incoming[e.column].append((e.row, e.value)) }
        // Readers per input (for choosing pivots without hints).
        var readers = [Int](repeating: 0, count: rows)
        for e in entries { readers[e.row] += 1 }

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
        var pivotEntries: [(row: Int, column: Int, value: Float)] = []
        var live: [Int32] = []
        var count = 0
        for j in 0..<columns {
            if gated[j] {
                count += 1
                var best = incoming[j][0].row
                for (r, _) in incoming[j] {
                    if let rarity {
                        if rarity[r] > rarity[best] || (rarity[r] == rarity[best] && readers[r] < readers[best]) { best = r }
                    } else if readers[r] < readers[best] {
                        best = r
                    }
                }
                pivotEntries.append((best, j, 1))
                for (r, w) in incoming[j] { gatedEntries.append((j, r, w)) }
            } else {
                for (r, w) in incoming[j] { scatterEntries.append((r, j, w)) }
                let resting = activation.map { $0(layer.bias[j]) } ?? layer.bias[j]
                if resting != 0 { live.append(Int32(j)) }
            }
        }
        scatter = SparseRows(rows: rows, columns: columns, entries: scatterEntries)
        gatedInputs = SparseRows(rows: columns, columns: rows, entries: gatedEntries)
        pivots = SparseRows(rows: rows, columns: columns, entries: pivotEntries)
        liveUnits = live
        gatedCount = count
    }

    /// Evaluates the map on the non-zero inputs `indices` (ascending) of the dense `input`,
    /// writing the result into `output` (cleared by the caller), whose indices end ascending
    /// and without zeros.
    func evaluate(input: UnsafeBufferPointer<Float>, indices: [Int32], into output: inout SparseActivations) {
        scatter.starts.withUnsafeBufferPointer { starts in
            scatter.columns.withUnsafeBufferPointer { cols in
                scatter.values.withUnsafeBufferPointer { vals in
                    for p32 in indices {
                        let p = Int(p32)
                        let x = input[p]
                        if x == 0 { continue }
                        for e in Int(starts[p])..<Int(starts[p + 1]) {
                            output.add(Int(cols[e]), x * vals[e])
                        }
                    }
                }
            }
        }
        // Scattered units: bias and activation.
        for k in 0..<output.indices.count {
            let j = Int(output.indices[k])
            var y = output.values[j]
            if hasBias { y += bias[j] }
            if let activation { y = activation(y) }
            output.values[j] = y
        }
        for j32 in liveUnits {
            let j = Int(j32)
            if output.isMarked(j) { continue }
            let y = activation.map { $0(bias[j]) } ?? bias[j]
            output.values[j] = y
            output.touch(j)
        }
        // Gated units.
        if gatedCount > 0, let activation {
            pivots.starts.withUnsafeBufferPointer { pStarts in
                pivots.columns.withUnsafeBufferPointer { pUnits in
                    gatedInputs.starts.withUnsafeBufferPointer { gStarts in
                        gatedInputs.columns.withUnsafeBufferPointer { gRows in
                            gatedInputs.values.withUnsafeBufferPointer { gVals in
                                for p32 in indices {
                                    let p = Int(p32)
                                    if input[p] == 0 { continue }
                                    unitLoop: for e in Int(pStarts[p])..<Int(pStarts[p + 1]) {
                                        let j = Int(pUnits[e])
                                        var sum: Float = 0
                                        for g in Int(gStarts[j])..<Int(gStarts[j + 1]) {
                                            let x = input[Int(gRows[g])]
                                            if x == 0 { continue unitLoop }
                                            sum += x * gVals[g]
                                        }
                                        if hasBias { sum += bias[j] }
                                        let y = activation(sum)
                                        if y != 0 {
                                            output.values[j] = y
                                            output.touch(j)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        output.finish()
        output.dropZeros()
    }
}
