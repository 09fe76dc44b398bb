import AltaTensors

/// Per-sequence projections of one layer: for each position the non-zero entries of the
/// combined query, key and value vector, ascending by column, with each segment's range.
/// Storage is allocated once for the longest sequence (no mutable stored properties, so no
/// exclusivity checks in the hot loops).
final class SparseProjections {
    /// Number of column segments (e.g. 3 × heads: queries, keys, values).
    let heads: Int
    /// `[maxLength × columns]` capacity.
    let columns: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>
    /// `[maxLength × (heads + 1)]`: entry index where each head's columns start at each position.
    let headStarts: UnsafeMutablePointer<Int>
    /// Entries and positions written so far.
    private let counters: UnsafeMutablePointer<Int>
    /// `[heads]` scratch: entries placed per segment.
    private let fillCount: UnsafeMutablePointer<Int>

    init(segments heads: Int, columns width: Int, maxLength: Int) {
        self.heads = heads
        let capacity = max(width * maxLength, 1)
        columns = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        headStarts = .allocate(capacity: (heads + 1) * maxLength)
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
        fillCount = .allocate(capacity: max(heads, 1))
        fillCount.initialize(repeating: 0, count: max(heads, 1))
    }

    deinit {
        columns.deallocate()
        values.deallocate()
        headStarts.deallocate()
        counters.deallocate()
        fillCount.deallocate()
    }

    func reset() {
        counters[0] = 0
        counters[1] = 0
    }

    /// Appends one position: `x @ W + bias` from the non-zero inputs (`indices[k]` holds
    /// `values[k]`, ascending), contributions first and the bias last (the runtime's order).
    func append(
        indices: UnsafePointer<Int32>, values input: UnsafePointer<Float>, count: Int, weights: SparseMatrix,
        bias: [(Int, Float)], segmentOf: [Int32], scratch: SparseBuffer
    ) {
        let starts = weights.rowStarts, cols = weights.columnIndices, vals = weights.storedValues
        for k in 0..<count {
            let p = Int(indices[k])
            let x = input[k]
            if x == 0 { continue }
            for e in Int(starts[p])..<Int(starts[p + 1]) { scratch.add(Int(cols[e]), x * vals[e]) }
        }
        for (c, b) in bias { scratch.add(c, b) }
        // Bucket the non-zero entries by segment (counting sort), then sort each bucket by
        // column (buckets hold a few entries).
        let base = counters[0]
        let headBase = counters[1] * (heads + 1)
        let segmentStarts = headStarts + headBase
        for h in 0...heads { segmentStarts[h] = 0 }
        var n = 0
        for k in 0..<scratch.count {
            let c = Int(scratch.indices[k])
            if scratch.values[c] == 0 { continue }
            segmentStarts[Int(segmentOf[c]) + 1] += 1
            n += 1
        }
        segmentStarts[0] = base
        for h in 0..<heads { segmentStarts[h + 1] += segmentStarts[h] }
        // segmentStarts[h] is now the start of segment h; fill with a moving cursor per
        // segment, kept in the next segment's slot until the end.
        for k in 0..<scratch.count {
            let c = Int(scratch.indices[k])
            let x = scratch.values[c]
            if x == 0 { continue }
            let segment = Int(segmentOf[c])
            // Insert keeping the segment sorted by column.
            var slot = segmentStarts[segment] + fillCount[segment]
            while slot > segmentStarts[segment] && columns[slot - 1] > Int32(c) {
                columns[slot] = columns[slot - 1]
                values[slot] = values[slot - 1]
                slot -= 1
            }
            columns[slot] = Int32(c)
            values[slot] = x
            fillCount[segment] += 1
        }
        for h in 0..<heads { fillCount[h] = 0 }
        segmentStarts[heads] = base + n
        counters[0] = base + n
        counters[1] += 1
        scratch.clear()
    }

    /// Appends position `j` of `other` (same segments) as the next position.
    func append(copying j: Int, from other: SparseProjections) {
        let from = j * (heads + 1)
        let start = other.headStarts[from], n = other.headStarts[from + heads] - start
        let base = counters[0]
        (columns + base).update(from: other.columns + start, count: n)
        (values + base).update(from: other.values + start, count: n)
        let to = counters[1] * (heads + 1)
        for h in 0...heads { headStarts[to + h] = other.headStarts[from + h] - start + base }
        counters[0] = base + n
        counters[1] += 1
    }

    /// The entries of segment `h` at `position`.
    @inline(__always)
    func range(position: Int, segment h: Int) -> Range<Int> {
        let base = position * (heads + 1)
        return headStarts[base + h]..<headStarts[base + h + 1]
    }

    /// Whether position `a` of `first` and position `b` of `second` hold bit-identical
    /// entries in `segment`.
    @inline(__always)
    static func sameEntries(
        _ first: SparseProjections, _ a: Int, _ second: SparseProjections, _ b: Int, segment s: Int
    ) -> Bool {
        let ra = first.range(position: a, segment: s), rb = second.range(position: b, segment: s)
        guard ra.count == rb.count else { return false }
        var eb = rb.lowerBound
        for ea in ra {
            if first.columns[ea] != second.columns[eb] || first.values[ea].bitPattern != second.values[eb].bitPattern {
                return false
            }
            eb += 1
        }
        return true
    }
}
