import AltaTensors

/// A block of floats owned by one forward pass: a row-major activation buffer (residual,
/// projection, scratch) sized once for the largest use and reused by every layer.
///
/// Not shared between threads: each group of sequences run concurrently allocates its own.
final class RowBuffer {
    /// Number of floats held (at least 1, so the pointer is always valid).
    let capacity: Int
    /// The first float; `capacity` floats are allocated. Their contents start undefined:
    /// every user writes a region before reading it.
    let base: UnsafeMutablePointer<Float>

    /// A buffer of at least `count` floats.
    init(count: Int) {
        capacity = max(count, 1)
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Rows `rows` of a `columns`-wide row-major layout, copied into a matrix.
    func matrix(rows: Range<Int>, columns: Int) -> Matrix {
        precondition(rows.upperBound * columns <= capacity, "row range outside the buffer")
        return Matrix(rows: rows.count, columns: columns, copying: base + rows.lowerBound * columns)
    }
}
