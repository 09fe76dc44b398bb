@testable import AltaTensors
import AltaTestSupport
import Testing

/// Every micro-kernel the CPU runs, forced explicitly, against the plain loops
/// (`GemmDriver.direct`), bit for bit. Kernels this CPU lacks are skipped (the test's
/// comment says which).
@Suite("Dense product micro-kernels")
struct GemmKernelTests {
    /// Shapes `(m, k, n)` around the tiles' edges: rows on both sides of 6, 12 and 24
    /// (tiles of 6 or 12); columns on both sides of 8, 16, 32 and the 512-column block;
    /// depth 1, 2 and around the 192-step block.
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (6, 1, 8), (6, 2, 16), (12, 3, 32), (5, 1, 7), (7, 2, 9), (11, 5, 17),
        (12, 9, 31), (13, 17, 33), (1, 40, 65), (6, 191, 15), (13, 192, 47), (23, 193, 64),
        (24, 385, 24), (25, 30, 513), (8, 200, 530),
    ]

    @Test("simd4 (6 × 8) equals the plain loops", arguments: shapes.indices)
    func simd4(index: Int) {
        Self.checkAgainstPlainLoops(.simd4, shape: Self.shapes[index], seed: UInt64(index))
    }

    @Test(
        "avx2 (6 × 16) equals the plain loops", .enabled(if: GemmKernel.avx2.isSupported, "this CPU has no AVX2"),
        arguments: shapes.indices)
    func avx2(index: Int) {
        Self.checkAgainstPlainLoops(.avx2, shape: Self.shapes[index], seed: UInt64(index))
    }

    @Test(
        "avx512 (12 × 16) equals the plain loops",
        .enabled(if: GemmKernel.avx512.isSupported, "this CPU has no AVX-512F"), arguments: shapes.indices)
    func avx512(index: Int) {
        Self.checkAgainstPlainLoops(.avx512, shape: Self.shapes[index], seed: UInt64(index))
    }

    @Test("threaded row and column bands equal the plain loops on every kernel")
    func threaded() {
        // Row bands (m ≥ n in tiles) and column bands, both above the parallel threshold.
        for (index, (m, k, n)) in [(100, 70, 90), (20, 150, 400)].enumerated() {
            #expect(m * n * k >= Kernels.parallelThreshold)
            for kernel in GemmKernel.supported {
                for transposeB in [false, true] {
                    let problem = Problem(m: m, k: k, n: n, transposeB: transposeB, seed: 500 + UInt64(index))
                    var c = problem.c
                    problem.run(c: &c) { a, lda, b, ldb, out, ldc in
                        GemmDriver.run(
                            m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                            c: out, ldc: ldc, accumulate: true, parallel: true, paths: .bySize, kernel: kernel)
                    }
                    let differing = Self.differingElements(c, problem.plainLoops(accumulate: true))
                    #expect(differing.isEmpty, "\(kernel) \(m)×\(k)×\(n) transposeB \(transposeB): \(differing.count) elements differ")
                }
            }
        }
    }

    @Test("k = 0 clears or keeps C whichever kernel is asked for")
    func emptyDepth() {
        for kernel in GemmKernel.supported {
            let problem = Problem(m: 7, k: 0, n: 33, transposeB: false, seed: 9)
            for accumulate in [false, true] {
                var c = problem.c
                problem.run(c: &c) { a, lda, b, ldb, out, ldc in
                    GemmDriver.run(
                        m: 7, n: 33, k: 0, a: a, lda: lda, b: b, ldb: ldb, transposeB: false,
                        c: out, ldc: ldc, accumulate: accumulate, parallel: false, paths: .bySize, kernel: kernel)
                }
                #expect(Self.differingElements(c, problem.plainLoops(accumulate: accumulate)).isEmpty)
                #expect(c != problem.c || accumulate)
            }
        }
    }

    @Test("no kernel fuses the multiply and the add")
    func separateMultiplyAdd() {
        // Every element: 0 + 1 · −(1 + 2⁻¹¹), then + (1 + 2⁻¹²)². The product rounds to
        // 1 + 2⁻¹¹, so multiply-then-add gives exactly 0; a fused multiply-add keeps the
        // product's 2⁻²⁴ and gives 2⁻²⁴.
        let (m, k, n) = (13, 2, 70)
        let e: Float = 1 + 0x1p-12
        let a: [Float] = (0..<m).flatMap { _ -> [Float] in [1, e] }
        let b = [Float](repeating: -(1 + 0x1p-11), count: n) + [Float](repeating: e, count: n)
        let first: Float = -(1 + 0x1p-11)
        #expect(first + e * e == 0)
        #expect(first.addingProduct(e, e) == 0x1p-24)
        for kernel in GemmKernel.supported {
            var c = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        GemmDriver.serial(
                            m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: n,
                            transposeB: false, c: cp.baseAddress!, ldc: n, accumulate: false, kernel: kernel)
                    }
                }
            }
            #expect(c.allSatisfy { $0 == 0 && $0.sign == .plus }, "\(kernel)")
        }
    }

    @Test("the selected kernel is the widest this CPU runs, and the report names it")
    func selection() {
        #expect(GemmKernel.supported.first == .simd4)
        #expect(GemmKernel.selected == GemmKernel.supported.last)
        // AVX-512F implies AVX2 on every CPU that has it.
        if GemmKernel.avx512.isSupported { #expect(GemmKernel.avx2.isSupported) }
        switch KernelPaths.build {
        case .plainLoops:
            #expect(Kernels.denseProductKernel == "plain loops (debug build)")
        case .bySize:
            let widest = GemmKernel.selected
            let all = GemmKernel.supported.map(\.rawValue).joined(separator: ", ")
            #expect(
                Kernels.denseProductKernel
                    == "\(widest.rawValue) (\(widest.rows) × \(widest.columns) tiles; this CPU runs \(all))")
        }
    }

    /// The blocked single-threaded product on `kernel` equals the plain loops bit for bit,
    /// with `B` as stored and transposed, overwriting and accumulating, on strided operands
    /// (padding outside the product must stay untouched).
    static func checkAgainstPlainLoops(_ kernel: GemmKernel, shape: (Int, Int, Int), seed: UInt64) {
        let (m, k, n) = shape
        for transposeB in [false, true] {
            let problem = Problem(m: m, k: k, n: n, transposeB: transposeB, seed: seed * 7 + 1)
            for accumulate in [false, true] {
                var c = problem.c
                problem.run(c: &c) { a, lda, b, ldb, out, ldc in
                    GemmDriver.serial(
                        m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                        c: out, ldc: ldc, accumulate: accumulate, kernel: kernel)
                }
                let differing = Self.differingElements(c, problem.plainLoops(accumulate: accumulate))
                #expect(
                    differing.isEmpty,
                    "\(kernel) \(m)×\(k)×\(n) transposeB \(transposeB) accumulate \(accumulate): \(differing.count) elements differ, first \(differing.prefix(3))")
            }
        }
    }

    /// Indices where `x` and `y` differ bit for bit (so `-0` differs from `0`).
    static func differingElements(_ x: [Float], _ y: [Float]) -> [Int] {
        guard x.count == y.count else { return Array(0..<max(x.count, y.count)) }
        return x.indices.filter { x[$0].bitPattern != y[$0].bitPattern }
    }

    /// Random strided operands: `A` `[m, k]` with row stride `k + 2`, `B` `[k, n]` (or `[n, k]`)
    /// with one spare column, `C` `[m, n]` with row stride `n + 3`, all padding random too.
    struct Problem {
        let m: Int, k: Int, n: Int, transposeB: Bool
        let a: [Float], lda: Int
        let b: [Float], ldb: Int
        let c: [Float], ldc: Int

        init(m: Int, k: Int, n: Int, transposeB: Bool, seed: UInt64) {
            self.m = m
            self.k = k
            self.n = n
            self.transposeB = transposeB
            var rng = SplitMix64(seed: seed)
            lda = k + 2
            ldb = (transposeB ? k : n) + 1
            ldc = n + 3
            a = (0..<(m * lda)).map { _ in rng.float() }
            // At least one element, so the buffer has an address when k = 0.
            b = (0..<max(1, (transposeB ? n : k) * ldb)).map { _ in rng.float() }
            c = (0..<(m * ldc)).map { _ in rng.float() }
        }

        /// `c` after `body(a, lda, b, ldb, c, ldc)` on the operands' buffers.
        func run(
            c: inout [Float],
            _ body: (UnsafePointer<Float>, Int, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int) -> Void
        ) {
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        body(ap.baseAddress!, lda, bp.baseAddress!, ldb, cp.baseAddress!, ldc)
                    }
                }
            }
        }

        /// `C` after the plain loops (`GemmDriver.direct`).
        func plainLoops(accumulate: Bool) -> [Float] {
            var out = c
            run(c: &out) { a, lda, b, ldb, c, ldc in
                GemmDriver.direct(
                    m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                    c: c, ldc: ldc, accumulate: accumulate)
            }
            return out
        }
    }
}
