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
/// The tile covers 4096 output columns at a time so it stays in L2; wider matrices carry
/// their entries regrouped by chunk (`ChunkedEntries`) so each chunk is one sequential
/// stream. Blocks, and when there are few blocks column ranges (tile) or
/// interleaved rows (row scheme), are independent tasks spread over the cores. Both
/// schemes add the products `x[i,p]·w` in increasing `p`, so the result equals the dense
/// product on the same weights.
enum SparseKernel {
    typealias Lanes = SIMD16<Float>

    /// Rows of `x` per block (the tile's vector width).
    static let blockRows = Lanes.scalarCount
    /// Output columns per chunk: a `[4096, 16]` tile is 256 KiB.
    static let columnChunk = 4096
    /// Blocks expected to need fewer tile updates than this use the row scheme.
    static let minimumTileUpdates = 1024

    /// A CSR matrix `[rows, columns]` as the kernel reads it.
    struct CSR {
        let rows: Int
        let columns: Int
        /// `[rows + 1]`
        let rowStarts: UnsafePointer<Int>
        /// `[entries]`
        let columnIndices: UnsafePointer<Int32>
        /// `[entries]`
        let values: UnsafePointer<Float>
        /// `[nonEmptyCount]`: the rows holding entries, ascending.
        let nonEmptyRows: UnsafePointer<Int32>
        let nonEmptyCount: Int
    }

    /// Writes `x · W` into `out` `[n, columns]`, which must hold zeros on entry.
    ///
    /// Products too small for a tile or for threads (fewer than `minimumTileUpdates`
    /// entries, and `n · entries` below a quarter of `Kernels.parallelThreshold` or
    /// `parallel` false) take the row scheme directly, with no scratch memory.
    static func leftMultiply(
        x: UnsafePointer<Float>, n: Int, matrix: CSR, chunked: EntryLayout?,
        out: UnsafeMutablePointer<Float>, parallel: Bool, paths: KernelPaths = .build
    ) {
        let rows = matrix.rows
        let columns = matrix.columns
        let rowStarts = matrix.rowStarts
        let columnIndices = matrix.columnIndices
        let values = matrix.values
        precondition(chunked != nil || columns <= columnChunk, "wide matrices need the chunked layout")
        let entries = rowStarts[rows]
        if n == 0 || rows == 0 || columns == 0 || entries == 0 { return }
        // With fewer stored entries than one worthwhile tile, every block uses the row
        // scheme and needs no packing.
        let tilesPossible = entries >= minimumTileUpdates && paths == .bySize
        let threadsPossible = parallel && paths == .bySize && ParallelFor.coreCount > 1
            && n * entries >= Kernels.parallelThreshold / 4
        if !tilesPossible && !threadsPossible {
            for i in 0..<n {
                rowScheme(x: x + i * rows, matrix: matrix, out: out + i * columns)
            }
            return
        }
        let blocks = (n + blockRows - 1) / blockRows
        let chunks = (columns + columnChunk - 1) / columnChunk

        // [blocks, rows, 16]: each block's x values at its active input indices. With a
        // single chunk each vector would be read once, so the tile scheme gathers it from
        // `x` instead and nothing is stored.
        let storeVectors = chunks > 1
        let packed = UnsafeMutableRawPointer.allocate(
            byteCount: storeVectors ? blocks * rows * MemoryLayout<Lanes>.stride : 64, alignment: 64)
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
            guard tilesPossible else {
                activeCounts[block] = -1
                var nonZeros = 0
                let first = x + block * blockRows * rows
                for i in 0..<(min(blockRows, n - block * blockRows) * rows) where first[i] != 0 {
                    nonZeros += 1
                }
                nonZeroCounts[block] = nonZeros
                return
            }
            pack(
                x: x, n: n, rows: rows, block: block, averageEntries: (entries + rows - 1) / rows,
                into: storeVectors
                    ? (packed + block * rows * MemoryLayout<Lanes>.stride).assumingMemoryBound(to: Float.self)
                    : nil,
                active: active + block * rows, activeCount: activeCounts + block,
                nonZeros: nonZeroCounts + block)
        }

        // Estimated multiply-adds: non-zero inputs times the stored entries per input row.
        var nonZeroInputs = 0
        for block in 0..<blocks { nonZeroInputs += nonZeroCounts[block] }
        let estimatedWork = Double(nonZeroInputs) * Double(entries) / Double(rows)
        let threaded = parallel && paths == .bySize && ParallelFor.coreCount > 1
            && estimatedWork >= Double(Kernels.parallelThreshold / 4)
        // Split each block further (column ranges or interleaved rows) until every core
        // has about two tasks.
        let wanted = (2 * ParallelFor.coreCount + blocks - 1) / blocks
        let groups = threaded ? max(1, min(chunks * blockRows, wanted)) : 1
        ParallelFor.run(blocks * groups, parallel: threaded) { task in
            let block = task / groups
            let group = task % groups
            let i0 = block * blockRows
            let count = min(blockRows, n - i0)
            let activeCount = activeCounts[block]
            if activeCount < 0 {
                for r in Swift.stride(from: group, to: count, by: groups) {
                    rowScheme(x: x + (i0 + r) * rows, matrix: matrix, out: out + (i0 + r) * columns)
                }
            } else {
                let firstChunk = chunks * group / groups
                let endChunk = chunks * (group + 1) / groups
                if firstChunk == endChunk { return }
                tileScheme(
                    vectors: storeVectors
                        ? .packed(UnsafeRawPointer(packed + block * rows * MemoryLayout<Lanes>.stride))
                        : .gathered(x + i0 * rows),
                    active: active + block * rows, activeCount: activeCount, rows: rows,
                    layout: chunked ?? EntryLayout(
                        starts: rowStarts, chunkColumns: nil, columns: columnIndices, values: values),
                    columns: columns, chunks: firstChunk..<endChunk,
                    out: out + i0 * columns, rowCount: count)
            }
        }
    }

    /// Gathers block `block` of `x` (rows `16·block ..< 16·block + 16`, zero past `n`) at
    /// every input index where some row is non-zero, and picks the block's scheme.
    @inline(__always)
    private static func pack(
        x: UnsafePointer<Float>, n: Int, rows: Int, block: Int, averageEntries: Int,
        into packed: UnsafeMutablePointer<Float>?, active: UnsafeMutablePointer<Int32>,
        activeCount: UnsafeMutablePointer<Int>, nonZeros: UnsafeMutablePointer<Int>
    ) {
        let i0 = block * blockRows
        let count = min(blockRows, n - i0)
        var found = 0
        var total = 0
        let zero = Lanes()
        // Four input indices at a time: one 4-wide load per row, transposed through a
        // small scratch tile `[4, 16]`, then the non-zero columns appended.
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 4) { scratch in
            guard let base = scratch.baseAddress else { return }
            let tile = UnsafeMutableRawPointer(base)
            let floats = tile.assumingMemoryBound(to: Float.self)
            for k in 0..<4 { tile.storeBytes(of: zero, toByteOffset: k * 64, as: Lanes.self) }
            var p = 0
            while p < rows {
                let span = min(4, rows &- p)
                for r in 0..<count {
                    let source = x + ((i0 &+ r) &* rows &+ p)
                    if span == 4 {
                        let v = UnsafeRawPointer(source).loadUnaligned(as: SIMD4<Float>.self)
                        floats[r] = v[0]
                        floats[16 &+ r] = v[1]
                        floats[32 &+ r] = v[2]
                        floats[48 &+ r] = v[3]
                    } else {
                        for k in 0..<span { floats[k &* 16 &+ r] = source[k] }
                    }
                }
                for k in 0..<span {
                    let v = tile.load(fromByteOffset: k &* 64, as: Lanes.self)
                    // Non-zero lanes (±0 count as zero): clear the sign bit, then any
                    // remaining bit carries into bit 31. Lanes past `count` stay zero.
                    let magnitude = unsafeBitCast(v, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF
                    let lanes = Int(((magnitude &+ 0x7FFF_FFFF) &>> 31).wrappedSum())
                    if lanes > 0 {
                        if let packed {
                            (UnsafeMutableRawPointer(packed) + found &* 64).storeBytes(of: v, as: Lanes.self)
                        }
                        active[found] = Int32(truncatingIfNeeded: p &+ k)
                        found &+= 1
                        total &+= lanes
                    }
                }
                p &+= 4
            }
        }
        nonZeros.pointee = total
        // A sixteen-lane tile update costs about as much as four scalar scatters; tiny
        // blocks use plain scatters (no tile to set up, and cheap in debug builds).
        let tileWorthIt = 4 * found <= total && found * averageEntries >= minimumTileUpdates
        activeCount.pointee = tileWorthIt ? found : -1
    }

    /// `outRow += xRow · W`, visiting only the rows of `W` that hold entries and skipping
    /// zero inputs.
    @inline(__always)
    private static func rowScheme(
        x xRow: UnsafePointer<Float>, matrix: CSR, out outRow: UnsafeMutablePointer<Float>
    ) {
        let rowStarts = matrix.rowStarts
        let columnIndices = matrix.columnIndices
        let values = matrix.values
        for q in 0..<matrix.nonEmptyCount {
            let p = Int(matrix.nonEmptyRows[q])
            let xv = xRow[p]
            if xv == 0 { continue }
            var e = rowStarts[p]
            let end = rowStarts[p &+ 1]
            while e < end {
                let j = Int(columnIndices[e])
                outRow[j] = outRow[j] + xv * values[e]
                e &+= 1
            }
        }
    }

    /// Where the tile scheme reads the entries of chunk `c`, row `p`.
    struct EntryLayout {
        /// Entry ranges: `starts[c·rows + p] ..< starts[c·rows + p + 1]` (with one chunk
        /// these are the CSR row starts).
        let starts: UnsafePointer<Int>
        /// Columns relative to the chunk, when the matrix is wider than one chunk.
        let chunkColumns: UnsafePointer<UInt16>?
        /// Absolute columns (CSR), used when there is a single chunk.
        let columns: UnsafePointer<Int32>
        /// Entry values, in the same order as the columns in use.
        let values: UnsafePointer<Float>
    }

    /// Where the tile scheme finds a block's sixteen `x` values at an input index.
    enum BlockVectors {
        /// Packed `[activeCount, 16]`, in active order.
        case packed(UnsafeRawPointer)
        /// Read from the block's rows of `x` (its first row given; the row stride is the
        /// input width).
        case gathered(UnsafePointer<Float>)
    }

    /// The tile scheme for one block over the column chunks `chunks`; `out` points at the
    /// block's first output row.
    @inline(__always)
    private static func tileScheme(
        vectors: BlockVectors, active: UnsafePointer<Int32>, activeCount: Int,
        rows: Int, layout: EntryLayout, columns: Int, chunks: Range<Int>,
        out: UnsafeMutablePointer<Float>, rowCount: Int
    ) {
        let stride = MemoryLayout<Lanes>.stride
        let width = min(columnChunk, columns - chunks.lowerBound * columnChunk)
        // [width, 16]
        let tile = UnsafeMutableRawPointer.allocate(byteCount: width * stride, alignment: 64)
        // [16]: one gathered vector; lanes past `rowCount` stay zero.
        let gather = UnsafeMutableRawPointer.allocate(byteCount: stride, alignment: 64)
            .initializeMemory(as: Float.self, repeating: 0, count: blockRows)
        defer {
            tile.deallocate()
            gather.deallocate()
        }
        tile.initializeMemory(as: Float.self, repeating: 0, count: width * blockRows)
        for chunk in chunks {
            let c0 = chunk * columnChunk
            let chunkWidth = min(columnChunk, columns - c0)
            let starts = layout.starts + chunk &* rows
            for index in 0..<activeCount {
                let p = Int(active[index])
                let xv: Lanes
                switch vectors {
                case let .packed(packed):
                    xv = packed.load(fromByteOffset: index &* stride, as: Lanes.self)
                case let .gathered(x):
                    for r in 0..<rowCount { gather[r] = x[r &* rows &+ p] }
                    xv = UnsafeRawPointer(gather).load(as: Lanes.self)
                }
                if let chunkColumns = layout.chunkColumns {
                    accumulate(
                        xv, entries: starts[p]..<starts[p &+ 1], columns: chunkColumns,
                        values: layout.values, into: tile)
                } else {
                    accumulate(
                        xv, entries: starts[p]..<starts[p &+ 1], columns: layout.columns,
                        values: layout.values, into: tile)
                }
            }
            // Transpose the tile into the block's rows sixteen columns at a time (whole
            // cache lines on both sides) and clear it for the next chunk.
            let zero = Lanes()
            let tileFloats = UnsafeRawPointer(tile).assumingMemoryBound(to: Float.self)
            var j0 = 0
            while j0 < chunkWidth {
                let span = min(blockRows, chunkWidth &- j0)
                for r in 0..<rowCount {
                    let target = out + (r &* columns &+ c0 &+ j0)
                    let source = tileFloats + (j0 &* blockRows &+ r)
                    for jj in 0..<span { target[jj] = source[jj &* blockRows] }
                }
                for jj in 0..<span { (tile + (j0 &+ jj) &* stride).storeBytes(of: zero, as: Lanes.self) }
                j0 += blockRows
            }
        }
    }

    /// `tile[column] += xv · value` for every entry in `entries`.
    @inline(__always)
    private static func accumulate<Index: BinaryInteger>(
        _ xv: Lanes, entries: Range<Int>, columns: UnsafePointer<Index>,
        values: UnsafePointer<Float>, into tile: UnsafeMutableRawPointer
    ) {
        let stride = MemoryLayout<Lanes>.stride
        var e = entries.lowerBound
        let end = entries.upperBound
        while e < end {
            let at = Int(truncatingIfNeeded: columns[e]) &* stride
            let updated = tile.load(fromByteOffset: at, as: Lanes.self) + xv * Lanes(repeating: values[e])
            tile.storeBytes(of: updated, toByteOffset: at, as: Lanes.self)
            e &+= 1
        }
    }
}
