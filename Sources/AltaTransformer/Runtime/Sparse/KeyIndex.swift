import AltaTensors

/// One head's inverted key index: for each key column, the positions with a non-zero key
/// entry there (ascending) and the entry.
final class KeyIndex {
    let width: Int
    /// `[width + 1]`
    let starts: UnsafeMutablePointer<Int32>
    /// `[width + 1]` scratch.
    let fill: UnsafeMutablePointer<Int32>
    /// `[maxLength × width]` capacity.
    let positions: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>

    init(width: Int, maxLength: Int) {
        self.width = width
        starts = .allocate(capacity: width + 1)
        starts.initialize(repeating: 0, count: width + 1)
        fill = .allocate(capacity: width + 1)
        positions = .allocate(capacity: max(width * maxLength, 1))
        values = .allocate(capacity: max(width * maxLength, 1))
    }

    deinit {
        starts.deallocate()
        fill.deallocate()
        positions.deallocate()
        values.deallocate()
    }

    func build(keys: SparseProjections, segment h: Int, width: Int, offset: Int, length t: Int) {
        starts.update(repeating: 0, count: width + 1)
        for j in 0..<t {
            for e in keys.range(position: j, segment: h) { starts[Int(keys.columns[e]) - offset + 1] += 1 }
        }
        for c in 0..<width { starts[c + 1] += starts[c] }
        fill.update(from: starts, count: width + 1)
        for j in 0..<t {
            for e in keys.range(position: j, segment: h) {
                let c = Int(keys.columns[e]) - offset
                let slot = Int(fill[c])
                positions[slot] = Int32(j)
                values[slot] = keys.values[e]
                fill[c] += 1
            }
        }
    }
}
