import AltaTestSupport
import AltaTensors
import Testing
@testable import Craft

@Suite struct CraftMatrixTests {
    /// A seeded sparse matrix with some wide rows.
    func sample(rows: Int, columns: Int, seed: UInt64) -> CraftMatrix {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var m = CraftMatrix(rows: rows, columns: columns)
        for r in 0..<rows {
            let fill = r % 3 == 0 ? columns * 3 / 4 : 3
            for _ in 0..<fill { m.add(Double(Int(next() % 9) - 4), row: r, column: Int(next() % UInt64(columns))) }
        }
        return m
    }

    @Test func weightMatrixKeepsEveryEntryDenseOrSparse() {
        let m = sample(rows: 20, columns: 300, seed: 1)
        let expected = m.floatMatrix()
        let sparse = m.weightMatrix(sparseFill: 1)
        let dense = m.weightMatrix(sparseFill: 0)
        #expect(sparse.isSparse)
        #expect(!dense.isSparse)
        #expect(sparse.dense == expected)
        #expect(dense.dense == expected)
        #expect(sparse.nonZeroCount == m.nonZeroCount)
    }

    @Test func addRowCopiesOrAccumulates() {
        var m = CraftMatrix(rows: 2, columns: 4)
        m.addRow(0, [1: 2, 3: 0])
        #expect(m.rowEntries[0] == [1: 2])
        m.addRow(0, [1: -2, 2: 5])
        #expect(m.rowEntries[0] == [2: 5])
        #expect(m.nonZeroCount == 1)
    }

    @Test func productAndTranspose() {
        let a = CraftMatrix(dense: [[1, 2], [0, 3]])
        let b = CraftMatrix(dense: [[4, 0], [1, 1]])
        #expect(a.multiplied(by: b).dense == [[6, 2], [3, 3]])
        #expect(a.transposed.dense == [[1, 0], [2, 3]])
    }

    @Test func fromEntriesSumsRepeatsAndChecksSpaces() throws {
        let x = BasisDirection("x")
        let y = BasisDirection("y")
        let map = try Linear.fromEntries(
            input: VectorSpace([x]), output: VectorSpace([y]), [(from: x, to: y, weight: 2), (from: x, to: y, weight: 3)])
        #expect(map.weight(from: x, to: y) == 5)
        expectError(CraftError.directionOutsideSpace(y, space: "the input space of a map"),
                    message: "direction 'y' is not in the input space of a map") {
            try Linear.fromEntries(input: VectorSpace([x]), output: VectorSpace([y]), [(from: y, to: y, weight: 1)])
        }
    }

    /// Joining sorted spaces merges them; the result equals sorting the union, and distinct
    /// directions that print alike are both kept (their relative order is unspecified, as
    /// Tracr's comparator is not a total order on mixed values).
    @Test func joinEqualsSortedUnion() {
        let a = VectorSpace((0..<20).map { BasisDirection("v", .int($0 * 3)) } + [BasisDirection("one")])
        let b = VectorSpace((0..<20).map { BasisDirection("v", .int($0 * 2)) } + [BasisDirection("tokens", "a")])
        #expect(VectorSpace.join([a, b]).basis == VectorSpace(a.basis + b.basis).basis)
        let c = VectorSpace([BasisDirection("w", .string("7")), BasisDirection("w", .int(7))])
        let joined = VectorSpace.join([a, c])
        #expect(joined.count == a.count + 2)
        #expect(joined.contains(BasisDirection("w", .string("7"))) && joined.contains(BasisDirection("w", .int(7))))
        let ordered = try? VectorSpace(ordered: [BasisDirection("z"), BasisDirection("a")])
        #expect(VectorSpace.join([ordered!, a]).basis == VectorSpace(ordered!.basis + a.basis).basis)
    }
}
