import AltaTensors
import Testing
@testable import AltaTransformer

/// The per-sequence attention products on feature-major activations against
/// `Kernels.gemm` on the same operands laid out row-major (queries mostly zero, as
/// compiled ones are): the results must agree bit for bit.
@Suite struct SequenceAttentionTests {
    static func random(_ count: Int, zeros: Double, using g: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Double.random(in: 0..<1, using: &g) < zeros ? 0 : Float.random(in: -2...2, using: &g) }
    }

    /// `[features, stride]` feature-major storage of the row-major `[t, features]` `rows`,
    /// the sequence starting at position `offset`; other positions hold NaN, which must
    /// never be read.
    static func featureMajor(_ rows: [Float], length t: Int, features: Int, offset: Int, stride: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: max(1, features * stride))
        for i in 0..<t { for f in 0..<features { out[f * stride + offset + i] = rows[i * features + f] } }
        return out
    }

    @Test(arguments: [(1, 1), (3, 0), (5, 4), (6, 17), (11, 9), (12, 40)])
    func logitsEqualTheScaledProduct(length t: Int, width: Int) {
        var g = SplitMix64(seed: UInt64(t * 64 + width))
        let q = Self.random(t * width, zeros: 0.7, using: &g)
        let k = Self.random(t * width, zeros: 0.3, using: &g)
        var expected = [Float](repeating: 0, count: t * t)
        Kernels.gemm(m: t, n: t, k: width, a: q, b: k, transposeB: true, c: &expected, accumulate: false)
        for i in expected.indices { expected[i] = expected[i] * 0.7 }
        let (offset, stride) = (2, t + 5)
        let qf = Self.featureMajor(q, length: t, features: width, offset: offset, stride: stride)
        let kf = Self.featureMajor(k, length: t, features: width, offset: offset, stride: stride)
        var got = [Float](repeating: .nan, count: t * t)
        var scratch = [Int](repeating: -1, count: max(1, width))
        qf.withUnsafeBufferPointer { qp in
            kf.withUnsafeBufferPointer { kp in
                SequenceAttention.logits(
                    queries: qp.baseAddress! + offset, keys: kp.baseAddress! + offset, stride: stride,
                    length: t, width: width, scale: 0.7, scratch: &scratch, into: &got)
            }
        }
        #expect(got == expected)
    }

    @Test(arguments: [(1, 1), (4, 3), (6, 1), (11, 8), (20, 30)])
    func mixAddsThePatternProduct(length t: Int, width: Int) {
        var g = SplitMix64(seed: UInt64(t * 97 + width))
        let pattern = Self.random(t * t, zeros: 0.6, using: &g)
        let values = Self.random(t * width, zeros: 0.2, using: &g)
        var expected = [Float](repeating: 0, count: t * width)
        Kernels.gemm(m: t, n: width, k: t, a: pattern, b: values, c: &expected, accumulate: true)
        let (offset, stride) = (3, t + 4)
        let vf = Self.featureMajor(values, length: t, features: width, offset: offset, stride: stride)
        var mixed = Self.featureMajor(
            [Float](repeating: 0, count: t * width), length: t, features: width, offset: offset, stride: stride)
        vf.withUnsafeBufferPointer { vp in
            mixed.withUnsafeMutableBufferPointer { mp in
                SequenceAttention.mix(
                    pattern: pattern, values: vp.baseAddress! + offset, stride: stride, length: t,
                    width: width, into: mp.baseAddress! + offset)
            }
        }
        let want = Self.featureMajor(expected, length: t, features: width, offset: offset, stride: stride)
        // Equal everywhere; the positions outside the sequence stay NaN (untouched).
        #expect(zip(mixed, want).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }
}
