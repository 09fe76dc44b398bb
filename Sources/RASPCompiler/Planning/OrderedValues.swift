import RASP

/// A set of values that keeps insertion order and, among equal values (`1`, `1.0`, `True`),
/// the first inserted — Python's set semantics, which fix how labels print.
struct OrderedValues: Sendable {
    private(set) var values: [Value] = []
    private var seen: Set<Value> = []

    init() {}

    init<S: Sequence>(_ sequence: S) where S.Element == Value {
        insert(contentsOf: sequence)
    }

    var count: Int { values.count }

    func contains(_ value: Value) -> Bool { seen.contains(value) }

    mutating func insert(_ value: Value) {
        if seen.insert(value).inserted { values.append(value) }
    }

    mutating func insert<S: Sequence>(contentsOf sequence: S) where S.Element == Value {
        for value in sequence { insert(value) }
    }

    /// The values in Tracr's basis order.
    var sorted: [Value] { Value.basisSorted(values) }
}

extension Array {
    /// Whether the elements are in ascending order by `areInIncreasingOrder`.
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        var i = 1
        while i < count {
            if areInIncreasingOrder(self[i], self[i - 1]) { return false }
            i += 1
        }
        return true
    }
}
