/// `out = x · W` for a dense `x` `[n, rows]` and a CSR `W` `[rows, columns]`.
///
/// The rows of `x` are taken eight at a time. For each block the kernel picks one of two
/// schemes by how sparse the block is:
/// - *tile*: for every input index `p` where any of the eight rows is non-zero, the
///   eight `x` values form one vector, and each stored entry `(p, j, w)` of `W` adds
///   `w · xvec` to an `[columns, 8]` tile that is transposed into `out` at the end — one
///   vector multiply-add per stored entry for eight rows at once;
/// - *row*: for every row and every non-zero `x[i, p]`, the stored entries of row `p`
///   are scattered into `out[i]` — best when `x` is itself very sparse (one-hot
///   residuals of compiled models), as only non-zero inputs cost anything.
/// Columns are cut into chunks so a tile stays in L2; (block, chunk) pairs are
/// independent tasks spread over the cores. Both schemes add the products `x[i,p]·w` in
/// increasing `p`, so the result equals the dense product on the same weights.
enum SparseKernel {
    /// Rows of `x` per block (the tile's vector width).
    static let blockRows = 8
    /// Output columns per chunk: an `[8192, 8]` tile is 256 KiB.
    static let columnChunk = 8192

    typealias Lanes = SIMD8<Float>

    /// Writes `x · W` into `out` `[n, columns]`, which must hold zeros on entry.
    static func leftMultiply(
        x: UnsafePointer<Float>, n: Int, rows: Int, columns: Int,
        rowStarts: UnsafePointer<Int>, columnIndices: UnsafePointer<Int32>,
        values: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, parallel: Bool
    ) {
        if n == 0 || rows == 0 || columns == 0 || rowStarts[rows] == 0 { return }
        let chunks = (columns + columnChunk - 1) / columnChunk
        let stride = chunks + 1
        // [rows, chunks + 1]: row p's entries in chunk c are bounds[p·stride + c] ..< bounds[p·stride + c + 1].
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: rows * stride)
        defer { bounds.deallocate() }
        for p in 0..<rows {
            var e = rowStarts[p]
            let end = rowStarts[p + 1]
            bounds[p * stride] = e
            for chunk in 1..<stride {
                let limit = Int32(min(columns, chunk * columnChunk))
                while e < end && columnIndices[e] < limit { e += 1 }
                bounds[p * stride + chunk] = e
            }
        }

        let blocks = (n + blockRows - 1) / blockRows
        // [blocks, rows, 8]: the block's x values at each active input index, as vectors.
        let packed = UnsafeMutablePointer<Lanes>.allocate(capacity: blocks * rows)
        // [blocks, rows]: the active input indices of each block, ascending.
        let active = UnsafeMutablePointer<Int32>.allocate(capacity: blocks * rows)
        // [blocks]: number of active indices, or −1 when the block uses the row scheme.
        let activeCounts = UnsafeMutablePointer<Int>.allocate(capacity: blocks)
        defer {
            packed.deallocate()
            active.deallocate()
            activeCounts.deallocate()
        }
        let averageEntries = max(1, rowStarts[rows] / rows)
        ParallelFor.run(blocks, parallel: parallel && n * rows >= 1 << 16) { block in
            let i0 = block * blockRows
            let count = min(blockRows, n - i0)
            var activeCount = 0
            var nonZeros = 0
            let blockPacked = packed + block * rows
            let blockActive = active + block * rows
            for p in 0..<rows {
                var v = Lanes()
                var lanesSet = 0
                for r in 0..<count {
                    let value = x[(i0 + r) * rows + p]
                    if value != 0 {
                        v[r] = value
                        lanesSet += 1
                    }
                }
                if lanesSet > 0 {
                    blockPacked[activeCount] = v
                    blockActive[activeCount] = Int32(p)
                    activeCount += 1
                    nonZeros += lanesSet
                }
            }
            // A tile update costs about twice a scalar scatter.
            activeCounts[block] = 2 * activeCount < nonZeros ? activeCount : -1
        }

        var estimatedWork = 0
        for block in 0..<blocks {
            let i0 = block * blockRows
            estimatedWork += min(blockRows, n - i0) * rows * averageEntries
        }
        let tasks = blocks * chunks
        ParallelFor.run(tasks, parallel: parallel && estimatedWork >= Kernels.parallelThreshold / 2) { task in
            let block = task / chunks
            let chunk = task % chunks
            let i0 = block * blockRows
            let count = min(blockRows, n - i0)
            let c0 = chunk * columnChunk
            let width = min(columns, c0 + columnChunk) - c0
            let activeCount = activeCounts[block]
            if activeCount < 0 {
                rowScheme(
                    x: x, rowRange: i0..<(i0 + count), rows: rows, columns: columns,
                    bounds: bounds, stride: stride, chunk: chunk,
                    columnIndices: columnIndices, values: values, out: out)
            } else {
                tileScheme(
                    packed: packed + block * rows, active: active + block * rows,
                    activeCount: activeCount, firstRow: i0, rowCount: count, columns: columns,
                    firstColumn: c0, width: width, bounds: bounds, stride: stride, chunk: chunk,
                    columnIndices: columnIndices, values: values, out: out)
            }
        }
    }

    @inline(__always)
    private static func rowScheme(
        x: UnsafePointer<Float>, rowRange: Range<Int>, rows: Int, columns: Int,
        bounds: UnsafePointer<Int>, stride: Int, chunk: Int,
        columnIndices: UnsafePointer<Int32>, values: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>
    ) {
        for i in rowRange {
            let xRow = x + i * rows
            let outRow = out + i * columns
            for p in 0..<rows {
                let xv = xRow[p]
                if xv == 0 { continue }
                let start = bounds[p * stride + chunk]
                let end = bounds[p * stride + chunk + 1]
                var e = start
                while e < end {
                    let j = Int(columnIndices[e])
                    outRow[j] = outRow[j] + xv * values[e]
                    e += 1
                }
            }
        }
    }

    @inline(__always)
    private static func tileScheme(
        packed: UnsafePointer<Lanes>, active: UnsafePointer<Int32>, activeCount: Int,
        firstRow: Int, rowCount: Int, columns: Int, firstColumn: Int, width: Int,
        bounds: UnsafePointer<Int>, stride: Int, chunk: Int,
        columnIndices: UnsafePointer<Int32>, values: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>
    ) {
        // [width, 8]
        let tile = UnsafeMutablePointer<Lanes>.allocate(capacity: width)
        defer { tile.deallocate() }
        tile.initialize(repeating: Lanes(), count: width)
        let offset = Int32(firstColumn)
        for index in 0..<activeCount {
            let p = Int(active[index])
            let xv = packed[index]
            let start = bounds[p * stride + chunk]
            let end = bounds[p * stride + chunk + 1]
            var e = start
            while e < end {
                let j = Int(columnIndices[e] &- offset)
                tile[j] = tile[j] + xv * Lanes(repeating: values[e])
                e += 1
            }
        }
        let raw = UnsafeRawPointer(tile)
        for r in 0..<rowCount {
            let outRow = out + (firstRow + r) * columns + firstColumn
            let lanes = raw + r * 4
            for j in 0..<width {
                outRow[j] = lanes.load(fromByteOffset: j * 32, as: Float.self)
            }
        }
    }
}
