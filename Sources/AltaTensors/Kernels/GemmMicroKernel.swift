/// The portable register-tiled inner kernel of the dense matrix product (`GemmKernel.simd4`,
/// the one CPUs without AVX2 run): a `6 × 8` tile of `C` held in twelve four-lane
/// accumulators.
///
/// Operands come packed (see `GemmPacking`): the `A` panel holds, for every `p`, its six
/// row values each broadcast to four lanes (`[kc, 6, 4]`), so the kernel needs no
/// shuffles; the `B` panel holds, for every `p`, eight consecutive columns (`[kc, 8]`).
/// Four lanes map to one SSE register on x86-64's baseline and one NEON register on
/// arm64, so twelve accumulators, two `B` vectors and a temporary fit the sixteen
/// registers with no spills. Products are added in `p` order with separate multiply and
/// add, so every element of `C` is the plain sequential dot product.
enum GemmMicroKernel {
    /// Rows of the `C` tile.
    static let rows = 6
    /// Columns of the `C` tile.
    static let columns = 8

    typealias Quad = SIMD4<Float>

    /// `C[0..<6, 0..<8] (+)= Apanel · Bpanel` over `depth` steps. `c` has row stride `ldc`;
    /// when `load` is false the tile is overwritten instead of accumulated into.
    @inline(__always)
    static func run(
        depth: Int, a: UnsafeRawPointer, b: UnsafeRawPointer,
        c: UnsafeMutablePointer<Float>, ldc: Int, load: Bool
    ) {
        var c00 = Quad(), c01 = Quad(), c10 = Quad(), c11 = Quad(), c20 = Quad(), c21 = Quad()
        var c30 = Quad(), c31 = Quad(), c40 = Quad(), c41 = Quad(), c50 = Quad(), c51 = Quad()
        let out = UnsafeMutableRawPointer(c)
        let stride = ldc * 4
        if load {
            c00 = out.loadUnaligned(fromByteOffset: 0, as: Quad.self)
            c01 = out.loadUnaligned(fromByteOffset: 16, as: Quad.self)
            c10 = out.loadUnaligned(fromByteOffset: stride, as: Quad.self)
            c11 = out.loadUnaligned(fromByteOffset: stride + 16, as: Quad.self)
            c20 = out.loadUnaligned(fromByteOffset: 2 * stride, as: Quad.self)
            c21 = out.loadUnaligned(fromByteOffset: 2 * stride + 16, as: Quad.self)
            c30 = out.loadUnaligned(fromByteOffset: 3 * stride, as: Quad.self)
            c31 = out.loadUnaligned(fromByteOffset: 3 * stride + 16, as: Quad.self)
            c40 = out.loadUnaligned(fromByteOffset: 4 * stride, as: Quad.self)
            c41 = out.loadUnaligned(fromByteOffset: 4 * stride + 16, as: Quad.self)
            c50 = out.loadUnaligned(fromByteOffset: 5 * stride, as: Quad.self)
            c51 = out.loadUnaligned(fromByteOffset: 5 * stride + 16, as: Quad.self)
        }
        var ap = a
        var bp = b
        for _ in 0..<depth {
            let b0 = bp.load(as: Quad.self)
            let b1 = bp.load(fromByteOffset: 16, as: Quad.self)
            var av = ap.load(as: Quad.self)
            c00 += av * b0
            c01 += av * b1
            av = ap.load(fromByteOffset: 16, as: Quad.self)
            c10 += av * b0
            c11 += av * b1
            av = ap.load(fromByteOffset: 32, as: Quad.self)
            c20 += av * b0
            c21 += av * b1
            av = ap.load(fromByteOffset: 48, as: Quad.self)
            c30 += av * b0
            c31 += av * b1
            av = ap.load(fromByteOffset: 64, as: Quad.self)
            c40 += av * b0
            c41 += av * b1
            av = ap.load(fromByteOffset: 80, as: Quad.self)
            c50 += av * b0
            c51 += av * b1
            ap += 96
            bp += 32
        }
        out.storeBytes(of: c00, toByteOffset: 0, as: Quad.self)
        out.storeBytes(of: c01, toByteOffset: 16, as: Quad.self)
        out.storeBytes(of: c10, toByteOffset: stride, as: Quad.self)
        out.storeBytes(of: c11, toByteOffset: stride + 16, as: Quad.self)
        out.storeBytes(of: c20, toByteOffset: 2 * stride, as: Quad.self)
        out.storeBytes(of: c21, toByteOffset: 2 * stride + 16, as: Quad.self)
        out.storeBytes(of: c30, toByteOffset: 3 * stride, as: Quad.self)
        out.storeBytes(of: c31, toByteOffset: 3 * stride + 16, as: Quad.self)
        out.storeBytes(of: c40, toByteOffset: 4 * stride, as: Quad.self)
        out.storeBytes(of: c41, toByteOffset: 4 * stride + 16, as: Quad.self)
        out.storeBytes(of: c50, toByteOffset: 5 * stride, as: Quad.self)
        out.storeBytes(of: c51, toByteOffset: 5 * stride + 16, as: Quad.self)
    }

    /// The same product for a partial tile at the edge of `C` (`rowCount ≤ 6`,
    /// `columnCount ≤ 8`): runs the full kernel on a scratch tile and copies the valid part.
    static func runEdge(
        depth: Int, a: UnsafeRawPointer, b: UnsafeRawPointer,
        c: UnsafeMutablePointer<Float>, ldc: Int, load: Bool, rowCount: Int, columnCount: Int
    ) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: rows * columns) { scratch in
            let tile = scratch.baseAddress!
            tile.initialize(repeating: 0, count: rows * columns)
            if load {
                for r in 0..<rowCount {
                    for j in 0..<columnCount { tile[r * columns + j] = c[r * ldc + j] }
                }
            }
            run(depth: depth, a: a, b: b, c: tile, ldc: columns, load: load)
            for r in 0..<rowCount {
                for j in 0..<columnCount { c[r * ldc + j] = tile[r * columns + j] }
            }
        }
    }
}
