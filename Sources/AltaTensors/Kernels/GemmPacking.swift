/// Copies blocks of the operands of a dense product into the layouts the micro-kernels
/// stream through (contiguous, aligned, zero-padded to whole tiles; see `GemmKernel`).
enum GemmPacking {
    /// Packs rows `0..<rowCount` (≤ `kernel.rows`) and steps `0..<depth` of `a` (row stride
    /// `lda`) into one `A` panel for `kernel`, missing rows zero: `[depth, 6, 4]` (every
    /// value broadcast to four lanes) for `simd4`, `[depth, kernel.rows]` for the C kernels.
    @inline(__always)
    static func packA(
        rowCount: Int, depth: Int, a: UnsafePointer<Float>, lda: Int,
        into panel: UnsafeMutablePointer<Float>, for kernel: GemmKernel
    ) {
        let rows = kernel.rows
        if kernel == .simd4 {
            let raw = UnsafeMutableRawPointer(panel)
            for r in 0..<rows {
                if r < rowCount {
                    let source = a + r * lda
                    for p in 0..<depth {
                        raw.storeBytes(
                            of: SIMD4<Float>(repeating: source[p]),
                            toByteOffset: (p * rows + r) * 16, as: SIMD4<Float>.self)
                    }
                } else {
                    for p in 0..<depth {
                        raw.storeBytes(
                            of: SIMD4<Float>(), toByteOffset: (p * rows + r) * 16, as: SIMD4<Float>.self)
                    }
                }
            }
        } else {
            for r in 0..<rows {
                if r < rowCount {
                    let source = a + r * lda
                    for p in 0..<depth { panel[p * rows + r] = source[p] }
                } else {
                    for p in 0..<depth { panel[p * rows + r] = 0 }
                }
            }
        }
    }

    /// Packs steps `0..<depth` and columns `0..<columnCount` of `b` into panels of `width`
    /// (a multiple of 8) columns, `[panels, depth, width]`, missing columns zero. Column `j`
    /// at step `p` is `b[p·ldb + j]`, or `b[j·ldb + p]` when `transposed`.
    @inline(__always)
    static func packB(
        depth: Int, columnCount: Int, b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
        width: Int, into block: UnsafeMutablePointer<Float>
    ) {
        var j0 = 0
        var panel = block
        while j0 < columnCount {
            let count = min(width, columnCount - j0)
            if transposed {
                for j in 0..<width {
                    if j < count {
                        let source = b + (j0 + j) * ldb
                        for p in 0..<depth { panel[p * width + j] = source[p] }
                    } else {
                        for p in 0..<depth { panel[p * width + j] = 0 }
                    }
                }
            } else if count == width {
                let out = UnsafeMutableRawPointer(panel)
                for p in 0..<depth {
                    let source = UnsafeRawPointer(b + p * ldb + j0)
                    var offset = 0
                    while offset < width * 4 {
                        let v = source.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                        out.storeBytes(of: v, toByteOffset: p * width * 4 + offset, as: SIMD8<Float>.self)
                        offset += 32
                    }
                }
            } else {
                for p in 0..<depth {
                    let source = b + p * ldb + j0
                    let row = panel + p * width
                    for j in 0..<width { row[j] = j < count ? source[j] : 0 }
                }
            }
            j0 += width
            panel += depth * width
        }
    }
}
