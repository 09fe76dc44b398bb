/// Maps values to their index in each variable's domain (categorical value, bucket index,
/// listed-set index), with -1 for null and for values outside a finite domain.
struct ALTAValueIndexer: Sendable {
    private enum Mapping: Sendable {
        case categorical(range: Int)
        case numerical(centres: [Double])
        case set(index: [Set<Int>: Int])
        case none
    }

    private let mappings: [Mapping]

    init(schema: ALTASchema) {
        mappings = schema.variables.map { variable in
            switch variable.kind {
            case .categorical(let range): return .categorical(range: range)
            case .numerical(let buckets?) where !buckets.isEmpty: return .numerical(centres: buckets)
            case .set(_, let values?):
                var index: [Set<Int>: Int] = [:]
                for (k, v) in values.enumerated() { index[v] = k }
                return .set(index: index)
            default: return .none
            }
        }
    }

    /// The domain index of `value` for variable number `variable`, or -1.
    func index(of value: ALTAValue?, variable: Int) -> Int {
        // One switch at a time (no tuple of mapping and value, which would copy both).
        switch value {
        case nil:
            return -1
        case .int(let v)?:
            guard case .categorical(let range) = mappings[variable] else { return -1 }
            return v >= 0 && v < range ? v : -1
        case .number(let x)?:
            guard case .numerical(let centres) = mappings[variable], x.isFinite else { return -1 }
            return ALTAVariableKind.bucketIndex(of: x, centres: centres)
        case .set(let members)?:
            guard case .set(let index) = mappings[variable] else { return -1 }
            return index[members] ?? -1
        }
    }
}
