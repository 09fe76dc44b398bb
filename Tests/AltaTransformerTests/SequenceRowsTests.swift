import Testing
@testable import AltaTransformer

@Suite struct SequenceRowsTests {
    @Test func everyRowBelongsToExactlyOnePosition() {
        let lengths = [3, 5, 3, 1, 3, 3, 3, 3, 3, 3, 5, 2]
        let layout = SequenceRows(lengths: lengths)
        #expect(layout.count == lengths.count)
        #expect(layout.totalRows == lengths.reduce(0, +))
        var seen = [Int](repeating: 0, count: layout.totalRows)
        for slot in 0..<layout.count {
            #expect(layout.length(slot) == lengths[slot])
            #expect(Array(layout.rows(slot)) == (0..<lengths[slot]).map { layout.row(slot, position: $0) })
            for row in layout.rows(slot) { seen[row] += 1 }
        }
        #expect(seen.allSatisfy { $0 == 1 })
    }

    @Test func sharedLengthsAreInterleavedAndRareOnesStandAlone() {
        // Eight sequences of length 3 (interleaved), two of length 5 (alone: fewer than
        // eight and fewer than five), one each of lengths 1 and 2 (alone, trivially).
        let lengths = [3, 5, 3, 1, 3, 3, 3, 3, 3, 3, 5, 2]
        let layout = SequenceRows(lengths: lengths)
        #expect(layout.blocks.map(\.length) == [3, 5, 5, 1, 2])
        #expect(layout.blocks.indices.map { Array(layout.slots(ofBlock: $0)) } == [[0, 2, 4, 5, 6, 7, 8, 9], [1], [10], [3], [11]])
        #expect(layout.blocks.map(\.firstRow) == [0, 24, 29, 34, 35])
        // Position 1 of lane 2 (slot 4) of the interleaved block: after position 0 of all
        // eight lanes and position 1 of lanes 0 and 1.
        #expect(layout.row(4, position: 1) == 10)
        #expect(Array(layout.rows(1)) == [24, 25, 26, 27, 28])
        // Two sequences of length 2 are as many as their length: interleaved.
        #expect(SequenceRows(lengths: [2, 2]).blocks.map(\.lanes) == [2])
        #expect(SequenceRows(lengths: []).totalRows == 0)
    }
}
