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

    /// Positions `positions` of the first `width` features as a row-major
    /// `[positions.count, width]` matrix.
    func matrix(positions: Range<Int>, width: Int) -> Matrix {
        precondition(width <= features && positions.upperBound <= stride, "outside the buffer")
        return Matrix(rows: positions.count, columns: width) { target in
            guard let target = target.baseAddress else { return }
            let first = base + positions.lowerBound
            for f in 0..<width {
                let source = first + f &* stride
                for row in 0..<positions.count { target[row &* width &+ f] = source[row] }
            }
        }
    }

    /// The first `count` positions of the first `width` features, row-major
    /// `[count, width]`, in a new allocation the caller deallocates.
    func rowMajor(count: Int, width: Int) -> UnsafeMutablePointer<Float> {
        precondition(width <= features && count <= stride, "outside the buffer")
        let rows = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count * width))
        for f in 0..<width {
            let source = base + f &* stride
            for i in 0..<count { rows[i &* width &+ f] = source[i] }
        }
        return rows
    }
}
