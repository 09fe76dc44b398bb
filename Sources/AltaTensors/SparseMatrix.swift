/// A compressed-sparse-row matrix of `Float`, `[rows, columns]`.
///
/// Compiled weights are mostly zeros; `x @ W` with a sparse `W` touches only the stored
/// entries (and skips zero entries of `x`).
public struct SparseMatrix: Sendable, Equatable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `[rows + 1]`: row `r`'s entries are `rowStarts[r]..<rowStarts[r+1]`.
    public let rowStarts: [Int]
    /// `[nonZeroCount]`: column of each stored entry, ascending within a row.
    public let columnIndices: [Int32]
    /// `[nonZeroCount]`: value of each stored entry.
    public let storedValues: [Float]
    /// The entries regrouped by column chunk for the product kernel, when the matrix is
    /// wider than one chunk (derived from the arrays above; not part of equality).
    let chunked: ChunkedEntries?

    /// Builds the kernel's chunked copy of the entries when the matrix needs one.
    static func chunkedLayout(
        rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]
    ) -> ChunkedEntries? {
        guard columns > SparseKernel.columnChunk, !values.isEmpty else { return nil }
        return ChunkedEntries(
            rows: rows, columns: columns, rowStarts: rowStarts, columnIndices: columnIndices,
            values: values, chunkWidth: SparseKernel.columnChunk)
    }

    public static func == (lhs: SparseMatrix, rhs: SparseMatrix) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.rowStarts == rhs.rowStarts
            && lhs.columnIndices == rhs.columnIndices && lhs.storedValues == rhs.storedValues
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rows)
        hasher.combine(columns)
        hasher.combine(rowStarts)
        hasher.combine(columnIndices)
        hasher.combine(storedValues)
    }

    /// Builds the CSR form of `dense`, dropping exact zeros.
    public init(_ dense: Matrix) {
        var starts = [Int](repeating: 0, count: dense.rows + 1)
        var cols: [Int32] = []
        var vals: [Float] = []
        let columns = dense.columns
        cols.reserveCapacity(dense.nonZeroCount)
        vals.reserveCapacity(cols.capacity)
        dense.values.withUnsafeBufferPointer { v in
            for r in 0..<dense.rows {
                let base = r * columns
                for c in 0..<columns {
                    let value = v[base + c]
                    if value != 0 {
                        cols.append(Int32(c))
                        vals.append(value)
                    }
                }
                starts[r + 1] = cols.count
            }
        }
        self.rows = dense.rows
        self.columns = dense.columns
        self.rowStarts = starts
        self.columnIndices = cols
        self.storedValues = vals
        self.chunked = Self.chunkedLayout(
            rows: dense.rows, columns: columns, rowStarts: starts, columnIndices: cols, values: vals)
    }

    /// Builds a CSR matrix from its arrays, validating the structure.
    public init(
        rows: Int, columns: Int, rowStarts: [Int], columnIndices: [Int32], values: [Float]
    ) throws(TensorError) {
        guard rows >= 0, columns >= 0 else {
            throw .invalidSparseStructure("negative shape [\(rows), \(columns)]")
        }
        guard rowStarts.count == rows + 1 else {
            throw .invalidSparseStructure("\(rowStarts.count) row starts for \(rows) rows (need \(rows + 1))")
        }
        guard rowStarts.first == 0 else {
            throw .invalidSparseStructure("row starts begin at \(rowStarts[0]), not 0")
        }
        guard columnIndices.count == values.count else {
            throw .invalidSparseStructure("\(columnIndices.count) column indices but \(values.count) values")
        }
        guard rowStarts.last == columnIndices.count else {
            throw .invalidSparseStructure("row starts end at \(rowStarts[rows]) but there are \(values.count) entries")
        }
        for r in 0..<rows where rowStarts[r] > rowStarts[r + 1] {
            throw .invalidSparseStructure("row starts decrease at row \(r)")
        }
        for r in 0..<rows {
            var previous: Int32 = -1
            for e in rowStarts[r]..<rowStarts[r + 1] {
                let c = columnIndices[e]
                guard c > previous, Int(c) < columns else {
                    throw .invalidSparseStructure("column index \(c) in row \(r) out of range or order")
                }
                previous = c
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowStarts = rowStarts
        self.columnIndices = columnIndices
        self.storedValues = values
        self.chunked = Self.chunkedLayout(
            rows: rows, columns: columns, rowStarts: rowStarts, columnIndices: columnIndices,
            values: values)
    }

    /// `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }

    /// Number of stored (non-zero) entries.
    public var nonZeroCount: Int { storedValues.count }

    /// The dense equivalent.
    public func dense() -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        let columns = self.columns
        m.values.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows {
                for e in rowStarts[r]..<rowStarts[r + 1] {
                    out[r * columns + Int(columnIndices[e])] = storedValues[e]
                }
            }
        }
        return m
    }

    /// `x @ self` for a dense `x` `[n, rows]`, giving `[n, columns]`. Zero entries of `x`
    /// cost nothing when `x` is sparse; large batches are spread over the cores (see
    /// `SparseKernel`). Products are summed in increasing input index, so the result is
    /// the same as the dense product with `dense()`.
    public func leftMultiplied(by x: Matrix) throws(TensorError) -> Matrix {
        try leftMultiplied(by: x, paths: .build)
    }

    /// `x @ self` with the kernel restricted to `paths`.
    func leftMultiplied(by x: Matrix, paths: KernelPaths) throws(TensorError) -> Matrix {
        guard x.columns == rows else {
            throw .shapeMismatch(operation: "sparse matmul", left: x.shape, right: shape)
        }
        var result = Matrix(rows: x.rows, columns: columns)
        if x.rows == 0 || columns == 0 || storedValues.isEmpty { return result }
        x.values.withUnsafeBufferPointer { xp in
            result.values.withUnsafeMutableBufferPointer { out in
                // Both buffers are non-empty here (checked above).
                guard let xBase = xp.baseAddress, let outBase = out.baseAddress else { return }
                accumulateProduct(xBase, rowCount: x.rows, into: outBase, parallel: true, paths: paths)
            }
        }
        return result
    }

    /// Writes `x @ self` for feature-major activations (see
    /// `WeightMatrix.applyFeatureMajor`), overwriting `out`.
    func multiplyFeatureMajor(
        _ x: UnsafePointer<Float>, xStride: Int, count: Int, into out: UnsafeMutablePointer<Float>,
        outStride: Int, parallel: Bool
    ) {
        if storedValues.isEmpty {
            for j in 0..<columns { (out + j * outStride).update(repeating: 0, count: count) }
            return
        }
        withCSR { csr in
            withChunkedLayout(csr) { layout in
                FeatureMajorKernel.sparse(
                    x: x, xStride: xStride, count: count, matrix: csr, chunked: layout, out: out,
                    outStride: outStride, parallel: parallel)
            }
        }
    }

    /// Calls `body` with the kernels' view of the chunk-major entries, or `nil` when the
    /// matrix fits one chunk.
    private func withChunkedLayout(
        _ csr: SparseKernel.CSR, _ body: (SparseKernel.EntryLayout?) -> Void
    ) {
        guard let chunked else { return body(nil) }
        chunked.starts.withUnsafeBufferPointer { cs in
            chunked.columns.withUnsafeBufferPointer { cc in
                chunked.values.withUnsafeBufferPointer { cv in
                    guard let s = cs.baseAddress, let c = cc.baseAddress, let v = cv.baseAddress
                    else { return }
                    body(SparseKernel.EntryLayout(
                        starts: s, chunkColumns: c, columns: csr.columnIndices, values: v))
                }
            }
        }
    }

    /// `out += x @ self` through `SparseKernel` (`out` holds zeros on entry; the matrix
    /// has entries and `x` rows).
    private func accumulateProduct(
        _ x: UnsafePointer<Float>, rowCount: Int, into out: UnsafeMutablePointer<Float>,
        parallel: Bool, paths: KernelPaths
    ) {
        withCSR { csr in
            withChunkedLayout(csr) { layout in
                SparseKernel.leftMultiply(
                    x: x, n: rowCount, matrix: csr, chunked: layout, out: out, parallel: parallel,
                    paths: paths)
            }
        }
    }

    /// Calls `body` with the kernels' view of the matrix: its arrays and its non-empty
    /// rows (found here). Only for a matrix with entries.
    private func withCSR(_ body: (SparseKernel.CSR) -> Void) {
        rowStarts.withUnsafeBufferPointer { starts in
            columnIndices.withUnsafeBufferPointer { indices in
                storedValues.withUnsafeBufferPointer { stored in
                    // [rows with entries]: the only input indices the kernels visit.
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: rows) { nonEmpty in
                        // All buffers are non-empty when the matrix has entries.
                        guard let startBase = starts.baseAddress, let indexBase = indices.baseAddress,
                            let valueBase = stored.baseAddress, let nonEmptyBase = nonEmpty.baseAddress
                        else { return }
                        var nonEmptyCount = 0
                        for r in 0..<rows where startBase[r + 1] > startBase[r] {
                            nonEmptyBase[nonEmptyCount] = Int32(truncatingIfNeeded: r)
                            nonEmptyCount += 1
                        }
                        body(SparseKernel.CSR(
                            rows: rows, columns: columns, rowStarts: startBase, columnIndices: indexBase,
                            values: valueBase, nonEmptyRows: nonEmptyBase, nonEmptyCount: nonEmptyCount))
                    }
                }
            }
        }
    }
}
