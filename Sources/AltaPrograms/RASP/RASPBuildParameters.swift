import RASP

/// The settings a library program is built for: the vocabulary, the maximum sequence length
/// (BOS excluded) and whether it runs under a causal mask. Builders whose Tracr counterpart
/// takes parameters (e.g. `make_sort`'s `max_seq_len` and `min_key`) derive them from here, so
/// the program compiled for a length or vocabulary is the program for that length or
/// vocabulary.
public struct RASPBuildParameters: Sendable, Hashable {
    /// The tokens the program accepts.
    public var vocabulary: [Value]
    /// The maximum input length, BOS excluded.
    public var maxSeqLen: Int
    /// Whether the program is compiled with a causal mask (and evaluated causally).
    public var causal: Bool

    public init(vocabulary: [Value], maxSeqLen: Int, causal: Bool = false) {
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.causal = causal
    }

    /// The smallest positive difference between two numeric vocabulary values, or 1 when the
    /// vocabulary holds a single number: the largest `min_key` for which `make_sort` keeps
    /// distinct keys in order (its tie-breaking offsets `min_key·i/max_seq_len` stay below
    /// it). `nil` if a value is not an int or float.
    public var smallestNumericGap: Value? {
        var numbers: [Value] = []
        for value in vocabulary {
            switch value {
            case .int, .float: numbers.append(value)
            case .bool, .string, .tuple: return nil
            }
        }
        let sorted = numbers.sorted { ($0.doubleValue ?? 0) < ($1.doubleValue ?? 0) }
        var gap: Value?
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            guard let difference = try? b - a, let d = difference.doubleValue, d > 0 else { continue }
            if gap.flatMap(\.doubleValue).map({ d < $0 }) ?? true { gap = difference }
        }
        return gap ?? 1
    }
}
