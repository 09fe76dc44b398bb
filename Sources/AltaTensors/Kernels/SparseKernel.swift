/// `out = x · W` for a dense `x` `[n, rows]` and a CSR `W` `[rows, columns]`.
///
/// The rows of `x` are taken sixteen at a time. For each block the kernel picks one of two
/// schemes by how sparse the block is:
/// - *tile*: for every input index `p` where any of the sixteen rows is non-zero, the
///   sixteen `x` values form one vector, and each stored entry `(p, j, w)` of `W` adds
///   `w · xvec` to a `[columns, 16]` tile that is transposed into `out` at the end — one
///   vector multiply-add (one cache line) per stored entry for sixteen rows at once;
/// - *row*: for every row and every non-zero `x[i, p]`, the stored entries of row `p`
///   are scattered into `out[i]` — best when `x` is itself very sparse (one-hot
///   residuals of compiled models), as only non-zero inputs cost anything.
/// The tile covers 4096 output columns at a time so it stays in L2; each active row of
/// `W` keeps a cursor that moves from one column chunk to the next, so no per-chunk
/// index is ever built. Blocks, and when there are few blocks column ranges (tile) or
/// interleaved rows (row scheme), are independent tasks spread over the cores. Both
/// schemes add the products `x[i,p]·w` in increasing `p`, so the result equals the dense
/// product on the same weights.
enum SparseKernel {
    typealias Lanes = SIMD16<Float>

    /// Rows of `x` per block (the tile's vector width).
    static let blockRows = Lanes.scalarCount
    /// Output columns per chunk: a `[4096, 16]` tile is 256 KiB.
    static let columnChunk = 4096

    /// Writes `x · W` into `out` `[n, columns]`, which must hold zeros on entry.
    static func leftMultiply(
        x: UnsafePointer<Float>, n: Int, rows: Int, columns: Int,
        rowStarts: UnsafePointer<Int>, columnIndices: UnsafePointer<Int32>,
        values: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, parallel: Bool
    ) {
        let entries = rowStarts[rows]
        if n == 0 || rows == 0 || columns == 0 || entries == 0 { return }
        let blocks = (n + blockRows - 1) / blockRows
        let chunks = (columns + columnChunk - 1) / columnChunk

        // [blocks, rows, 16]: each block's x values at its active input indices.
        let packed = UnsafeMutableRawPointer.allocate(
            byteCount: blocks * rows * MemoryLayout<Lanes>.stride, alignment: 64)
        // [blocks, rows]: the active input indices of each block, ascending.
        let active = UnsafeMutablePointer<Int32>.allocate(capacity: blocks * rows)
        // [blocks]: the number of active indices, or −1 when the block uses the row scheme.
        let activeCounts = UnsafeMutablePointer<Int>.allocate(capacity: blocks)
        // [blocks]: non-zero entries of x in the block.
        let nonZeroCounts = UnsafeMutablePointer<Int>.allocate(capacity: blocks)
        defer {
            packed.deallocate()
            active.deallocate()
            activeCounts.deallocate()
            nonZeroCounts.deallocate()
        }
        ParallelFor.run(blocks, parallel: parallel && n * rows >= 1 << 17) { block in
            pack(
                x: x, n: n, rows: rows, block: block,
                into: (packed + block * rows * MemoryLayout<Lanes>.stride).assumingMemoryBound(to: Float.self),
                active: active + block * rows, activeCount: activeCounts + block,
                nonZeros: nonZeroCounts + block)
        }

        // Estimated multiply-adds: stored entries met per non-zero input.
        var estimatedWork = 0
        for block in 0..<blocks { estimatedWork += nonZeroCounts[block] }
        estimatedWork = estimatedWork / rows * entries
        let threaded = parallel && ParallelFor.coreCount > 1
            && estimatedWork >= Kernels.parallelThreshold / 4
        // Enough tasks for every core to have two, where the work allows.
        let groups = threaded ? max(1, min(chunks * blockRows, (2 * ParallelFor.coreCount + blocks - 1) / blocks)) : 1
        ParallelFor.run(blocks * groups, parallel: threaded) { task in
            let block = task / groups
            let group = task % groups
            let i0 = block * blockRows
            let count = min(blockRows, n - i0)
            let activeCount = activeCounts[block]
            if activeCount < 0 {
                for r in Swift.stride(from: group, to: count, by: groups) {
                    rowScheme(
                        x: x + (i0 + r) * rows, rows: rows, rowStarts: rowStarts,
                        columnIndices: columnIndices, values: values, out: out + (i0 + r) * columns)
                }
            } else {
                let firstChunk = chunks * group / groups
                let endChunk = chunks * (group + 1) / groups
                if firstChunk == endChunk { return }
                tileScheme(
                    packed: UnsafeRawPointer(packed + block * rows * MemoryLayout<Lanes>.stride),
                    active: active + block * rows, activeCount: activeCount,
                    rowStarts: rowStarts, columnIndices: columnIndices, values: values,
                    columns: columns, chunks: firstChunk..<endChunk,
                    out: out + i0 * columns, rowCount: count)
            }
        }
    }

    /// Gathers block `block` of `x` (rows `16·block ..< 16·block + 16`, zero past `n`) at
    /// every input index where some row is non-zero, and picks the block's scheme.
    @inline(__always)
    private static func pack(
        x: UnsafePointer<Float>, n: Int, rows: Int, block: Int,
        into packed: UnsafeMutablePointer<Float>, active: UnsafeMutablePointer<Int32>,
        activeCount: UnsafeMutablePointer<Int>, nonZeros: UnsafeMutablePointer<Int>
    ) {
        let i0 = block * blockRows
        let count = min(blockRows, n - i0)
        var found = 0
        var total = 0
        for p in 0..<rows {
            let slot = packed + found * blockRows
            var lanesSet = 0
            for r in 0..<blockRows {
                let value = r < count ? x[(i0 + r) * rows + p] : 0
                slot[r] = value
                lanesSet += value != 0 ? 1 : 0
            }
            if lanesSet > 0 {
                active[found] = Int32(truncatingIfNeeded: p)
                found += 1
                total += lanesSet
            }
        }
        nonZeros.pointee = total
        // A sixteen-lane tile update costs about as much as four scalar scatters.
        activeCount.pointee = 4 * found <= total ? found : -1
    }

    /// `outRow += xRow · W`, skipping zero inputs.
    @inline(__always)
    private static func rowScheme(
        x xRow: UnsafePointer<Float>, rows: Int, rowStarts: UnsafePointer<Int>,
        columnIndices: UnsafePointer<Int32>, values: UnsafePointer<Float>,
        out outRow: UnsafeMutablePointer<Float>
    ) {
        for p in 0..<rows {
            let xv = xRow[p]
            if xv == 0 { continue }
            var e = rowStarts[p]
            let end = rowStarts[p + 1]
            while e < end {
                let j = Int(columnIndices[e])
                outRow[j] = outRow[j] + xv * values[e]
                e += 1
            }
        }
    }

    /// The tile scheme for one block over the column chunks `chunks`; `out` points at the
    /// block's first output row.
    @inline(__always)
    private static func tileScheme(
        packed: UnsafeRawPointer, active: UnsafePointer<Int32>, activeCount: Int,
        rowStarts: UnsafePointer<Int>, columnIndices: UnsafePointer<Int32>,
        values: UnsafePointer<Float>, columns: Int, chunks: Range<Int>,
        out: UnsafeMutablePointer<Float>, rowCount: Int
    ) {
        let stride = MemoryLayout<Lanes>.stride
        let firstColumn = chunks.lowerBound * columnChunk
        // [activeCount]: each active row's next entry in the current chunk.
        let cursors = UnsafeMutablePointer<Int>.allocate(capacity: max(activeCount, 1))
        let width = min(columnChunk, columns - firstColumn)
        // [width, 16]
        let tile = UnsafeMutableRawPointer.allocate(byteCount: width * stride, alignment: 64)
        defer {
            cursors.deallocate()
            tile.deallocate()
        }
        tile.initializeMemory(as: Float.self, repeating: 0, count: width * blockRows)
        for index in 0..<activeCount {
            let p = Int(active[index])
            var e = rowStarts[p]
            if firstColumn > 0 {
                // First entry at or after `firstColumn`, by binary search.
                var high = rowStarts[p + 1]
                let target = Int32(truncatingIfNeeded: firstColumn)
                while e < high {
                    let middle = (e + high) / 2
                    if columnIndices[middle] < target { e = middle + 1 } else { high = middle }
                }
            }
            cursors[index] = e
        }
        for chunk in chunks {
            let c0 = chunk * columnChunk
            let chunkWidth = min(columnChunk, columns - c0)
            let limit = Int32(truncatingIfNeeded: c0 + chunkWidth)
            let offset = Int32(truncatingIfNeeded: c0)
            for index in 0..<activeCount {
                let p = Int(active[index])
                let xv = packed.load(fromByteOffset: index * stride, as: Lanes.self)
                var e = cursors[index]
                let end = rowStarts[p + 1]
                while e < end {
                    let column = columnIndices[e]
                    if column >= limit { break }
                    let at = Int(column &- offset) * stride
                    let updated = tile.load(fromByteOffset: at, as: Lanes.self)
                        + xv * Lanes(repeating: values[e])
                    tile.storeBytes(of: updated, toByteOffset: at, as: Lanes.self)
                    e += 1
                }
                cursors[index] = e
            }
            // Transpose the tile into the block's rows and clear it for the next chunk.
            let zero = Lanes()
            for j in 0..<chunkWidth {
                let lanes = tile + j * stride
                for r in 0..<rowCount {
                    out[r * columns + c0 + j] = lanes.load(fromByteOffset: r * 4, as: Float.self)
                }
                lanes.storeBytes(of: zero, as: Lanes.self)
            }
        }
    }
}
