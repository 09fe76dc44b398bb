/// A set of values that remembers insertion order and keeps the first of equal values.
struct OrderedValueSet {
    private(set) var values: [Value] = []
    private var seen: Set<Value> = []

    mutating func insert(_ value: Value) {
        if seen.insert(value).inserted { values.append(value) }
    }

    mutating func insert<S: Sequence>(contentsOf sequence: S) where S.Element == Value {
        for value in sequence { insert(value) }
    }
}
