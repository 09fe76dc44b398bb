/// Per-thread state of the shared MLP evaluation (see `SharedRowPlan`): which components are
/// local in the current iteration, and buffers for the work done per position.
///
/// Owned by one thread (see `SparseWorkspace`); storage is allocated once, with no mutable
/// stored properties.
final class SharedRowScratch {
    let dModel: Int
    /// `[dModel]`: per column, while classifying, how many positions hold it, the float bits
    /// of the first, and whether another differs.
    private let holders: UnsafeMutablePointer<Int>
    private let bits: UnsafeMutablePointer<UInt32>
    private let differs: UnsafeMutablePointer<Bool>
    /// `[dModel]` capacity: the columns held anywhere (while classifying).
    private let held: UnsafeMutablePointer<Int32>
    /// `[dModel]`: per component, whether it is local this iteration; `[dModel]` capacity the
    /// local components, `[1]` their count.
    private let componentIsLocal: UnsafeMutablePointer<Bool>
    private let localComponents: UnsafeMutablePointer<Int32>
    private let localCount: UnsafeMutablePointer<Int>
    /// `[0]` iterations evaluated this way, `[1]` global entries evaluated once for all
    /// positions, `[2]` positions that took the global change, `[3]` positions whose third
    /// map differed and whose later maps ran.
    let counts: UnsafeMutablePointer<Int>
    /// `[dModel]` scratch: the entries of a row the MLP evaluates (its global or its local ones).
    let columns: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    /// One buffer per MLP map, for a position's own results.
    let hidden: [SparseBuffer]
    /// `hidden` without reference counting (kept alive by `hidden`).
    let unretainedHidden: [Unmanaged<SparseBuffer>]
    /// The third map's units whose value at a position differs from the global one, and the
    /// units looked at (width: the third map's).
    let changes: SparseBuffer
    let seen: SparseBuffer
    /// `[maxLength + 1]`; `[maxLength × second map's width]` capacity: each position's own
    /// (local) units of the second map, entries `localStarts[p]..<localStarts[p+1]`.
    let localStarts: UnsafeMutablePointer<Int>
    let localUnits: UnsafeMutablePointer<Int32>
    let localValues: UnsafeMutablePointer<Float>
    /// `[second map's width]`: whether a local unit is non-zero at some position this
    /// iteration; `[same]` capacity the units so marked, `[1]` their count.
    let possible: UnsafeMutablePointer<Bool>
    let possibleUnits: UnsafeMutablePointer<Int32>
    let possibleCount: UnsafeMutablePointer<Int>
    /// `[gated listings]` capacity: the third map's records armed this iteration (see
    /// `SharedRowPlan.arm`); `[second map's width]` each: where a local unit's records start,
    /// and how many.
    let armed: UnsafeMutablePointer<Int>
    let armedStarts: UnsafeMutablePointer<Int>
    let armedCounts: UnsafeMutablePointer<Int>

    /// Scratch for sequences of at most `maxLength` positions of `dModel` columns, maps whose
    /// outputs are `widths` wide (at least three), and `listings` gated records.
    init(dModel: Int, maxLength: Int, widths: [Int], listings: Int) {
        self.dModel = dModel
        let d = max(dModel, 1)
        holders = .allocate(capacity: d)
        holders.initialize(repeating: 0, count: d)
        bits = .allocate(capacity: d)
        differs = .allocate(capacity: d)
        differs.initialize(repeating: false, count: d)
        held = .allocate(capacity: d)
        componentIsLocal = .allocate(capacity: d)
        componentIsLocal.initialize(repeating: false, count: d)
        localComponents = .allocate(capacity: d)
        localCount = .allocate(capacity: 1)
        localCount.initialize(to: 0)
        counts = .allocate(capacity: 4)
        counts.initialize(repeating: 0, count: 4)
        columns = .allocate(capacity: d)
        values = .allocate(capacity: d)
        hidden = widths.map { SparseBuffer(width: $0) }
        unretainedHidden = hidden.map(Unmanaged.passUnretained)
        changes = SparseBuffer(width: widths[2])
        seen = SparseBuffer(width: widths[2])
        let second = max(widths[1], 1), length = max(maxLength, 1)
        localStarts = .allocate(capacity: length + 1)
        localUnits = .allocate(capacity: length * second)
        localValues = .allocate(capacity: length * second)
        possible = .allocate(capacity: second)
        possible.initialize(repeating: false, count: second)
        possibleUnits = .allocate(capacity: second)
        possibleCount = .allocate(capacity: 1)
        possibleCount.initialize(to: 0)
        armed = .allocate(capacity: max(listings, 1))
        armedStarts = .allocate(capacity: second)
        armedCounts = .allocate(capacity: second)
        armedCounts.initialize(repeating: 0, count: second)
    }

    deinit {
        holders.deallocate()
        bits.deallocate()
        differs.deallocate()
        held.deallocate()
        componentIsLocal.deallocate()
        localComponents.deallocate()
        localCount.deallocate()
        counts.deallocate()
        columns.deallocate()
        values.deallocate()
        localStarts.deallocate()
        localUnits.deallocate()
        localValues.deallocate()
        possible.deallocate()
        possibleUnits.deallocate()
        possibleCount.deallocate()
        armed.deallocate()
        armedStarts.deallocate()
        armedCounts.deallocate()
    }

    /// Marks local the components (of `table`) with a column read by the first map whose
    /// entries are not bit-identical at all `length` positions of `ws` (held by some positions
    /// only, or with different floats); the others are global.
    func classify(length t: Int, workspace ws: SparseWorkspace, table: ColumnTable) {
        let d = ws.dModel
        var heldCount = 0
        for p in 0..<t {
            let rowColumns = ws.rowColumns + p * d, rowValues = ws.rowValues + p * d
            for k in 0..<ws.rowCount[p] {
                let c = Int(rowColumns[k])
                guard table.reads[c] else { continue }
                let b = rowValues[k].bitPattern
                if holders[c] == 0 {
                    bits[c] = b
                    held[heldCount] = Int32(c)
                    heldCount += 1
                } else if bits[c] != b {
                    differs[c] = true
                }
                holders[c] += 1
            }
        }
        var locals = localCount.pointee
        for n in 0..<heldCount {
            let c = Int(held[n])
            if differs[c] || holders[c] != t {
                let component = Int(table.component[c])
                if !componentIsLocal[component] {
                    componentIsLocal[component] = true
                    localComponents[locals] = Int32(component)
                    locals += 1
                }
            }
            holders[c] = 0
            differs[c] = false
        }
        localCount.pointee = locals
    }

    /// Marks the local unit `u` non-zero somewhere this iteration.
    @inline(__always)
    func notePossible(_ u: Int) {
        guard !possible[u] else { return }
        possible[u] = true
        possibleUnits[possibleCount.pointee] = Int32(u)
        possibleCount.pointee += 1
    }

    /// Forgets the iteration (every component global again, no unit possible).
    func reset() {
        for n in 0..<localCount.pointee { componentIsLocal[Int(localComponents[n])] = false }
        localCount.pointee = 0
        for n in 0..<possibleCount.pointee {
            let u = Int(possibleUnits[n])
            possible[u] = false
            armedCounts[u] = 0
        }
        possibleCount.pointee = 0
    }

    /// Copies into `columns` and `values` the entries of row `p` of `ws` that the first map
    /// reads and whose component is local (`local`) or global (`!local`); returns their count.
    @inline(__always)
    func entries(position p: Int, local: Bool, workspace ws: SparseWorkspace, table: ColumnTable) -> Int {
        let d = ws.dModel
        let rowColumns = ws.rowColumns + p * d, rowValues = ws.rowValues + p * d
        var n = 0
        for k in 0..<ws.rowCount[p] {
            let c = Int(rowColumns[k])
            guard table.reads[c], componentIsLocal[Int(table.component[c])] == local else { continue }
            columns[n] = Int32(c)
            values[n] = rowValues[k]
            n += 1
        }
        return n
    }
}
