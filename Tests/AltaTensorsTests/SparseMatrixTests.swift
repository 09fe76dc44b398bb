import AltaTensors
import AltaTestSupport
import Testing

@Suite("Sparse matrix")
struct SparseMatrixTests {
    /// `(n, rows, columns, weight fill, x fill)`: empty batches, single rows and tiny
    /// products (row scheme), blocks of 16 and remainders with enough work for the tile
    /// scheme (from 1024 tile updates per block), very sparse inputs (row scheme), more than one 4096-column chunk, and products large enough to be threaded
    /// (over blocks, over column ranges of one block, over interleaved rows of one block).
    static let cases: [(Int, Int, Int, Double, Double)] = [
        (0, 5, 7, 0.5, 1), (3, 0, 4, 0.5, 1), (3, 4, 0, 0.5, 1), (1, 1, 1, 1, 1),
        (1, 13, 9, 0.3, 1), (7, 13, 9, 0.3, 1), (8, 16, 31, 0.2, 1), (9, 33, 17, 0.1, 0.5),
        (17, 40, 23, 0.1, 0.05), (24, 64, 8200, 0.01, 1), (5, 30, 16500, 0.02, 0.2),
        (100, 300, 500, 0.05, 1), (33, 20, 50, 0.2, 1), (40, 100, 300, 0.2, 1), (16, 9, 4097, 0.3, 0.7),
        (64, 256, 3000, 0.3, 0.1), (16, 256, 3000, 0.3, 0.1), (16, 200, 9000, 0.3, 1), (64, 256, 1000, 0.02, 0.02), (13, 20, 20, 0, 1),
    ]

    @Test("x @ W matches the dense product exactly", arguments: cases.indices)
    func matchesDense(index: Int) throws {
        let (n, rows, columns, fill, xFill) = Self.cases[index]
        var rng = SplitMix64(seed: 1000 + UInt64(index))
        let w = rng.matrix(rows, columns, fill: fill)
        let x = rng.matrix(n, rows, fill: xFill)
        let sparse = SparseMatrix(w)
        let viaSparse = try sparse.leftMultiplied(by: x)
        #expect(viaSparse.shape == [n, columns])
        // Both kernels add x[i,p]·w in increasing p, so they agree bit for bit, on every
        // path (this build's default and the release paths: tile scheme, threads).
        #expect(viaSparse == (try x.matmul(w)))
        #expect(viaSparse == Reference.matmul(x, w))
        #expect(try BlockedKernels.leftMultiply(sparse, x) == viaSparse)
        #expect(BlockedKernels.matmul(x, w) == viaSparse)
    }

    @Test("dense round trip keeps every non-zero in order")
    func roundTrip() {
        var rng = SplitMix64(seed: 21)
        let w = rng.matrix(19, 23, fill: 0.2)
        let sparse = SparseMatrix(w)
        #expect(sparse.dense() == w)
        #expect(sparse.nonZeroCount == w.nonZeroCount)
        #expect(sparse.rowStarts.count == 20)
        for r in 0..<19 {
            let columns = sparse.columnIndices[sparse.rowStarts[r]..<sparse.rowStarts[r + 1]]
            #expect(columns.elementsEqual(columns.sorted()))
            #expect(columns.allSatisfy { w[r, Int($0)] != 0 })
        }
    }

    @Test("the validating initialiser accepts a well-formed matrix")
    func validAccepted() throws {
        let m = try SparseMatrix(
            rows: 3, columns: 4, rowStarts: [0, 2, 2, 3], columnIndices: [0, 3, 1], values: [1, 2, 3])
        #expect(m.dense() == (try Matrix([[1, 0, 0, 2], [0, 0, 0, 0], [0, 3, 0, 0]])))
        let empty = try SparseMatrix(rows: 0, columns: 5, rowStarts: [0], columnIndices: [], values: [])
        #expect(empty.shape == [0, 5])
    }

    /// Structures the validating initialiser must reject, each with the reason it gives.
    static let malformed: [(rows: Int, columns: Int, starts: [Int], indices: [Int32], values: [Float], reason: String)] = [
        (-1, 2, [0], [], [], "negative shape [-1, 2]"),
        (2, 3, [0, 1], [0], [1], "2 row starts for 2 rows (need 3)"),
        (1, 3, [1, 1], [0], [1], "row starts begin at 1, not 0"),
        (1, 3, [0, 2], [0, 1], [1], "2 column indices but 1 values"),
        (1, 3, [0, 1], [0, 1], [1, 2], "row starts end at 1 but there are 2 entries"),
        (2, 3, [0, 5, 3], [0, 1, 2], [1, 2, 3], "row starts decrease at row 1"),
        // Decreasing starts that also end before the last entry: the end is checked first.
        (2, 3, [0, 2, 1], [0, 1], [1, 2], "row starts end at 1 but there are 2 entries"),
        (1, 3, [0, 1], [3], [1], "column index 3 in row 0 out of range or order"),
        (1, 3, [0, 1], [-1], [1], "column index -1 in row 0 out of range or order"),
        (1, 3, [0, 2], [2, 1], [1, 2], "column index 1 in row 0 out of range or order"),
        (1, 3, [0, 2], [1, 1], [1, 2], "column index 1 in row 0 out of range or order"),
    ]

    @Test("the validating initialiser rejects bad structure", arguments: malformed.indices)
    func malformedRejected(index: Int) {
        let c = Self.malformed[index]
        expectError(TensorError.invalidSparseStructure(c.reason), message: "invalid sparse matrix: \(c.reason)") {
            try SparseMatrix(
                rows: c.rows, columns: c.columns, rowStarts: c.starts, columnIndices: c.indices,
                values: c.values)
        }
    }

    @Test("a shape mismatch is thrown")
    func shapeMismatch() {
        let w = SparseMatrix(Matrix(rows: 4, columns: 3, repeating: 1))
        #expect(throws: TensorError.shapeMismatch(operation: "sparse matmul", left: [2, 5], right: [4, 3])) {
            try w.leftMultiplied(by: Matrix(rows: 2, columns: 5))
        }
    }
}

@Suite("Weight matrix")
struct WeightMatrixTests {
    @Test("chooses sparse storage by fill and applies either way the same")
    func representation() throws {
        var rng = SplitMix64(seed: 77)
        let sparseish = rng.matrix(40, 30, fill: 0.05)
        let denseish = rng.matrix(40, 30, fill: 0.9)
        let a = WeightMatrix(sparseish)
        let b = WeightMatrix(denseish)
        #expect(a.isSparse)
        #expect(!b.isSparse)
        #expect(a.dense == sparseish && b.dense == denseish)
        #expect(a.nonZeroCount == sparseish.nonZeroCount)
        #expect(a.shape == [40, 30])
        let x = rng.matrix(11, 40)
        #expect(try a.apply(to: x) == (try WeightMatrix.dense(sparseish).apply(to: x)))
        #expect(try b.apply(to: x) == (try x.matmul(denseish)))
        let zeros = WeightMatrix.zeros(rows: 40, columns: 3)
        #expect(zeros.isSparse && zeros.nonZeroCount == 0)
        #expect(try zeros.apply(to: x) == Matrix(rows: 11, columns: 3))
        expectError(TensorError.shapeMismatch(operation: "sparse matmul", left: [2, 39], right: [40, 30]),
                    message: "sparse matmul: incompatible shapes [2, 39] and [40, 30]") {
            try a.apply(to: Matrix(rows: 2, columns: 39))
        }
    }
}
