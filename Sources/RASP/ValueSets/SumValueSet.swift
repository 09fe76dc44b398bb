/// The values a ``Sum(_:_:default:)`` can take: every sum of 1…N values drawn (with
/// repetition, in any order) from the summed s-op's value set, where N is the maximum
/// length.
///
/// The set is computed exactly, by extending every sum of ℓ − 1 values with every input
/// value (`0 + v₁ + … + v_ℓ` with Python arithmetic, so the float rounding of every order of
/// addition is included). Values on a common grid keep it small — integers in `lo…hi` give
/// at most N·(hi − lo) + 1 sums, multiples of 1/4 four times that — while incommensurable
/// floats make it grow combinatorially. Beyond `limit` values the set is refused
/// (``Failure/tooLarge(limit:)``) rather than replaced by a superset: every sound superset
/// (e.g. the integer interval between the smallest and largest sum) is at least as large as
/// the exact set, so it would not fit either.
///
/// The empty selection (the default) is not included; callers add it.
public enum SumValueSet {
    /// Why the sums could not be listed.
    public enum Failure: Error, Sendable, Equatable {
        /// The summed s-op can take values that are not numbers.
        case nonNumeric([Value])
        /// More than `limit` distinct sums (or an integer sum overflows).
        case tooLarge(limit: Int)
    }

    /// The distinct sums of 1…`maxTerms` values drawn from `inputs`, in no particular order.
    public static func values(of inputs: [Value], maxTerms: Int, limit: Int) throws(Failure) -> [Value] {
        let nonNumeric = inputs.filter { !$0.isNumeric }
        if !nonNumeric.isEmpty { throw .nonNumeric(nonNumeric) }
        if inputs.isEmpty || maxTerms < 1 { return [] }
        let integers = inputs.compactMap { value -> Int? in
            switch value {
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }
        if integers.count == inputs.count {
            return try integerSums(Array(Set(integers)), maxTerms: maxTerms, limit: limit).map { .int($0) }
        }
        return try valueSums(inputs, maxTerms: maxTerms, limit: limit)
    }

    private static func integerSums(_ inputs: [Int], maxTerms: Int, limit: Int) throws(Failure) -> [Int] {
        var all = Set<Int>()
        var current: Set<Int> = [0]
        for _ in 1...maxTerms {
            var next = Set<Int>()
            for s in current {
                for x in inputs {
                    let (t, overflow) = s.addingReportingOverflow(x)
                    if overflow { throw .tooLarge(limit: limit) }
                    next.insert(t)
                }
                if next.count > limit { throw .tooLarge(limit: limit) }
            }
            current = next
            all.formUnion(next)
            if all.count > limit { throw .tooLarge(limit: limit) }
        }
        return Array(all)
    }

    private static func valueSums(_ inputs: [Value], maxTerms: Int, limit: Int) throws(Failure) -> [Value] {
        var all = OrderedValueSet()
        var current: [Value] = [.int(0)]
        for _ in 1...maxTerms {
            var next = OrderedValueSet()
            for s in current {
                for x in inputs {
                    // Numbers only, so `+` cannot fail except by integer overflow.
                    guard let t = try? s + x else { throw .tooLarge(limit: limit) }
                    next.insert(t)
                }
                if next.count > limit { throw .tooLarge(limit: limit) }
            }
            current = next.values
            all.insert(contentsOf: current)
            if all.count > limit { throw .tooLarge(limit: limit) }
        }
        return all.values
    }
}
