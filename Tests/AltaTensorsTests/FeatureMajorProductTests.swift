import AltaTensors
import Testing

@Suite("Feature-major product")
struct FeatureMajorProductTests {
    /// `(positions, rows, columns, weight fill, input fill)`: empty cases, tiny products,
    /// very sparse inputs, products large enough to be split over threads, matrices wider
    /// than one column chunk (walked chunk by chunk), and dense weights with few positions
    /// (multiplied through transposed activations) or many (through transposed weights).
    static let cases: [(Int, Int, Int, Double, Double)] = [
        (0, 4, 3, 0.5, 1), (3, 0, 4, 0.5, 1), (3, 4, 0, 0.5, 1), (1, 1, 1, 1, 1), (7, 13, 9, 0.3, 1),
        (384, 18, 12, 0.1, 0.2), (50, 40, 23, 0, 1), (700, 300, 500, 0.05, 0.5), (64, 256, 300, 0.9, 1),
        (16, 9, 4097, 0.3, 0.7), (24, 64, 8200, 0.01, 1), (3, 40, 50, 0.5, 1),
    ]

    /// `applyFeatureMajor` on transposed, strided activations equals `apply(to:)` on the
    /// row-major ones exactly, for the sparse and the dense form of the same weights.
    @Test("equals the row-major product bit for bit", arguments: cases.indices)
    func matchesRowMajor(index: Int) throws {
        let (n, rows, columns, fill, xFill) = Self.cases[index]
        var rng = SplitMix64(seed: 500 + UInt64(index))
        let w = rng.matrix(rows, columns, fill: fill)
        let x = rng.matrix(n, rows, fill: xFill)
        let expected = try x.matmul(w)
        let stride = n + 3
        // [rows, stride]: feature p of position i at p · stride + i; padding is NaN.
        var input = [Float](repeating: .nan, count: max(1, rows * stride))
        for i in 0..<n { for p in 0..<rows { input[p * stride + i] = x[i, p] } }
        for weight in [WeightMatrix.sparse(SparseMatrix(w)), .dense(w)] {
            for parallel in [false, true] {
                var out = [Float](repeating: .nan, count: max(1, columns * stride))
                input.withUnsafeBufferPointer { xp in
                    out.withUnsafeMutableBufferPointer { op in
                        weight.applyFeatureMajor(
                            to: xp.baseAddress!, xStride: stride, count: n, into: op.baseAddress!,
                            outStride: stride, parallel: parallel)
                    }
                }
                var got = Matrix(rows: n, columns: columns)
                for i in 0..<n { for j in 0..<columns { got[i, j] = out[j * stride + i] } }
                #expect(got == expected, "\(weight.isSparse ? "sparse" : "dense"), parallel \(parallel)")
            }
        }
    }
}
