import AltaKernelsC

/// The register-tiled micro-kernels of the dense product, one per vector-unit width, and
/// the one this process runs (`selected`), chosen at run time from the CPU's features.
///
/// Every kernel holds one output element per vector lane and adds its products in step
/// order with a separate multiply and add (no fused multiply-add; see `Kernels`), so the
/// choice changes only the speed, never a bit of a result. The AVX2 and AVX-512 kernels are
/// C functions compiled for those units alone (`AltaKernelsC`), so the package still builds
/// for baseline x86-64 and runs on CPUs without them.
enum GemmKernel: String, CaseIterable, Sendable {
    /// `GemmMicroKernel`: 6 × 8 tiles on four-lane vectors (SSE on x86-64, NEON on arm64);
    /// runs everywhere.
    case simd4
    /// 6 × 16 tiles on eight-lane AVX2 registers (x86-64 with AVX2).
    case avx2
    /// 12 × 16 tiles on sixteen-lane AVX-512 registers, one per row (x86-64 with AVX-512F).
    case avx512

    /// Rows of the `C` tile.
    var rows: Int { self == .avx512 ? 12 : 6 }

    /// Columns of the `C` tile (one or two vector registers).
    var columns: Int { self == .simd4 ? 8 : 16 }

    /// Bytes of the packed `A` panel per step: `simd4` stores every row value broadcast to
    /// four lanes (`[kc, 6, 4]`), the C kernels one float per row (`[kc, 6]` or `[kc, 12]`)
    /// and broadcast as they load.
    var aPanelStepBytes: Int { self == .simd4 ? rows * 16 : rows * 4 }

    /// Whether this CPU (and operating system) runs the kernel.
    var isSupported: Bool {
        switch self {
        case .simd4: true
        case .avx2: Self.support & Int32(ALTA_GEMM_KERNEL_AVX2) != 0
        case .avx512: Self.support & Int32(ALTA_GEMM_KERNEL_AVX512) != 0
        }
    }

    /// The CPU's kernel bits (`ALTA_GEMM_KERNEL_*`), read once.
    private static let support = alta_gemm_kernel_support()

    /// The kernels this CPU runs, narrowest first.
    static var supported: [GemmKernel] { allCases.filter(\.isSupported) }

    /// The widest kernel this CPU runs: the one every blocked product uses.
    static let selected: GemmKernel = supported.last ?? .simd4

    /// The tile's shape, e.g. `12 × 16`.
    var tileDescription: String { "\(rows) × \(columns)" }

    /// `C[0..<rowCount, 0..<columnCount] (+)= Apanel · Bpanel` over `depth` steps, for a
    /// tile of at most `rows × columns`; `a` and `b` are packed for this kernel
    /// (`GemmPacking`). When `load` is false the tile is overwritten.
    @inline(__always)
    func tile(
        depth: Int, a: UnsafeRawPointer, b: UnsafeRawPointer, c: UnsafeMutablePointer<Float>,
        ldc: Int, load: Bool, rowCount: Int, columnCount: Int
    ) {
        switch self {
        case .simd4:
            if rowCount == rows && columnCount == columns {
                GemmMicroKernel.run(depth: depth, a: a, b: b, c: c, ldc: ldc, load: load)
            } else {
                GemmMicroKernel.runEdge(
                    depth: depth, a: a, b: b, c: c, ldc: ldc, load: load, rowCount: rowCount,
                    columnCount: columnCount)
            }
        case .avx2, .avx512:
            #if arch(x86_64)
                let aFloats = a.assumingMemoryBound(to: Float.self)
                let bFloats = b.assumingMemoryBound(to: Float.self)
                if self == .avx2 {
                    alta_gemm_tile_avx2(
                        depth, aFloats, bFloats, c, ldc, load ? 1 : 0, rowCount, columnCount)
                } else {
                    alta_gemm_tile_avx512(
                        depth, aFloats, bFloats, c, ldc, load ? 1 : 0, rowCount, columnCount)
                }
            #else
                // `isSupported` is false off x86-64, so `selected` is never these there.
                preconditionFailure("the \(rawValue) kernel runs only on x86-64")
            #endif
        }
    }
}
