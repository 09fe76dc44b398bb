/// A small, fast, seeded random number generator (SplitMix64), so random programs and test
/// inputs are reproducible across runs and platforms.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (platform-independent, unlike `Int.random(in:using:)`
    /// whose algorithm is not specified).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return range.lowerBound &+ Int(truncatingIfNeeded: next()) }
        // Rejection sampling for an unbiased result.
        let limit = UInt64.max - UInt64.max % span
        var x = next()
        while x >= limit { x = next() }
        return range.lowerBound + Int(x % span)
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    /// A uniformly chosen element (`nil` for an empty collection).
    public mutating func pick<C: RandomAccessCollection>(_ collection: C) -> C.Element? where C.Index == Int {
        guard !collection.isEmpty else { return nil }
        return collection[collection.startIndex + int(in: 0...(collection.count - 1))]
    }
}
