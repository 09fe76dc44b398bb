/// Where each sequence's positions sit when the sequences of a batch are stacked one after
/// another (`totalRows` positions in all): sequence `slot` owns positions `range(slot)`.
///
/// Position-wise work (projections, MLPs, LayerNorm) runs over all rows at once;
/// attention runs within each sequence's range.
struct SequenceRows: Equatable {
    /// `[count + 1]`: sequence `slot` starts at row `starts[slot]`.
    private(set) var starts: [Int]

    /// Sequences of `lengths` stacked in order.
    init<Lengths: Sequence<Int>>(lengths: Lengths) {
        var starts = [0]
        for length in lengths { starts.append(starts[starts.count - 1] + length) }
        self.starts = starts
    }

    /// Number of sequences.
    var count: Int { starts.count - 1 }
    /// Rows of all sequences together.
    var totalRows: Int { starts[starts.count - 1] }
    /// The rows of sequence `slot`.
    func range(_ slot: Int) -> Range<Int> { starts[slot]..<starts[slot + 1] }
    /// The longest sequence (0 when there are none).
    var longest: Int { (0..<count).map { starts[$0 + 1] - starts[$0] }.max() ?? 0 }
}
