import AltaTensors

/// A sparse projection `x W + b` walked one output feature at a time and added straight
/// into a target (`target += x W + b`), touching only the features it can change.
///
/// Compiled layers write a few features of a wide residual: a head's output matrix or
/// an MLP's last layer has entries in a few columns only. Computing the whole product
/// into a `[dModel, n]` buffer (zeroed first) and adding all of it costs more than the
/// product itself. Here each written feature's value is summed in a scratch run of
/// positions — its products in increasing input index from +0, then the bias, exactly
/// the operations of `FeatureMajorKernel` and `addBias` — and added to its target
/// feature. A feature with no entry and a zero bias would add +0, which leaves the
/// target unchanged (up to the sign of a zero), so it is skipped.
struct ColumnProjection {
    /// The output features written, ascending.
    let features: [Int]
    /// `[features.count + 1]`: the entries of `features[k]` are `starts[k]..<starts[k+1]`.
    private let starts: [Int]
    /// Input feature of each entry, ascending within a feature.
    private let inputs: [Int]
    /// Weight of each entry.
    private let weights: [Float]
    /// Per written feature, its bias, when the bias is added at all.
    private let bias: [Float]?

    /// The projection of a sparse `weight` (`[in, out]`); `bias` (`[out]`, or empty for
    /// none) is added when `addsBias`. Nil for a dense weight, whose blocked product is
    /// faster than walking its columns, and for one that writes more than a quarter of its
    /// outputs, where little would be skipped and the product kernel, which streams its
    /// input in order, is faster.
    init?(_ weight: WeightMatrix, bias: [Float], addsBias: Bool) {
        guard case let .sparse(matrix) = weight else { return nil }
        var counts = [Int](repeating: 0, count: matrix.columns)
        for column in matrix.columnIndices { counts[Int(column)] += 1 }
        let adds = addsBias && bias.count == matrix.columns
        var features: [Int] = []
        var starts = [0]
        for f in 0..<matrix.columns where counts[f] > 0 || (adds && bias[f] != 0) {
            features.append(f)
            starts.append(starts[starts.count - 1] + counts[f])
        }
        guard features.count * Self.writtenFraction <= matrix.columns else { return nil }
        // Entries regrouped by output feature; rows are walked in order, so each
        // feature's inputs come out ascending.
        var slotOfFeature = [Int](repeating: -1, count: matrix.columns)
        for (k, f) in features.enumerated() { slotOfFeature[f] = k }
        var next = Array(starts.dropLast())
        var inputs = [Int](repeating: 0, count: matrix.nonZeroCount)
        var weights = [Float](repeating: 0, count: matrix.nonZeroCount)
        for row in 0..<matrix.rows {
            for e in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] {
                let k = slotOfFeature[Int(matrix.columnIndices[e])]
                inputs[next[k]] = row
                weights[next[k]] = matrix.storedValues[e]
                next[k] += 1
            }
        }
        self.features = features
        self.starts = starts
        self.inputs = inputs
        self.weights = weights
        self.bias = adds ? features.map { bias[$0] } : nil
    }

    /// Projections writing at most one output in this many are walked by column.
    static let writtenFraction = 4

    /// `target[f] += (x W + b)[f]` over `count` positions for every written feature `f`:
    /// `x` holds the weight's input features with stride `xStride`, `target` is feature-major
    /// with stride `targetStride`, and `scratch` holds `count` floats. `x` must not be
    /// `target`.
    func accumulate(
        _ x: UnsafePointer<Float>, xStride: Int, count: Int, into target: UnsafeMutablePointer<Float>,
        targetStride: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        for (k, f) in features.enumerated() {
            scratch.update(repeating: 0, count: count)
            for e in starts[k]..<starts[k + 1] {
                let input = x + inputs[e] &* xStride
                let w = weights[e]
                for i in 0..<count { scratch[i] += input[i] * w }
            }
            if let bias {
                let b = bias[k]
                for i in 0..<count { scratch[i] += b }
            }
            let out = target + f &* targetStride
            for i in 0..<count { out[i] += scratch[i] }
        }
    }
}
