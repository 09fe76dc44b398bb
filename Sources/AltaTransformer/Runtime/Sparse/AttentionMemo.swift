/// What the attention sublayer of a looped model computed at the previous iteration, so
/// that the next iteration recomputes only what can differ (exact by construction: the sparse
/// pass is deterministic).
///
/// Each iteration's projections go to one of two stores, alternately; comparing them bit for
/// bit tells, per position and head, whether the query, key or value changed. A head's
/// mixed values at a query (the attention-weighted sum of values before `W_O`) are the same
/// as at the previous iteration when its query is unchanged, no position's key changed (so
/// the logits and weights are the same) and no value it weighted with a non-zero weight
/// changed; they are then replayed from the record instead of recomputed. A head whose keys
/// are unchanged also keeps its key index. A position where every head's result is replayed
/// gets the change the sublayer made to its row at the previous iteration (`replayChange`),
/// without mixing or projecting through `W_O` (on SCAN 69% of positions, each iteration).
///
/// Within an iteration, a head without mask in a non-causal model shows every query the same
/// keys and values, so queries whose projections are bit-identical get the same result: a
/// query whose projection equals that of the head's last recorded query this iteration
/// shares its result (`share`). On SCAN every head's query reads a register that is the same
/// at all positions: of the head results that cannot be replayed, 98.7% repeat an earlier
/// query's (measured over 20 commands).
///
/// A position whose residual entries in the columns the projections read are bit-identical
/// to the previous iteration's has the same projections: they are copied rather than
/// recomputed, and not compared (on SCAN four positions in five, each iteration).
///
/// Owned by one thread (see `SparseWorkspace`); storage is allocated once, with no mutable
/// stored properties.
final class AttentionMemo {
    /// Positions with a non-zero weight recorded per query and head; more mean "any value".
    static let usedCapacity = 8

    let heads: Int
    let maxLength: Int
    /// Σ value widths, and each head's offset in it.
    let valueWidth: Int
    let valueOffsets: [Int]
    /// Per segment (`3 × heads`), whether it is static (never recomputed, never changes).
    let segmentIsStatic: [Bool]
    private let stores: [SparseProjections]
    /// `[0]`: which store is current; `[1]`: 1 when the previous iteration's projections and
    /// records are valid for the sequence running; `[2]`: positions whose input was unchanged
    /// so far; `[3]`: head results replayed so far; `[4]`: head results shared so far; `[5]`:
    /// rows whose whole change was replayed so far.
    private let state: UnsafeMutablePointer<Int>
    /// `[heads]`: whether any position's key changed; whether any position's value changed.
    let keyChanged: UnsafeMutablePointer<Bool>
    let anyValueChanged: UnsafeMutablePointer<Bool>
    /// `[maxLength × heads]`
    let queryChanged: UnsafeMutablePointer<Bool>
    let valueChanged: UnsafeMutablePointer<Bool>
    /// `[maxLength × valueWidth]` capacity: per query and head, the mixed entries in the
    /// order they were first written; `[maxLength × heads]` their counts.
    let mixedIndices: UnsafeMutablePointer<Int32>
    let mixedValues: UnsafeMutablePointer<Float>
    let mixedCount: UnsafeMutablePointer<Int>
    /// `[maxLength × heads × usedCapacity]`: the positions weighted non-zero; `[maxLength ×
    /// heads]` their counts (above `usedCapacity`: not all recorded).
    let used: UnsafeMutablePointer<Int32>
    let usedCount: UnsafeMutablePointer<Int>
    /// `[1]`: the slot `noteUse` writes to (query × heads + head), −1 when not recording.
    private let recording: UnsafeMutablePointer<Int>
    /// `[heads]`: per head, the last query of this iteration whose result is recorded (−1:
    /// none yet; set by `end` and `replay`), the source `share` copies from.
    let lastRecorded: UnsafeMutablePointer<Int>
    /// `[maxLength × dModel]` capacity: per position, the change the sublayer made to its row
    /// at the last iteration (columns ascending); `[maxLength]` their counts.
    private let deltaColumns: UnsafeMutablePointer<Int32>
    private let deltaValues: UnsafeMutablePointer<Float>
    private let deltaCount: UnsafeMutablePointer<Int>
    private let dModel: Int
    /// `[dModel]`: whether the (dynamic) projections read the residual column.
    private let reads: UnsafeMutablePointer<Bool>
    /// Number of columns read, and per position (`[maxLength × readWidth]` capacity) the
    /// entries read at the last iteration, as (column << 32 | float bits), with their counts
    /// (`[maxLength]`).
    private let readWidth: Int
    private let inputs: UnsafeMutablePointer<UInt64>
    private let inputCount: UnsafeMutablePointer<Int>
    /// `[maxLength]`: whether the position's input was the same as at the iteration before.
    private let inputSame: UnsafeMutablePointer<Bool>

    init(plan: SparseAttentionPlan, maxLength: Int) {
        heads = plan.headCount
        self.maxLength = maxLength
        let base = plan.segmentBounds[2 * plan.headCount]
        valueOffsets = plan.valueOffsets.map { $0 - base }
        valueWidth = plan.valueWidths.reduce(0, +)
        segmentIsStatic = plan.segmentIsStatic
        let columns = plan.projection.columns
        stores = (0..<2).map { _ in SparseProjections(segments: 3 * plan.headCount, columns: columns, maxLength: maxLength) }
        state = .allocate(capacity: 6)
        state.initialize(repeating: 0, count: 6)
        let h = max(heads, 1), slots = max(maxLength * heads, 1)
        keyChanged = .allocate(capacity: h)
        keyChanged.initialize(repeating: true, count: h)
        anyValueChanged = .allocate(capacity: h)
        anyValueChanged.initialize(repeating: true, count: h)
        queryChanged = .allocate(capacity: slots)
        queryChanged.initialize(repeating: true, count: slots)
        valueChanged = .allocate(capacity: slots)
        valueChanged.initialize(repeating: true, count: slots)
        mixedIndices = .allocate(capacity: max(maxLength * valueWidth, 1))
        mixedValues = .allocate(capacity: max(maxLength * valueWidth, 1))
        mixedCount = .allocate(capacity: slots)
        mixedCount.initialize(repeating: 0, count: slots)
        used = .allocate(capacity: slots * Self.usedCapacity)
        usedCount = .allocate(capacity: slots)
        usedCount.initialize(repeating: 0, count: slots)
        recording = .allocate(capacity: 1)
        recording.initialize(to: -1)
        lastRecorded = .allocate(capacity: h)
        lastRecorded.initialize(repeating: -1, count: h)
        let dModel = plan.projection.rows
        self.dModel = dModel
        deltaColumns = .allocate(capacity: max(maxLength * dModel, 1))
        deltaValues = .allocate(capacity: max(maxLength * dModel, 1))
        deltaCount = .allocate(capacity: max(maxLength, 1))
        deltaCount.initialize(repeating: 0, count: max(maxLength, 1))
        let read = (0..<dModel).map { plan.projection.rowLength($0) > 0 }
        reads = .allocate(capacity: max(dModel, 1))
        reads.initialize(from: read, count: dModel)
        readWidth = read.filter { $0 }.count
        inputs = .allocate(capacity: max(maxLength * readWidth, 1))
        inputCount = .allocate(capacity: max(maxLength, 1))
        inputCount.initialize(repeating: 0, count: max(maxLength, 1))
        inputSame = .allocate(capacity: max(maxLength, 1))
        inputSame.initialize(repeating: false, count: max(maxLength, 1))
    }

    deinit {
        state.deallocate()
        keyChanged.deallocate()
        anyValueChanged.deallocate()
        queryChanged.deallocate()
        valueChanged.deallocate()
        mixedIndices.deallocate()
        mixedValues.deallocate()
        mixedCount.deallocate()
        used.deallocate()
        usedCount.deallocate()
        recording.deallocate()
        lastRecorded.deallocate()
        reads.deallocate()
        inputs.deallocate()
        inputCount.deallocate()
        inputSame.deallocate()
        deltaColumns.deallocate()
        deltaValues.deallocate()
        deltaCount.deallocate()
    }

    /// The store this iteration's projections go to.
    var current: SparseProjections { stores[state[0]] }

    /// How many times a position's projections were copied from the previous iteration.
    var unchangedInputs: Int { state[2] }

    /// How many head results at a query were replayed.
    var replays: Int { state[3] }

    /// The store holding the previous iteration's projections.
    var previous: SparseProjections { stores[1 - state[0]] }

    /// Whether row `position` (`columns[0..<count]` ascending, with `values`) reads the same
    /// as at the previous iteration in the projections' columns (false when there is no
    /// previous iteration); records it for the next.
    @inline(__always)
    func inputUnchanged(position j: Int, columns: UnsafePointer<Int32>, values: UnsafePointer<Float>, count: Int) -> Bool {
        let stored = inputs + j * readWidth
        let before = inputCount[j]
        var same = hasPrevious
        var n = 0
        for k in 0..<count {
            let c = columns[k]
            guard reads[Int(c)] else { continue }
            let entry = UInt64(UInt32(c)) << 32 | UInt64(values[k].bitPattern)
            if same && (n >= before || stored[n] != entry) { same = false }
            stored[n] = entry
            n += 1
        }
        if n != before { same = false }
        inputCount[j] = n
        inputSame[j] = same
        if same { state[2] += 1 }
        return same
    }

    /// Whether the previous iteration of this sequence was recorded.
    var hasPrevious: Bool { state[1] == 1 }

    /// Forgets the previous iteration (a new sequence starts).
    func invalidate() { state[1] = 0 }

    /// Compares this iteration's projections (`current`, positions `0..<t`) with the
    /// previous iteration's, setting the change flags (everything changed when there is no
    /// previous iteration; nothing at a position whose input was the same).
    func compare(length t: Int) {
        let previousValid = hasPrevious
        let now = stores[state[0]], before = stores[1 - state[0]]
        for h in 0..<heads {
            keyChanged[h] = !previousValid
            anyValueChanged[h] = !previousValid
            lastRecorded[h] = -1
        }
        for j in 0..<t {
            if previousValid && inputSame[j] {
                for h in 0..<heads {
                    queryChanged[j * heads + h] = false
                    valueChanged[j * heads + h] = false
                }
                continue
            }
            for h in 0..<heads {
                let slot = j * heads + h
                guard previousValid else {
                    queryChanged[slot] = true
                    valueChanged[slot] = true
                    continue
                }
                queryChanged[slot] = !segmentIsStatic[h] && !SparseProjections.sameEntries(now, j, before, j, segment: h)
                if !segmentIsStatic[heads + h] && !keyChanged[h] && !SparseProjections.sameEntries(now, j, before, j, segment: heads + h) {
                    keyChanged[h] = true
                }
                let value = !segmentIsStatic[2 * heads + h] && !SparseProjections.sameEntries(now, j, before, j, segment: 2 * heads + h)
                valueChanged[slot] = value
                if value { anyValueChanged[h] = true }
            }
        }
    }

    /// Ends an iteration: its projections and records become the previous ones.
    func advance() {
        state[0] = 1 - state[0]
        state[1] = 1
    }

    /// Whether head `h`'s mixed values at `query` are those recorded at the previous iteration.
    @inline(__always)
    func reusable(query i: Int, head h: Int) -> Bool {
        let slot = i * heads + h
        guard hasPrevious, !queryChanged[slot], !keyChanged[h] else { return false }
        let n = usedCount[slot]
        if n > Self.usedCapacity { return !anyValueChanged[h] }
        let positions = used + slot * Self.usedCapacity
        for k in 0..<n where valueChanged[Int(positions[k]) * heads + h] { return false }
        return true
    }

    /// Whether every head's result at `query` is the one recorded at the previous iteration
    /// (so the row's change is too).
    @inline(__always)
    func allReusable(query i: Int) -> Bool {
        guard hasPrevious else { return false }
        for h in 0..<heads where !reusable(query: i, head: h) { return false }
        return true
    }

    /// Writes into `delta` (clear) the change recorded for row `position` at the previous
    /// iteration, every head's result there counting as replayed.
    @inline(__always)
    func replayChange(position i: Int, into delta: SparseBuffer) {
        let base = i * dModel
        for k in 0..<deltaCount[i] { delta.set(Int(deltaColumns[base + k]), deltaValues[base + k]) }
        for h in 0..<heads { lastRecorded[h] = i }
        state[3] += heads
        state[5] += 1
    }

    /// How many rows had their whole change replayed.
    var changeReplays: Int { state[5] }

    /// Records `delta` (its written entries, in order) as the change made to row `position`.
    @inline(__always)
    func recordChange(position i: Int, _ delta: SparseBuffer) {
        let base = i * dModel
        for k in 0..<delta.count {
            let c = delta.indices[k]
            deltaColumns[base + k] = c
            deltaValues[base + k] = delta.values[Int(c)]
        }
        deltaCount[i] = delta.count
    }

    /// Starts recording head `h` at `query`: `noteUse` collects the positions it weights.
    @inline(__always)
    func begin(query i: Int, head h: Int) {
        let slot = i * heads + h
        recording.pointee = slot
        usedCount[slot] = 0
    }

    /// Notes that the head being recorded weighted `position` non-zero.
    @inline(__always)
    func noteUse(_ position: Int) {
        let slot = recording.pointee
        guard slot >= 0 else { return }
        let n = usedCount[slot]
        if n < Self.usedCapacity { used[slot * Self.usedCapacity + n] = Int32(position) }
        usedCount[slot] = n + 1
    }

    /// Ends recording head `h` at `query`: keeps `mixed`'s entries from `start` on (those the
    /// head wrote, in their order).
    @inline(__always)
    func end(query i: Int, head h: Int, mixed: SparseBuffer, from start: Int) {
        let slot = i * heads + h
        recording.pointee = -1
        let base = i * valueWidth + valueOffsets[h]
        var n = 0
        for k in start..<mixed.count {
            let c = mixed.indices[k]
            mixedIndices[base + n] = c
            mixedValues[base + n] = mixed.values[Int(c)]
            n += 1
        }
        mixedCount[slot] = n
        lastRecorded[h] = i
    }

    /// Writes head `h`'s result recorded at `source` (this iteration) into `mixed` as the
    /// result at `query`, and records it there too (the positions it weighted included).
    @inline(__always)
    func share(from source: Int, to i: Int, head h: Int, into mixed: SparseBuffer) {
        state[4] += 1
        let from = source * heads + h, to = i * heads + h
        let fromBase = source * valueWidth + valueOffsets[h], toBase = i * valueWidth + valueOffsets[h]
        let n = mixedCount[from]
        for k in 0..<n {
            let c = mixedIndices[fromBase + k], v = mixedValues[fromBase + k]
            mixed.set(Int(c), v)
            mixedIndices[toBase + k] = c
            mixedValues[toBase + k] = v
        }
        mixedCount[to] = n
        let weighted = usedCount[from]
        usedCount[to] = weighted
        (used + to * Self.usedCapacity).update(from: used + from * Self.usedCapacity, count: min(weighted, Self.usedCapacity))
    }

    /// How many head results at a query were shared from an earlier query of the iteration.
    var shares: Int { state[4] }

    /// Writes head `h`'s recorded mixed entries at `query` into `mixed`, in their order.
    @inline(__always)
    func replay(query i: Int, head h: Int, into mixed: SparseBuffer) {
        state[3] += 1
        let base = i * valueWidth + valueOffsets[h]
        for k in 0..<mixedCount[i * heads + h] { mixed.set(Int(mixedIndices[base + k]), mixedValues[base + k]) }
        lastRecorded[h] = i
    }
}
