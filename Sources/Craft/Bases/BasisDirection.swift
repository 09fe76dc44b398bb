import PythonValues

/// A labelled direction of a vector space: a name and an optional Python value.
///
/// Printed as `name` when the value is `nil`, else `name:value` (the residual label, with
/// Python's `str` of the value). Equality and hashing use `(name, value)` with Python's set
/// semantics (``Value/isSameMember(_:)``), so `x:1` and `x:True` are one direction, and so are
/// two `x:nan`.
///
/// Ordering is Tracr's: compare `(name, value)` lexicographically; where that comparison is
/// undefined (equal names and values of incomparable kinds, or a `nil` value against a
/// value) compare the printed labels instead (``Value/basisOrderLess(_:_:)``).
public struct BasisDirection: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name (an s-op label, `tokens`, `one`, a hidden-neuron group…).
    public let name: String
    /// The value, or `nil` for a single-direction (numerical) variable.
    public let value: Value?

    /// A direction `name:value` (or `name` when `value` is `nil`).
    public init(_ name: String, _ value: Value? = nil) {
        self.name = name
        self.value = value
    }

    /// The printed label, `name` or `name:value`.
    public var description: String {
        guard let value else { return name }
        return "\(name):\(value)"
    }

    public static func == (lhs: BasisDirection, rhs: BasisDirection) -> Bool {
        guard lhs.name == rhs.name else { return false }
        switch (lhs.value, rhs.value) {
        case (nil, nil): return true
        case let (a?, b?): return a.isSameMember(b)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
    }

    public static func < (lhs: BasisDirection, rhs: BasisDirection) -> Bool {
        if lhs.name != rhs.name {
            // UTF-8 byte order is code point order (Python's string order).
            return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        return Value.basisOrderLess(lhs.value, rhs.value)
    }
}
