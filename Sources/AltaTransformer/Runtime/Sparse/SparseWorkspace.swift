import AltaTensors
import Foundation

/// Per-thread state of a run: the residual (updated in place) with each position's non-zero
/// columns, and scratch buffers, all allocated once for the longest sequence of the run. The class has no
/// mutable stored properties, so the hot loops pay no exclusivity checks.
final class SparseWorkspace {
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
    /// `hidden` without reference counting (kept alive by `hidden`).
    let unretainedHidden: [Unmanaged<SparseBuffer>]
    /// Scratch marks of gathered units (the widest map).
    let gathered: SparseBuffer
    /// `[dModel]` scratch: a row's entries the MLP's first maps evaluate, and the columns
    /// looked up in its column table instead (see `ColumnTable`).
    let localColumns: UnsafeMutablePointer<Int32>
    let localValues: UnsafeMutablePointer<Float>
    let tabledColumns: UnsafeMutablePointer<Int32>
    /// When calibrating: how often each MLP input was non-zero.
    let counter: ActivationCounter?
    /// In a looped model (not calibrating): the attention's previous iteration (see
    /// `AttentionMemo`).
    let attentionMemo: AttentionMemo?
    /// In a looped model whose MLP can be shared between positions (not calibrating): its
    /// per-position state (see `SharedRowPlan`).
    let sharedRows: SharedRowScratch?

    /// Buffers for sequences of at most `longest` positions (and, when `counting`, an
    /// activation counter).
    init(plans runner: SparseForward, longest: Int, counting: Bool = false) {
        let d = runner.dModel
        let length = max(longest, 1)
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
        let widest = attention.map(\.projection.columns).max() ?? 0
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
        let depth = runner.layers.map(\.maps.count).max() ?? 0
        hidden = (0..<depth).map { m in
            SparseBuffer(width: runner.layers.compactMap { m < $0.maps.count ? $0.maps[m].outputWidth : nil }.max() ?? 0)
        }
        unretainedHidden = hidden.map(Unmanaged.passUnretained)
        gathered = SparseBuffer(width: hidden.map(\.width).max() ?? 0)
        localColumns = .allocate(capacity: max(d, 1))
        localValues = .allocate(capacity: max(d, 1))
        tabledColumns = .allocate(capacity: max(d, 1))
        counter = counting ? ActivationCounter(layers: runner.layers.map { $0.maps.map(\.inputWidth) }) : nil
        if case .looped = runner.model.layout, !counting, runner.layers.count == 1 {
            attentionMemo = AttentionMemo(plan: runner.layers[0].attention, maxLength: length)
            sharedRows = runner.layers[0].sharedRows.map {
                SharedRowScratch(
                    dModel: d, maxLength: length, widths: runner.layers[0].maps.map(\.outputWidth),
                    listings: $0.everyInput.unitCount)
            }
        } else {
            attentionMemo = nil
            sharedRows = nil
        }
    }

    deinit {
        rowColumns.deallocate()
        rowValues.deallocate()
        rowCount.deallocate()
        denseRow.deallocate()
        mergedColumns.deallocate()
        mergedValues.deallocate()
        localColumns.deallocate()
        localValues.deallocate()
        tabledColumns.deallocate()
        logits.deallocate()
        logitMarked.deallocate()
        touched.deallocate()
        visible.deallocate()
        weights.deallocate()
    }

    /// How many head results at a query this workspace's passes replayed from the previous
    /// iteration (`AttentionMemo`).
    var headReplays: Int { attentionMemo?.replays ?? 0 }

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
    /// The change's columns are sorted and merged with the row's in one pass from the first
    /// changed column to the last (into the `merged` scratch row, then copied back; the
    /// entries after it shift only when the row's length changed), so a change touching many
    /// columns costs one walk over the row rather than an insertion per column.
    func apply(_ delta: SparseBuffer, position p: Int) {
        let changes = delta.count
        if changes == 0 { return }
        delta.sortIndices()
        let columns = rowColumns + p * dModel
        let values = rowValues + p * dModel
        let n = rowCount[p]
        // Entries before the first changed column stay where they are: the merge starts
        // there, and only the rest of the row is rewritten.
        let first = delta.indices[0]
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if columns[mid] < first { lo = mid + 1 } else { hi = mid }
        }
        let start = lo
        var read = start, written = 0
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
        // The entries after the last change move only when the merged part changed length
        // (a one-hot change, one column out and one in, leaves them where they are).
        let tail = n - read, end = start + written
        if end != read && tail > 0 {
            memmove(columns + end, columns + read, tail * MemoryLayout<Int32>.stride)
            memmove(values + end, values + read, tail * MemoryLayout<Float>.stride)
        }
        (columns + start).update(from: mergedColumns, count: written)
        (values + start).update(from: mergedValues, count: written)
        rowCount[p] = end + tail
    }

    /// The residual of the first `length` positions feature-major, as a pass's result holds
    /// it (`StackedActivations(single: snapshot(length:))`, written from the non-zero entries).
    func featureMajor(length: Int) -> StackedActivations {
        var values = [Float](repeating: 0, count: length * dModel)
        values.withUnsafeMutableBufferPointer { target in
            for p in 0..<length {
                for k in 0..<rowCount[p] {
                    target[Int(rowColumns[p * dModel + k]) * length + p] = rowValues[p * dModel + k]
                }
            }
        }
        return StackedActivations(rows: SequenceRows(lengths: [length]), width: dModel, values: values)
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
