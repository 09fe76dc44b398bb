/// The type of an ALTA variable, which fixes its values and its residual encoding.
public enum ALTAVariableKind: Sendable, Hashable, CustomStringConvertible {
    /// Integers `0..<range`, one-hot over `range` dimensions. The only kind allowed as an
    /// attention key; usable as a query (a singleton set) and as a head value.
    case categorical(range: Int)
    /// A real number in one residual dimension. `buckets` (strictly ascending centres)
    /// discretise it for rules and for the compiler: bucket k covers
    /// `(mid(b[k-1], b[k]), mid(b[k], b[k+1])]`, the first is open below, the last open
    /// above, and a value exactly on a midpoint belongs to the lower bucket. Without
    /// buckets the variable works only in function-form programs.
    case numerical(buckets: [Double]?)
    /// A set of integers `< range`, multi-hot over `range` dimensions; meant for attention
    /// queries ("key ∈ query set"). `values` lists every set the variable may hold (needed to
    /// match it in rules). Cannot be a head value.
    case set(range: Int, values: [Set<Int>]?)

    public var description: String {
        switch self {
        case .categorical(let range): return "categorical(range: \(range))"
        case .numerical(let buckets):
            if let buckets { return "numerical(\(buckets.count) buckets)" }
            return "numerical(no buckets)"
        case .set(let range, let values):
            if let values { return "set(range: \(range), \(values.count) values)" }
            return "set(range: \(range))"
        }
    }

    /// Whether this is a categorical kind.
    public var isCategorical: Bool {
        if case .categorical = self { return true }
        return false
    }

    /// Whether this is a numerical kind.
    public var isNumerical: Bool {
        if case .numerical = self { return true }
        return false
    }

    /// Whether this is a set kind.
    public var isSet: Bool {
        if case .set = self { return true }
        return false
    }

    /// Residual width: `range` for categorical and set variables, 1 for numerical ones.
    public var residualWidth: Int {
        switch self {
        case .categorical(let range): return range
        case .numerical: return 1
        case .set(let range, _): return range
        }
    }

    /// The finite list of values rules can match (and the rule builder iterates), in index
    /// order: `0..<range`, the bucket centres, or the listed sets. `nil` when the kind has no
    /// such list (numerical without buckets, set without values).
    public var domain: [ALTAValue]? {
        switch self {
        case .categorical(let range): return (0..<max(range, 0)).map { .int($0) }
        case .numerical(let buckets): return buckets?.map { .number($0) }
        case .set(_, let values): return values?.map { .set($0) }
        }
    }

    /// Number of values in `domain` (the width of the variable in the compiler's expanded
    /// MLP layout), or `nil` when there is no domain.
    public var domainSize: Int? {
        switch self {
        case .categorical(let range): return range
        case .numerical(let buckets): return buckets?.count
        case .set(_, let values): return values?.count
        }
    }

    /// The lower thresholds between consecutive buckets (midpoints, ascending), one fewer than
    /// the buckets; empty for other kinds. A value `x` is in bucket k where k is the number of
    /// thresholds strictly below `x`.
    public var bucketThresholds: [Double] {
        guard case .numerical(let buckets?) = self, buckets.count > 1 else { return [] }
        return (1..<buckets.count).map { (buckets[$0 - 1] + buckets[$0]) / 2 }
    }

    /// The index of `value` in `domain`: the categorical value itself (if in range), the
    /// bucket a number falls in, the position of a set in `values`. `nil` when the value has
    /// the wrong type, is out of range, is not listed, or there is no domain.
    public func index(of value: ALTAValue) -> Int? {
        switch (self, value) {
        case (.categorical(let range), .int(let v)):
            return (0..<range).contains(v) ? v : nil
        case (.numerical(let buckets?), .number(let x)):
            guard !buckets.isEmpty, x.isFinite else { return nil }
            return ALTAVariableKind.bucketIndex(of: x, centres: buckets)
        case (.set(_, let values?), .set(let s)):
            return values.firstIndex(of: s)
        default:
            return nil
        }
    }

    /// The bucket of `x` among ascending `centres` (see `numerical`). Binary search.
    public static func bucketIndex(of x: Double, centres: [Double]) -> Int {
        var lo = 0
        var hi = centres.count - 1
        // Smallest k with x <= mid(k, k+1); the last bucket when none.
        while lo < hi {
            let mid = (lo + hi) / 2
            let threshold = (centres[mid] + centres[mid + 1]) / 2
            if x <= threshold { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Whether `value` is a legal value of this kind: a categorical value in range; a finite
    /// number; a set with members in range that (when `values` is given) is listed.
    public func accepts(_ value: ALTAValue) -> Bool {
        switch (self, value) {
        case (.categorical(let range), .int(let v)):
            return (0..<range).contains(v)
        case (.numerical, .number(let x)):
            return x.isFinite
        case (.set(let range, let values), .set(let s)):
            guard s.allSatisfy({ (0..<range).contains($0) }) else { return false }
            if let values { return values.contains(s) }
            return true
        default:
            return false
        }
    }
}
