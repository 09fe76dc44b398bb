import AltaTensors
import Testing
@testable import AltaTransformer

/// The per-sequence attention products against `Kernels.gemm` on the same operands:
/// skipping zero left factors must not change a single bit.
@Suite struct SequenceAttentionTests {
    static func random(_ count: Int, zeros: Double, using g: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Double.random(in: 0..<1, using: &g) < zeros ? 0 : Float.random(in: -2...2, using: &g) }
    }

    @Test(arguments: [(1, 1), (3, 0), (5, 4), (6, 17), (11, 9), (12, 40)])
    func logitsEqualTheScaledProduct(length t: Int, width: Int) {
        var g = SeededGenerator(seed: UInt64(t * 64 + width))
        let q = Self.random(t * width, zeros: 0.7, using: &g)
        let k = Self.random(t * width, zeros: 0.3, using: &g)
        var expected = [Float](repeating: 0, count: t * t)
        Kernels.gemm(m: t, n: t, k: width, a: q, b: k, transposeB: true, c: &expected, accumulate: false)
        for i in expected.indices { expected[i] = expected[i] * 0.7 }
        var got = [Float](repeating: .nan, count: t * t)
        var scratch = [Float](repeating: 0, count: max(1, width * t))
        // Non-empty stand-ins keep the pointers valid when the width is 0.
        (q + [0]).withUnsafeBufferPointer { qp in
            (k + [0]).withUnsafeBufferPointer { kp in
                SequenceAttention.logits(
                    queries: qp.baseAddress!, keys: kp.baseAddress!,
                    length: t, width: width, scale: 0.7, transposed: &scratch, into: &got)
            }
        }
        #expect(got == expected)
    }

    @Test(arguments: [(1, 1), (4, 3), (6, 1), (11, 8), (20, 30)])
    func mixAddsThePatternProduct(length t: Int, width: Int) {
        var g = SeededGenerator(seed: UInt64(t * 97 + width))
        let pattern = Self.random(t * t, zeros: 0.6, using: &g)
        let values = Self.random(t * width, zeros: 0.2, using: &g)
        let start = Self.random(t * width, zeros: 0, using: &g)
        var expected = start
        Kernels.gemm(m: t, n: width, k: t, a: pattern, b: values, c: &expected, accumulate: true)
        var got = start
        SequenceAttention.mix(pattern: pattern, values: values, length: t, width: width, into: &got)
        #expect(got == expected)
    }
}
