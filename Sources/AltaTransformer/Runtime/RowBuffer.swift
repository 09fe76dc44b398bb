import AltaTensors

/// A block of floats owned by one forward pass: a row-major activation buffer (residual,
/// projection, scratch) sized once for the largest use and reused by every layer.
///
/// Not shared between threads: each group of sequences run concurrently allocates its own.
final class RowBuffer {
    /// Number of floats held (at least 1, so the pointer is always valid).
    let capacity: Int
    /// The first float; `capacity` floats are allocated and initialised to zero.
    let base: UnsafeMutablePointer<Float>

    /// A zeroed buffer of at least `count` floats.
    init(count: Int) {
        capacity = max(count, 1)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: 0, count: capacity)
    }

    deinit { base.deallocate() }

    /// Rows `rows` of a `columns`-wide row-major layout, copied into a matrix.
    func matrix(rows: Range<Int>, columns: Int) -> Matrix {
        precondition(rows.upperBound * columns <= capacity, "row range outside the buffer")
        var result = Matrix(rows: rows.count, columns: columns)
        let source = base + rows.lowerBound * columns
        result.values.withUnsafeMutableBufferPointer { target in
            target.baseAddress?.update(from: source, count: rows.count * columns)
        }
        return result
    }
}
