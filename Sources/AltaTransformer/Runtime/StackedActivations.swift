import AltaTensors

/// Activations of a group of sequences as the forward pass leaves them: feature-major
/// over the group's stacked rows (`SequenceRows`), kept whole so that a batch's results
/// cost one array; per-sequence matrices are made when asked for.
struct StackedActivations: Sendable {
    /// Where each sequence's positions are.
    let rows: SequenceRows
    /// Features per position.
    let width: Int
    /// `[width, rows.totalRows]`: feature `f` of row `r` at `f · rows.totalRows + r`.
    let values: [Float]

    /// Sequences held.
    var count: Int { rows.count }

    /// Sequence `slot` as a row-major `[T, width]` matrix.
    func matrix(_ slot: Int) -> Matrix {
        let stride = rows.totalRows
        let positions = rows.rows(slot)
        return Matrix(rows: rows.length(slot), columns: width) { target in
            values.withUnsafeBufferPointer { source in
                for f in 0..<width {
                    for (p, row) in positions.enumerated() { target[p &* width &+ f] = source[f &* stride &+ row] }
                }
            }
        }
    }

    /// Calls `body` with each position of sequence `slot` in turn, its `width` values
    /// gathered into one contiguous buffer.
    func forEachPosition(of slot: Int, _ body: (UnsafeBufferPointer<Float>) -> Void) {
        let stride = rows.totalRows
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(width, 1)) { scratch in
            values.withUnsafeBufferPointer { source in
                for row in rows.rows(slot) {
                    for f in 0..<width { scratch[f] = source[f &* stride &+ row] }
                    body(UnsafeBufferPointer(rebasing: scratch[0..<width]))
                }
            }
        }
    }
}
