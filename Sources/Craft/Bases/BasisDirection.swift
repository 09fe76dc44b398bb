/// A labelled direction of a vector space: a name and an optional value.
///
/// Printed as `name` when the value is `nil`, else `name:value` (the residual label).
/// Equality and hashing use `(name, value)` with ``BasisValue``'s Python semantics, so
/// `x:1` and `x:True` are one direction.
///
/// Ordering is Tracr's: compare `(name, value)` lexicographically; where that comparison is
/// undefined (equal names and values of incomparable kinds, or a `nil` value against a
/// value) compare the printed labels instead.
public struct BasisDirection: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name (an s-op label, `tokens`, `one`, a hidden-neuron group…).
    public let name: String
    /// The value, or `nil` for a single-direction (numerical) variable.
    public let value: BasisValue?

    /// A direction `name:value` (or `name` when `value` is `nil`).
    public init(_ name: String, _ value: BasisValue? = nil) {
        self.name = name
        self.value = value
    }

    /// The printed label, `name` or `name:value`.
    public var description: String {
        guard let value else { return name }
        return "\(name):\(value)"
    }

    public static func < (lhs: BasisDirection, rhs: BasisDirection) -> Bool {
        if lhs.name != rhs.name {
            // UTF-8 byte order is code point order (Python's string order).
            return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        switch (lhs.value, rhs.value) {
        case (nil, nil):
            return false
        case let (a?, b?):
            if a == b { return false }
            if let less = a.pythonLessThan(b) { return less }
        default:
            break
        }
        return lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }
}
