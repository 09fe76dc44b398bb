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
        guard let value else { return -1 }
        switch (mappings[variable], value) {
        case (.categorical(let range), .int(let v)):
            return (0..<range).contains(v) ? v : -1
        case (.numerical(let centres), .number(let x)):
            return x.isFinite ? ALTAVariableKind.bucketIndex(of: x, centres: centres) : -1
        case (.set(let index), .set(let s)):
            return index[s] ?? -1
        default:
            return -1
        }
    }
}
