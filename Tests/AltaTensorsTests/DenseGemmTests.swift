import AltaTensors
import AltaTestSupport
import Testing

@Suite("Dense matrix product")
struct DenseGemmTests {
    /// Shapes `(m, k, n)`: empty, single, odd, not multiples of the 6 × 8 tile, deeper than
    /// one packed block of 192 steps, wider than one 512-column block, and on both sides
    /// of `Kernels.parallelThreshold` (2¹⁹ multiply-adds).
    static let shapes: [(Int, Int, Int)] = [
        (0, 0, 0), (0, 5, 3), (4, 0, 3), (3, 5, 0), (1, 1, 1), (1, 7, 1), (2, 3, 5),
        (6, 8, 8), (7, 9, 13), (13, 17, 9), (5, 200, 11), (12, 64, 600), (37, 401, 19),
        (64, 64, 64), (70, 90, 83), (90, 100, 70), (128, 64, 80), (31, 523, 65),
    ]

    @Test("matches the sequential reference on random shapes", arguments: shapes.indices)
    func matchesReference(index: Int) throws {
        let (m, k, n) = Self.shapes[index]
        var rng = SplitMix64(seed: UInt64(index) + 11)
        let a = rng.matrix(m, k)
        let b = rng.matrix(k, n)
        let c = try a.matmul(b)
        let expected = Reference.matmul(a, b)
        #expect(c.shape == [m, n])
        #expect(c.maxAbsDifference(expected) <= 1e-4 * Float(max(k, 1)).squareRoot())
        // Multiply then add in index order: the result is the sequential dot product, on
        // the plain-loop path and on the blocked one alike.
        #expect(c == expected)
        #expect(BlockedKernels.matmul(a, b) == expected)
    }

    @Test("transposed right operand matches the explicit transpose", arguments: shapes.indices)
    func transposedRight(index: Int) throws {
        let (m, k, n) = Self.shapes[index]
        var rng = SplitMix64(seed: UInt64(index) + 101)
        let a = rng.matrix(m, k)
        let bt = rng.matrix(n, k)
        let c = try a.matmul(bt, transposingRight: true)
        #expect(c.shape == [m, n])
        #expect(c == Reference.matmul(a, bt, transposeB: true))
        #expect(BlockedKernels.matmul(a, bt, transposeB: true) == c)
        #expect(c == (try a.matmul(bt.transposed())))
    }

    @Test("is close to the product accumulated in Double")
    func closeToDouble() throws {
        var rng = SplitMix64(seed: 7)
        let a = rng.matrix(33, 300)
        let b = rng.matrix(300, 29)
        let c = try a.matmul(b)
        let exact = Reference.matmulDouble(a, b)
        for i in exact.indices {
            #expect(abs(Double(c.values[i]) - exact[i]) < 1e-4)
        }
    }

    @Test("threaded and single-threaded results are identical")
    func threadingDoesNotChangeResults() {
        var rng = SplitMix64(seed: 3)
        for (m, k, n) in [(200, 70, 90), (20, 150, 400), (130, 130, 130)] {
            #expect(m * n * k >= Kernels.parallelThreshold)
            let a = rng.matrix(m, k)
            let b = rng.matrix(k, n)
            let threaded = BlockedKernels.matmul(a, b, parallel: true).values
            let single = BlockedKernels.matmul(a, b, parallel: false).values
            #expect(threaded == single)
            #expect(threaded == Reference.matmul(a, b).values)
        }
    }

    @Test("accumulates into C and overwrites it otherwise")
    func accumulate() {
        var rng = SplitMix64(seed: 5)
        let (m, k, n) = (9, 250, 14)
        let a = rng.matrix(m, k)
        let b = rng.matrix(k, n)
        let start = rng.matrix(m, n)
        let product = Reference.matmulDouble(a, b)
        var c = start.values
        Kernels.gemm(m: m, n: n, k: k, a: a.values, b: b.values, c: &c, accumulate: true)
        for i in c.indices {
            #expect(abs(Double(c[i]) - (Double(start.values[i]) + product[i])) < 1e-4)
        }
        var blocked = start.values
        BlockedKernels.gemm(
            m: m, n: n, k: k, a: a.values, lda: k, b: b.values, ldb: n, transposeB: false,
            c: &blocked, ldc: n, accumulate: true)
        #expect(blocked == c)
        var overwritten = start.values
        Kernels.gemm(m: m, n: n, k: k, a: a.values, b: b.values, c: &overwritten, accumulate: false)
        #expect(overwritten == Reference.matmul(a, b).values)
        // k = 0: the product is zero.
        var empty = start.values
        Kernels.gemm(m: m, n: n, k: 0, a: [], b: [], c: &empty, accumulate: false)
        #expect(empty.allSatisfy { $0 == 0 })
        var kept = start.values
        Kernels.gemm(m: m, n: n, k: 0, a: [], b: [], c: &kept, accumulate: true)
        #expect(kept == start.values)
    }

    @Test("strided sub-blocks read and write only their rows and columns")
    func strided() {
        var rng = SplitMix64(seed: 9)
        // A is the [5, 7] block at (2, 3) of a [10, 12] buffer, B^T the [6, 7] block at
        // (1, 4) of a [9, 13] buffer, C the [5, 6] block at (1, 2) of an [8, 11] buffer.
        let bigA = rng.matrix(10, 12)
        let bigBt = rng.matrix(9, 13)
        let bigC = rng.matrix(8, 11)
        var c = bigC.values
        bigA.values.withUnsafeBufferPointer { ap in
            bigBt.values.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    Kernels.gemm(
                        m: 5, n: 6, k: 7, a: ap.baseAddress! + 2 * 12 + 3, lda: 12,
                        b: bp.baseAddress! + 1 * 13 + 4, ldb: 13, transposeB: true,
                        c: cp.baseAddress! + 1 * 11 + 2, ldc: 11, accumulate: false)
                }
            }
        }
        var blocked = bigC.values
        BlockedKernels.gemm(
            m: 5, n: 6, k: 7, a: bigA.values, aOffset: 2 * 12 + 3, lda: 12,
            b: bigBt.values, bOffset: 1 * 13 + 4, ldb: 13, transposeB: true,
            c: &blocked, cOffset: 1 * 11 + 2, ldc: 11, accumulate: false)
        #expect(blocked == c)
        for r in 0..<8 {
            for col in 0..<11 {
                let inside = (1..<6).contains(r) && (2..<8).contains(col)
                if inside {
                    var sum: Float = 0
                    for p in 0..<7 { sum += bigA[r - 1 + 2, 3 + p] * bigBt[col - 2 + 1, 4 + p] }
                    #expect(c[r * 11 + col] == sum)
                } else {
                    #expect(c[r * 11 + col] == bigC[r, col])
                }
            }
        }
    }

    @Test("shape mismatches are thrown")
    func shapeErrors() {
        let a = Matrix(rows: 2, columns: 3)
        let b = Matrix(rows: 4, columns: 2)
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", left: [2, 3], right: [4, 2])) {
            try a.matmul(b)
        }
        expectError(TensorError.shapeMismatch(operation: "matmul (transposed right)", left: [2, 3], right: [4, 2]),
                    message: "matmul (transposed right): incompatible shapes [2, 3] and [4, 2]") {
            try a.matmul(b, transposingRight: true)
        }
        #expect(throws: Never.self) { try a.matmul(Matrix(rows: 5, columns: 3), transposingRight: true) }
    }
}
