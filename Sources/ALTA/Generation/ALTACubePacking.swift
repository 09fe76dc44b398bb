/// Cubes of a space packed into one 64-bit word, when the space is small enough: variable `v`
/// holds `cube[v] + 1` (0 for free) in the bits `masks[v]`, from bit `offsets[v]`. Packed
/// cubes hash and compare as one integer, which makes set look-ups of cubes cheap
/// (`ALTACubeMinimiser.removeContained`); freeing a variable clears its bits.
struct ALTACubePacking: Sendable {
    /// Per variable, the bit offset and the mask of its field (in place).
    let offsets: [Int]
    let masks: [UInt64]

    /// Fields wide enough for `extendedSizes[v]` values and "free"; nil when they do not fit
    /// in 64 bits.
    init?(extendedSizes: [Int]) {
        var offsets: [Int] = []
        var masks: [UInt64] = []
        var offset = 0
        for size in extendedSizes {
            let width = UInt64.bitWidth - UInt64(size).leadingZeroBitCount  // holds 0…size
            guard offset + width <= UInt64.bitWidth else { return nil }
            offsets.append(offset)
            masks.append(width == UInt64.bitWidth ? .max : ((1 << UInt64(width)) - 1) << UInt64(offset))
            offset += width
        }
        self.offsets = offsets
        self.masks = masks
    }

    func pack(_ cube: ALTACube) -> UInt64 {
        var word: UInt64 = 0
        for v in 0..<cube.count { word |= UInt64(Int(cube[v]) + 1) << UInt64(offsets[v]) }
        return word
    }
}
