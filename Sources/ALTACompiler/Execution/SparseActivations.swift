/// A dense activation vector that also knows which of its entries may be non-zero, so that
/// sparse kernels touch only those and clearing costs only what was written.
struct SparseActivations {
    /// `[width]` dense values (zero outside `indices`).
    var values: [Float]
    /// Indices that were written (ascending after `finish()`), possibly holding zeros.
    var indices: [Int32] = []
    /// `[width]` whether an index is in `indices`.
    private var marked: [Bool]

    init(width: Int) {
        values = [Float](repeating: 0, count: width)
        marked = [Bool](repeating: false, count: width)
        indices.reserveCapacity(min(width, 1024))
    }

    var width: Int { values.count }

    /// Adds `x` to entry `i`, remembering `i`.
    @inline(__always)
    mutating func add(_ i: Int, _ x: Float) {
        if !marked[i] {
            marked[i] = true
            indices.append(Int32(i))
        }
        values[i] += x
    }

    /// Remembers `i` without changing its value.
    @inline(__always)
    mutating func touch(_ i: Int) {
        if !marked[i] {
            marked[i] = true
            indices.append(Int32(i))
        }
    }

    /// Whether `i` was written.
    @inline(__always)
    func isMarked(_ i: Int) -> Bool { marked[i] }

    /// Sorts the written indices ascending.
    mutating func finish() {
        if indices.count > 1 { indices.sort() }
    }

    /// Drops indices whose value is zero (keeps the order).
    mutating func dropZeros() {
        var kept = 0
        for k in 0..<indices.count {
            let i = Int(indices[k])
            if values[i] != 0 {
                indices[kept] = indices[k]
                kept += 1
            } else {
                marked[i] = false
            }
        }
        indices.removeLast(indices.count - kept)
    }

    /// Zeroes every written entry.
    mutating func clear() {
        for i in indices {
            values[Int(i)] = 0
            marked[Int(i)] = false
        }
        indices.removeAll(keepingCapacity: true)
    }
}
