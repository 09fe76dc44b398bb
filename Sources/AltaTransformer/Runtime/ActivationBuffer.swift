import AltaTensors

/// Activations of a group of positions stored feature-major: feature `f` of position `i`
/// is `base[f · stride + i]`, so each feature is one contiguous run over the positions
/// and position-wise work (sparse projections, biases, activations) runs as vector loops
/// over all positions at once.
///
/// Sized once per forward pass for its largest use and reused by every layer; not shared
/// between threads (each group of sequences run concurrently allocates its own).
final class ActivationBuffer {
    /// Features held.
    let features: Int
    /// Positions per feature (the distance between features).
    let stride: Int
    /// `[features, stride]`. Contents start undefined: every user writes a region before
    /// reading it.
    let base: UnsafeMutablePointer<Float>

    /// A buffer of `features` features over `positions` positions.
    init(features: Int, positions: Int) {
        self.features = features
        self.stride = positions
        base = .allocate(capacity: max(features * positions, 1))
    }

    deinit { base.deallocate() }

    /// The first value of feature `f`.
    func feature(_ f: Int) -> UnsafeMutablePointer<Float> { base + f * stride }

    /// The given rows of the first `width` features as a row-major `[rows.count, width]`
    /// matrix (one matrix row per row given, in order).
    func matrix<Rows: Collection<Int>>(rows: Rows, width: Int) -> Matrix {
        precondition(width <= features, "outside the buffer")
        return Matrix(rows: rows.count, columns: width) { target in
            guard let target = target.baseAddress else { return }
            for f in 0..<width {
                let source = feature(f)
                for (index, row) in rows.enumerated() { target[index &* width &+ f] = source[row] }
            }
        }
    }

    /// Copies, for every feature, `source`'s value at `sources[i]` to this buffer's row
    /// `destinations[i]` (`source` has this buffer's shape and is not this buffer).
    func copyRows<Sources: Sequence<Int>, Destinations: Sequence<Int>>(
        from source: ActivationBuffer, rows sources: Sources, to destinations: Destinations
    ) {
        precondition(source.features == features && source.stride == stride && source !== self,
                     "buffers of different shapes")
        let pairs = Array(zip(sources, destinations))
        for f in 0..<features {
            let from = source.feature(f)
            let to = feature(f)
            for (s, d) in pairs { to[d] = from[s] }
        }
    }

    /// The first `count` positions of the first `width` features, in a new array laid out
    /// like this buffer (`[width, count]`).
    func values(width: Int, count: Int) -> [Float] {
        precondition(width <= features && count <= stride, "outside the buffer")
        if count == stride { return Array(UnsafeBufferPointer(start: base, count: width * count)) }
        var values: [Float] = []
        values.reserveCapacity(width * count)
        for f in 0..<width { values.append(contentsOf: UnsafeBufferPointer(start: feature(f), count: count)) }
        return values
    }
}
