/// A dense scratch vector that remembers which entries were written, so that sparse kernels
/// touch (and clear) only those. Owned by one thread (see `SparseWorkspace`).
///
/// All state lives behind pointers allocated once (the class has no mutable stored
/// properties), so the hot loops pay no exclusivity checks.
final class SparseBuffer {
    let width: Int
    /// `[width]`, zero outside the written indices.
    let values: UnsafeMutablePointer<Float>
    /// `[width]` whether an index was written.
    let marked: UnsafeMutablePointer<Bool>
    /// `[width]` capacity; the first `count` are the written indices.
    let indices: UnsafeMutablePointer<Int32>
    private let counter: UnsafeMutablePointer<Int>

    init(width: Int) {
        self.width = width
        let capacity = max(width, 1)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        marked = .allocate(capacity: capacity)
        marked.initialize(repeating: false, count: capacity)
        indices = .allocate(capacity: capacity)
        indices.initialize(repeating: 0, count: capacity)
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
    }

    deinit {
        values.deallocate()
        marked.deallocate()
        indices.deallocate()
        counter.deallocate()
    }

    /// Number of written indices.
    var count: Int {
        @inline(__always) get { counter.pointee }
        @inline(__always) set { counter.pointee = newValue }
    }

    /// Adds `x` to entry `i`, remembering `i`.
    @inline(__always)
    func add(_ i: Int, _ x: Float) {
        if !marked[i] {
            marked[i] = true
            indices[counter.pointee] = Int32(i)
            counter.pointee += 1
        }
        values[i] += x
    }

    /// Sets entry `i` to `x`, remembering `i`.
    @inline(__always)
    func set(_ i: Int, _ x: Float) {
        if !marked[i] {
            marked[i] = true
            indices[counter.pointee] = Int32(i)
            counter.pointee += 1
        }
        values[i] = x
    }

    /// Sorts the written indices ascending (by insertion when there are few, as there are
    /// for a row's change).
    func sortIndices() {
        let n = counter.pointee
        if n < 2 { return }
        if n <= 32 {
            for k in 1..<n {
                let index = indices[k]
                var m = k
                while m > 0 && indices[m - 1] > index {
                    indices[m] = indices[m - 1]
                    m -= 1
                }
                indices[m] = index
            }
            return
        }
        var list = UnsafeMutableBufferPointer(start: indices, count: n)
        list.sort()
    }

    /// Drops written indices whose value is zero (keeps their order).
    func dropZeros() {
        var kept = 0
        for k in 0..<counter.pointee {
            let i = Int(indices[k])
            if values[i] != 0 {
                indices[kept] = indices[k]
                kept += 1
            } else {
                marked[i] = false
            }
        }
        counter.pointee = kept
    }

    /// Zeroes every written entry.
    func clear() {
        for k in 0..<counter.pointee {
            let i = Int(indices[k])
            values[i] = 0
            marked[i] = false
        }
        counter.pointee = 0
    }
}
