/// A set of values with Python's set semantics that remembers insertion order: equal values of
/// different types (`1`, `1.0`, `True`) are one member, and the first inserted is kept (which
/// fixes how a residual label prints). NaN is one member (``Value/isSameMember(_:)``).
public struct OrderedValueSet: Sendable {
    /// The members in insertion order.
    public private(set) var values: [Value] = []
    private var seen: Set<Member> = []

    /// An empty set.
    public init() {}

    /// The distinct values of `sequence`, first representatives kept.
    public init<S: Sequence>(_ sequence: S) where S.Element == Value {
        insert(contentsOf: sequence)
    }

    /// The number of members.
    public var count: Int { values.count }

    /// Whether `value` is a member.
    public func contains(_ value: Value) -> Bool { seen.contains(Member(value)) }

    /// Adds `value` unless an equal value is already a member.
    public mutating func insert(_ value: Value) {
        if seen.insert(Member(value)).inserted { values.append(value) }
    }

    /// Adds every value of `sequence`.
    public mutating func insert<S: Sequence>(contentsOf sequence: S) where S.Element == Value {
        for value in sequence { insert(value) }
    }

    /// The members in Tracr's basis order (``Value/basisSorted(_:)``).
    public var sorted: [Value] { Value.basisSorted(values) }

    /// A value compared by ``Value/isSameMember(_:)`` (hashing is consistent with it: all NaNs
    /// hash alike).
    private struct Member: Hashable, Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
        static func == (lhs: Member, rhs: Member) -> Bool { lhs.value.isSameMember(rhs.value) }
        func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }
}
