/// The blocked, packed, multithreaded dense product `C (+)= A · B` (or `A · Bᵀ`).
///
/// Blocking (Goto/BLIS style): for each block of `nc` columns and `kc` steps, `B` is packed
/// once into panels as wide as the micro-kernel's tile (`[kc, 8]` or `[kc, 16]`, kept in
/// L2); then for every six (or twelve) rows of `A` one panel is packed (kept in L1) and swept
/// across all `B` panels by the micro-kernel (`GemmKernel.selected`, the widest this CPU
/// runs). Large problems are split into row or column bands (whichever dimension is
/// longer), one task per band, run on all cores; every task packs its own operands, so
/// tasks share nothing but `C` bands they write exclusively. Products of at most
/// `smallProblem` multiply-adds, and all products when `paths` is `.plainLoops` (debug
/// builds), take `direct` loops instead.
enum GemmDriver {
    /// Steps of the shared dimension per packed block.
    static let depthBlock = 192
    /// Columns of `B` per packed block.
    static let columnBlock = 512

    /// `C[m, n] (+)= A[m, k] · B[k, n]`, or `· Bᵀ` with `B` stored `[n, k]` when
    /// `transposeB`. Strides are in elements. `kernel` must be one this CPU runs (tests
    /// force each; everything else takes `GemmKernel.selected`).
    static func run(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, parallel: Bool,
        paths: KernelPaths = .build, kernel: GemmKernel = .selected
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate {
                for i in 0..<m { (c + i * ldc).initialize(repeating: 0, count: n) }
            }
            return
        }
        let work = m * n * k
        if work <= smallProblem || paths == .plainLoops {
            direct(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                   c: c, ldc: ldc, accumulate: accumulate)
            return
        }
        let cores = ParallelFor.coreCount
        guard parallel, cores > 1, work >= Kernels.parallelThreshold else {
            serial(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                   c: c, ldc: ldc, accumulate: accumulate, kernel: kernel)
            return
        }
        let mr = kernel.rows
        let nr = kernel.columns
        let rowTiles = (m + mr - 1) / mr
        let columnTiles = (n + nr - 1) / nr
        let splitRows = rowTiles >= columnTiles
        let tiles = splitRows ? rowTiles : columnTiles
        // Two tasks per core balance load when another process takes a core for a while;
        // each task packs its own operands, so smaller products get one task per core.
        let tasks = min(tiles, work >= 16 * Kernels.parallelThreshold ? 2 * cores : cores)
        if tasks <= 1 {
            serial(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, transposeB: transposeB,
                   c: c, ldc: ldc, accumulate: accumulate, kernel: kernel)
            return
        }
        ParallelFor.run(tasks) { task in
            let firstTile = tiles * task / tasks
            let endTile = tiles * (task + 1) / tasks
            if splitRows {
                let r0 = firstTile * mr
                let r1 = min(m, endTile * mr)
                serial(m: r1 - r0, n: n, k: k, a: a + r0 * lda, lda: lda, b: b, ldb: ldb,
                       transposeB: transposeB, c: c + r0 * ldc, ldc: ldc, accumulate: accumulate,
                       kernel: kernel)
            } else {
                let c0 = firstTile * nr
                let c1 = min(n, endTile * nr)
                let bStart = transposeB ? b + c0 * ldb : b + c0
                serial(m: m, n: c1 - c0, k: k, a: a, lda: lda, b: bStart, ldb: ldb,
                       transposeB: transposeB, c: c + c0, ldc: ldc, accumulate: accumulate, kernel: kernel)
            }
        }
    }

    /// Products of at most this many multiply-adds skip packing (`direct`).
    static let smallProblem = 1 << 12

    /// The product by plain loops, for small problems: no packing or scratch memory, and
    /// cheap in debug builds. Each element still accumulates its products in `p` order
    /// starting from 0 (or from `C`), so it equals the blocked kernel's result.
    static func direct(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        for i in 0..<m {
            let cRow = c + i * ldc
            let aRow = a + i * lda
            if transposeB {
                // Bᵀ: row j of the stored B is column j of the product's right operand.
                for j in 0..<n {
                    let bRow = b + j * ldb
                    var sum: Float = accumulate ? cRow[j] : 0
                    for p in 0..<k { sum += aRow[p] * bRow[p] }
                    cRow[j] = sum
                }
            } else {
                if !accumulate { cRow.initialize(repeating: 0, count: n) }
                for p in 0..<k {
                    let av = aRow[p]
                    let bRow = b + p * ldb
                    for j in 0..<n { cRow[j] += av * bRow[j] }
                }
            }
        }
    }

    /// The single-threaded blocked product on `kernel`.
    static func serial(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, kernel: GemmKernel
    ) {
        if m == 0 || n == 0 || k == 0 { return }
        let mr = kernel.rows
        let nr = kernel.columns
        let kc = min(k, depthBlock)
        let nc = min(columnBlock, (n + nr - 1) / nr * nr)
        // [kc, 6, 4], [kc, 6] or [kc, 12]
        let aPanel = UnsafeMutableRawPointer.allocate(byteCount: kc * kernel.aPanelStepBytes, alignment: 64)
        // [nc / nr, kc, nr]
        let bBlock = UnsafeMutableRawPointer.allocate(byteCount: kc * nc * 4, alignment: 64)
        defer {
            aPanel.deallocate()
            bBlock.deallocate()
        }
        let aFloats = aPanel.assumingMemoryBound(to: Float.self)
        let bFloats = bBlock.assumingMemoryBound(to: Float.self)

        var jc = 0
        while jc < n {
            let nb = min(nc, n - jc)
            var pc = 0
            while pc < k {
                let kb = min(kc, k - pc)
                let bSource = transposeB ? b + jc * ldb + pc : b + pc * ldb + jc
                GemmPacking.packB(
                    depth: kb, columnCount: nb, b: bSource, ldb: ldb, transposed: transposeB,
                    width: nr, into: bFloats)
                let load = accumulate || pc > 0
                var ir = 0
                while ir < m {
                    let rowCount = min(mr, m - ir)
                    GemmPacking.packA(
                        rowCount: rowCount, depth: kb, a: a + ir * lda + pc, lda: lda, into: aFloats,
                        for: kernel)
                    var jr = 0
                    while jr < nb {
                        let columnCount = min(nr, nb - jr)
                        let tile = c + ir * ldc + jc + jr
                        let bPanel = UnsafeRawPointer(bFloats + jr * kb)
                        kernel.tile(
                            depth: kb, a: UnsafeRawPointer(aPanel), b: bPanel, c: tile, ldc: ldc,
                            load: load, rowCount: rowCount, columnCount: columnCount)
                        jr += nr
                    }
                    ir += mr
                }
                pc += kb
            }
            jc += nb
        }
    }
}
