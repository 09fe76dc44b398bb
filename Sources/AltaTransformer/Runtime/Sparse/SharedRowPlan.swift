import AltaTensors

/// What lets a looped layer's MLP be evaluated once per iteration on what every position
/// holds in common, and per position only where the position differs.
///
/// A compiled program keeps global registers (on SCAN: the parser's state, the decoder's
/// step) in every position's residual, and its rule table mostly reads them: measured over 20
/// SCAN commands, 84% of the rule table's inputs at a position are the same at every position
/// of the iteration, 87% of the pivot groups a position looks at are those of such inputs, and
/// of 16.75 rules fired per position, 16.74 read nothing else. Every position computing them
/// again is most of a run's time.
///
/// The first two maps act on **components** of residual columns (see `ColumnTable`): each of
/// their units depends on the columns of one component alone. In an iteration, a component
/// whose columns hold bit-identical entries at every position (or none) is **global**; the
/// others are **local**. The MLP's maps then split exactly:
///
/// 1. the first two maps' units of global components have the same value at every position;
///    those of local components are computed per position from the position's local entries
///    (the units of different components are disjoint);
/// 2. the third map's units that read no non-zero local unit have, at every position, the
///    values they have for the global entries alone (their inputs are the same floats); the
///    units a position's non-zero local units reach are evaluated again at that position
///    (`reevaluate`), in the order the map's evaluation uses;
/// 3. where none of those differs from its global value, the third map's output — and so
///    every later map's and the residual's change — is the global one; otherwise the later
///    maps run on the position's third-map output (they do not depend on the order of their
///    inputs).
///
/// Every float is computed by the same operations in the same order as a pass over the whole
/// row, so results are bit-identical (tested against the reference pass).
///
/// Read-only after `init`; its arrays live behind pointers so that the hot loop pays no
/// reference counting.
final class SharedRowPlan: @unchecked Sendable {
    /// The first two maps' components (`ColumnTable.component`).
    let table: ColumnTable
    /// The third map's activation, and whether it has a bias.
    let activation: Activation?
    let hasBias: Bool
    /// The third map's gated units listed under every input they read, so that a
    /// position's local inputs find those they can make non-zero.
    let everyInput: PivotTable
    /// `[inputWidth + 1]`, `[scattered entries]`: the scattered units reading each input, with
    /// the weight.
    let scatterStarts: UnsafeMutablePointer<Int>
    let scatterUnits: UnsafeMutablePointer<Int32>
    let scatterWeights: UnsafeMutablePointer<Float>
    /// `[outputWidth + 1]`, `[summed entries]`: multi-input scattered units' inputs
    /// (ascending) and weights (an empty row for every other unit).
    let summedStarts: UnsafeMutablePointer<Int>
    let summedInputs: UnsafeMutablePointer<Int32>
    let summedWeights: UnsafeMutablePointer<Float>
    /// `[outputWidth]`
    let bias: UnsafeMutablePointer<Float>

    /// The plan for an MLP of at least three maps (`maps`) whose first two have `table`; nil
    /// otherwise.
    init?(maps: [SparseMapPlan], table: ColumnTable?, frequencies: [Int]? = nil) {
        guard let table, maps.count >= 3 else { return nil }
        self.table = table
        let map = maps[2]
        activation = map.activation
        hasBias = map.hasBias
        let units = map.gatedInputs
        var listings: [(unit: Int, pivot: Int)] = []
        listings.reserveCapacity(units.nonZeroCount)
        for j in 0..<units.rows {
            for e in units.rowStarts[j]..<units.rowStarts[j + 1] { listings.append((j, Int(units.columnIndices[e]))) }
        }
        // Checks: the input least often non-zero (measured, when given), then the one with
        // the fewest gated readers.
        let readers = map.readers
        let counts = frequencies?.count == map.inputWidth ? frequencies : nil
        everyInput = PivotTable(gatedInputs: units, listings: listings, inputWidth: map.inputWidth) { r, best in
            if let counts, counts[r] != counts[best] { return counts[r] < counts[best] }
            return readers[r] < readers[best]
        }
        (scatterStarts, scatterUnits, scatterWeights) = Self.copy(map.scatter)
        (summedStarts, summedInputs, summedWeights) = Self.copy(map.summedInputs)
        bias = .allocate(capacity: max(map.outputWidth, 1))
        bias.initialize(from: map.bias, count: map.outputWidth)
    }

    deinit {
        for pointer in [scatterStarts, summedStarts] { pointer.deallocate() }
        for pointer in [scatterUnits, summedInputs] { pointer.deallocate() }
        for pointer in [scatterWeights, summedWeights, bias] { pointer.deallocate() }
    }

    private static func copy(
        _ matrix: SparseMatrix
    ) -> (UnsafeMutablePointer<Int>, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Float>) {
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: matrix.rows + 1)
        starts.initialize(from: matrix.rowStarts, count: matrix.rows + 1)
        let count = max(matrix.nonZeroCount, 1)
        let columns = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        columns.initialize(from: matrix.columnIndices, count: matrix.nonZeroCount)
        let values = UnsafeMutablePointer<Float>.allocate(capacity: count)
        values.initialize(from: matrix.storedValues, count: matrix.nonZeroCount)
        return (starts, columns, values)
    }

    /// Lists in `armed` (from `count` on) the records of `everyInput` under the local input
    /// `u` whose every input can be non-zero at some position this iteration: non-zero among
    /// the global inputs `input`, or marked in `possible` (the local inputs non-zero
    /// somewhere); returns the new count. Only these units can fire where `u` is non-zero.
    func arm(
        _ u: Int, input: UnsafePointer<Float>, possible: UnsafePointer<Bool>, into armed: UnsafeMutablePointer<Int>,
        count start: Int
    ) -> Int {
        let pivots = everyInput, records = pivots.records
        var count = start
        for group in Int(pivots.groupStarts[u])..<Int(pivots.groupStarts[u + 1]) {
            let check = Int(pivots.groupChecks[group])
            if input[check] == 0 && !possible[check] { continue }
            var offset = pivots.groupOffsets[group]
            let groupEnd = pivots.groupOffsets[group + 1]
            recordLoop: while offset < groupEnd {
                let record = offset
                let next = pivots.recordEnd(record)
                offset = next
                var g = record + 2
                while g < next {
                    let r = Int(records[g])
                    if input[r] == 0 && !possible[r] { continue recordLoop }
                    g += 2
                }
                armed[count] = record
                count += 1
            }
        }
        return count
    }

    /// Evaluates again, at one position, the third map's units that the position's local
    /// inputs `locals[0..<count]` (with `values`) reach, from the position's dense input
    /// `input` (the global inputs with the local ones written in); writes into `changes` those
    /// whose value differs from `global` (the map's output for the global inputs alone) and
    /// returns whether there is any. The gated units looked at are the records `armed` lists
    /// for each local input (`armedStarts[u]..<armedStarts[u] + armedCounts[u]`, see `arm`).
    /// `seen` (width ≥ outputWidth, clear) is cleared again.
    func reevaluate(
        locals: UnsafePointer<Int32>, values: UnsafePointer<Float>, count: Int, input: UnsafePointer<Float>,
        global: SparseBuffer, armed: UnsafePointer<Int>,
        armedStarts: UnsafePointer<Int>, armedCounts: UnsafePointer<Int>, into changes: SparseBuffer,
        seen: SparseBuffer
    ) -> Bool {
        @inline(__always) func differs(_ j: Int, _ y: Float) -> Bool {
            let g = global.values[j]
            return !(y == 0 && g == 0) && y.bitPattern != g.bitPattern
        }
        let records = everyInput.records
        for n in 0..<count {
            let u = Int(locals[n])
            if values[n] == 0 { continue }
            // Gated units: zero for the global inputs (`u` is zero there), non-zero here when
            // every input is (summed as `SparseMapPlan.evaluate` sums them, `PivotTable.sum`).
            if let activation {
                let start = armedStarts[u]
                for a in start..<start + armedCounts[u] {
                    guard var sum = everyInput.sum(record: armed[a], input: input) else { continue }
                    let j = Int(records[armed[a]])
                    if hasBias { sum += bias[j] }
                    let y = activation(sum)
                    if y != 0 { changes.set(j, y) }
                }
            }
            // Scattered units: every non-zero input's product added in ascending input order.
            for e in scatterStarts[u]..<scatterStarts[u + 1] {
                let j = Int(scatterUnits[e])
                if seen.marked[j] { continue }
                seen.set(j, 1)
                var sum: Float = 0
                if summedStarts[j + 1] > summedStarts[j] {
                    for g in summedStarts[j]..<summedStarts[j + 1] {
                        let x = input[Int(summedInputs[g])]
                        if x != 0 { sum += x * summedWeights[g] }
                    }
                } else {
                    sum += input[u] * scatterWeights[e]
                }
                if hasBias { sum += bias[j] }
                let y = activation.map { $0(sum) } ?? sum
                if differs(j, y) { changes.set(j, y) }
            }
        }
        seen.clear()
        return changes.count > 0
    }
}
