import AltaTensors

/// Gated units grouped by pivot input, stored as one word stream so that the units of a pivot
/// are one contiguous run of memory. Each unit has a check input — the rarest one besides the
/// pivot — and a pivot's units sharing it form a **group**. Groups are numbered pivot by
/// pivot: pivot `p` owns groups `groupStarts[p]..<groupStarts[p+1]`; group `g` has the check
/// input `groupChecks[g]` and its units are the words `groupOffsets[g]..<groupOffsets[g+1]`
/// of `records`, a unit record being `[unit, n, row₁, weight₁, …, rowₙ, weightₙ]` (rows
/// ascending, weights as float bit patterns). The check inputs of a pivot lie side by side,
/// so a walk skips a group whose check input is zero without touching its records.
final class PivotTable: @unchecked Sendable {
    /// `[inputWidth + 1]` group numbers.
    let groupStarts: UnsafeMutablePointer<Int32>
    /// `[groups]` check input of each group.
    let groupChecks: UnsafeMutablePointer<Int32>
    /// `[groups + 1]` word offsets into `records`.
    let groupOffsets: UnsafeMutablePointer<Int>
    let records: UnsafeMutablePointer<UInt32>
    let unitCount: Int
    let groupCount: Int

    /// Lists each gated unit `j` (a row of `gatedInputs`, `[units, inputWidth]`) under its
    /// pivot `pivotOf[j]` (−1: not gated), with the check input the best other input by
    /// `better` (the pivot itself for a one-input unit).
    convenience init(gatedInputs: SparseMatrix, pivotOf: [Int], inputWidth: Int, better: (Int, Int) -> Bool) {
        let listings = pivotOf.enumerated().filter { $0.element >= 0 }.map { (unit: $0.offset, pivot: $0.element) }
        self.init(gatedInputs: gatedInputs, listings: listings, inputWidth: inputWidth, better: better)
    }

    /// Lists each gated unit `unit` under `pivot` as often as `listings` names it (a unit may
    /// be listed under several pivots), with checks chosen as above.
    init(gatedInputs: SparseMatrix, listings: [(unit: Int, pivot: Int)], inputWidth: Int, better: (Int, Int) -> Bool) {
        var byPivot = [[(unit: Int, checkRow: Int)]](repeating: [], count: inputWidth)
        for (j, p) in listings {
            let lo = Int(gatedInputs.rowStarts[j]), hi = Int(gatedInputs.rowStarts[j + 1])
            var best = -1
            for e in lo..<hi {
                let r = Int(gatedInputs.columnIndices[e])
                if r == p { continue }
                if best < 0 || better(r, best) { best = r }
            }
            byPivot[p].append((j, best < 0 ? p : best))
        }
        unitCount = listings.count
        let groups = byPivot.reduce(0) { $0 + Set($1.map(\.checkRow)).count }
        groupCount = groups
        let words = listings.reduce(0) { $0 + 2 + 2 * gatedInputs.rowLength($1.unit) }
        groupStarts = .allocate(capacity: inputWidth + 1)
        groupChecks = .allocate(capacity: max(groups, 1))
        groupOffsets = .allocate(capacity: groups + 1)
        records = .allocate(capacity: max(words, 1))
        var w = 0
        var g = 0
        for p in 0..<inputWidth {
            groupStarts[p] = Int32(g)
            let units = byPivot[p].sorted { ($0.checkRow, $0.unit) < ($1.checkRow, $1.unit) }
            for (k, entry) in units.enumerated() {
                if k == 0 || units[k - 1].checkRow != entry.checkRow {
                    groupChecks[g] = Int32(entry.checkRow)
                    groupOffsets[g] = w
                    g += 1
                }
                let j = entry.unit
                let lo = Int(gatedInputs.rowStarts[j]), hi = Int(gatedInputs.rowStarts[j + 1])
                records[w] = UInt32(j)
                records[w + 1] = UInt32(hi - lo)
                w += 2
                for e in lo..<hi {
                    records[w] = UInt32(gatedInputs.columnIndices[e])
                    records[w + 1] = gatedInputs.storedValues[e].bitPattern
                    w += 2
                }
            }
        }
        precondition(w == words && g == groups, "pivot table size")
        groupStarts[inputWidth] = Int32(g)
        groupOffsets[groups] = w
    }

    /// Where the record at word `offset` ends (the next one starts).
    @inline(__always)
    func recordEnd(_ offset: Int) -> Int { offset + 2 + 2 * Int(records[offset + 1]) }

    /// The record at word `offset` summed over `input` — each input times its weight, added
    /// in ascending input order — or nil when an input is zero (the unit cannot fire).
    @inline(__always)
    func sum(record offset: Int, input: UnsafePointer<Float>) -> Float? {
        var sum: Float = 0
        var g = offset + 2
        let end = recordEnd(offset)
        while g < end {
            let x = input[Int(records[g])]
            if x == 0 { return nil }
            sum += x * Float(bitPattern: records[g + 1])
            g += 2
        }
        return sum
    }

    deinit {
        groupStarts.deallocate()
        groupChecks.deallocate()
        groupOffsets.deallocate()
        records.deallocate()
    }
}
