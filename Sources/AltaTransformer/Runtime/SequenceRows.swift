/// Where each sequence's positions sit among the stacked rows of a group of sequences
/// (`totalRows` rows in all).
///
/// Sequences of equal length are gathered into one block, interleaved position by
/// position: position `p` of the block's `k`-th sequence (its lane) is row
/// `firstRow + p · lanes + k`. Position-wise work (projections, MLPs, LayerNorm) runs over
/// all rows at once and does not care about their order; attention runs over a block's
/// sequences together, each query–key pair being one contiguous run over the lanes, so
/// its loops are as long as the block however short the sequences. A length shared by too
/// few sequences for that to pay (fewer than `minimumLanes` and fewer than the length
/// itself) gets one block per sequence, whose positions are then contiguous.
struct SequenceRows: Equatable, Sendable {
    /// Equal-length sequences whose positions are interleaved.
    struct Block: Equatable, Sendable {
        /// The block's first row.
        let firstRow: Int
        /// Positions of each of its sequences.
        let length: Int
        /// Sequences interleaved.
        let lanes: Int
        /// Where its sequences' slots, in lane order, start in `SequenceRows.slotOrder`.
        let firstSlotIndex: Int

        /// Rows of the whole block.
        var rowCount: Int { length * lanes }
        /// The row of position `position` of the sequence in lane `lane`.
        func row(lane: Int, position: Int) -> Int { firstRow + position * lanes + lane }
    }

    /// Sequences of one length interleaved into one block from this many on (or from as
    /// many as the length).
    static let minimumLanes = 8

    /// The blocks, in order of their first sequence; their rows are consecutive.
    let blocks: [Block]
    /// `[count]`: every slot, block after block, in lane order.
    private let slotOrder: [Int]
    /// `[count]`: the block of each slot.
    private let blockOfSlot: [Int]
    /// `[count]`: the lane of each slot within its block.
    private let laneOfSlot: [Int]
    /// Rows of all sequences together.
    let totalRows: Int
    /// The longest sequence (0 when there are none).
    let longest: Int

    /// The layout of sequences of `lengths`, slot `s` being the `s`-th.
    init(lengths: [Int]) {
        let count = lengths.count
        longest = lengths.max() ?? 0
        // Lengths in order of first appearance with their sequences, by a counting sort.
        var perLength = [Int](repeating: 0, count: longest + 1)
        var order: [Int] = []
        for length in lengths {
            if perLength[length] == 0 { order.append(length) }
            perLength[length] += 1
        }
        var nextIndex = [Int](repeating: 0, count: longest + 1)
        var index = 0
        for length in order {
            nextIndex[length] = index
            index += perLength[length]
        }
        var slotOrder = [Int](repeating: 0, count: count)
        for (slot, length) in lengths.enumerated() {
            slotOrder[nextIndex[length]] = slot
            nextIndex[length] += 1
        }
        var blocks: [Block] = []
        var blockOfSlot = [Int](repeating: 0, count: count)
        var laneOfSlot = [Int](repeating: 0, count: count)
        var nextRow = 0
        var first = 0
        func append(length: Int, lanes: Int) {
            for lane in 0..<lanes {
                blockOfSlot[slotOrder[first + lane]] = blocks.count
                laneOfSlot[slotOrder[first + lane]] = lane
            }
            blocks.append(Block(firstRow: nextRow, length: length, lanes: lanes, firstSlotIndex: first))
            nextRow += length * lanes
            first += lanes
        }
        for length in order {
            let sharing = perLength[length]
            if sharing >= min(Self.minimumLanes, length) {
                append(length: length, lanes: sharing)
            } else {
                for _ in 0..<sharing { append(length: length, lanes: 1) }
            }
        }
        self.blocks = blocks
        self.slotOrder = slotOrder
        self.blockOfSlot = blockOfSlot
        self.laneOfSlot = laneOfSlot
        totalRows = nextRow
    }

    /// Number of sequences.
    var count: Int { blockOfSlot.count }
    /// The sequences (slots) of block `b`, in lane order.
    func slots(ofBlock b: Int) -> ArraySlice<Int> {
        slotOrder[blocks[b].firstSlotIndex..<(blocks[b].firstSlotIndex + blocks[b].lanes)]
    }
    /// Positions of sequence `slot`.
    func length(_ slot: Int) -> Int { blocks[blockOfSlot[slot]].length }
    /// The block of sequence `slot` and its lane there.
    func placement(_ slot: Int) -> (block: Int, lane: Int) { (blockOfSlot[slot], laneOfSlot[slot]) }
    /// The row of position `position` of sequence `slot`.
    func row(_ slot: Int, position: Int) -> Int {
        blocks[blockOfSlot[slot]].row(lane: laneOfSlot[slot], position: position)
    }
    /// The rows of sequence `slot`, position by position.
    func rows(_ slot: Int) -> Positions {
        let block = blocks[blockOfSlot[slot]]
        return Positions(first: block.row(lane: laneOfSlot[slot], position: 0), count: block.length, step: block.lanes)
    }

    /// The rows of one sequence's positions: `first`, `first + step`, … (`count` of them).
    struct Positions: RandomAccessCollection {
        let first: Int
        let count: Int
        let step: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(position: Int) -> Int { first + position * step }
    }
}
