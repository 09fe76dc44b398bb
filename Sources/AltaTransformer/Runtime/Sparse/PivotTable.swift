import AltaTensors

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

    init(gatedInputs: SparseMatrix, pivotOf: [Int], inputWidth: Int, better: (Int, Int) -> Bool) {
        var byPivot = [[(unit: Int, checkRow: Int)]](repeating: [], count: inputWidth)
        for (j, p) in pivotOf.enumerated() where p >= 0 {
            let lo = Int(gatedInputs.rowStarts[j]), hi = Int(gatedInputs.rowStarts[j + 1])
            var best = -1
            for e in lo..<hi {
                let r = Int(gatedInputs.columnIndices[e])
                if r == p { continue }
                if best < 0 || better(r, best) { best = r }
            }
            byPivot[p].append((j, best < 0 ? p : best))
        }
        unitCount = pivotOf.filter { $0 >= 0 }.count
        let groups = byPivot.reduce(0) { $0 + Set($1.map(\.checkRow)).count }
        let words = 2 * groups + 2 * unitCount + 2 * gatedInputs.nonZeroCount
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
                let lo = Int(gatedInputs.rowStarts[j]), hi = Int(gatedInputs.rowStarts[j + 1])
                records[w] = UInt32(j)
                records[w + 1] = UInt32(hi - lo)
                w += 2
                for e in lo..<hi {
                    records[w] = UInt32(gatedInputs.columnIndices[e])
                    records[w + 1] = gatedInputs.storedValues[e].bitPattern
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
