/// The value part of a basis direction: a RASP value, an ALTA value, a hidden-neuron tag.
///
/// Equality, hashing, ordering and printing follow the host language of the originals
/// (Python), because residual labels and the residual order depend on them:
///
/// * numbers compare across kinds: `.int(1) == .double(1.0) == .bool(true)`, and they hash
///   alike, so a set keeps only one of them;
/// * strings compare by Unicode code point; tuples lexicographically;
/// * comparing a string with a number (or any other mixed pair) is *undefined* —
///   ``pythonLessThan(_:)`` returns `nil`, and ``BasisDirection`` then falls back to
///   comparing printed labels (Tracr's rule);
/// * printing: ints `3`, floats in shortest round-trip form with a mandatory fraction
///   (`1.0`, `0.3333333333333333`, `1e-05`), bools `True`/`False`, strings verbatim,
///   tuples `(1, 'a')` with their elements in `repr` form.
public enum BasisValue: Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case tuple([BasisValue])

    /// The numeric value of an int, double or bool, `nil` otherwise.
    public var numericValue: Double? {
        switch self {
        case let .int(i): Double(i)
        case let .double(d): d
        case let .bool(b): b ? 1 : 0
        case .string, .tuple: nil
        }
    }

    /// The value as an exact integer when it is an int, a bool or an integral double.
    public var integerValue: Int? {
        switch self {
        case let .int(i): i
        case let .bool(b): b ? 1 : 0
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 9.0e18 { Int(d) } else { nil }
        case .string, .tuple: nil
        }
    }

    /// Whether the value is an int, double or bool.
    public var isNumeric: Bool { numericValue != nil }

    /// Python's `a < b`, or `nil` where Python raises `TypeError` (mixed kinds).
    public func pythonLessThan(_ other: BasisValue) -> Bool? {
        switch (self, other) {
        case let (.string(a), .string(b)):
            return a.utf8.lexicographicallyPrecedes(b.utf8)  // UTF-8 byte order = code point order
        case let (.tuple(a), .tuple(b)):
            var i = 0
            while i < a.count && i < b.count {
                if a[i] != b[i] { return a[i].pythonLessThan(b[i]) }
                i += 1
            }
            return a.count < b.count
        default:
            if let a = integerExact, let b = other.integerExact { return a < b }
            guard let a = numericValue, let b = other.numericValue else { return nil }
            return a < b
        }
    }

    /// Ints and bools as exact integers (doubles excluded, so mixed int/double compare as
    /// doubles).
    private var integerExact: Int? {
        switch self {
        case let .int(i): i
        case let .bool(b): b ? 1 : 0
        default: nil
        }
    }

    /// Python's `str(value)`.
    public var description: String {
        switch self {
        case let .int(i): String(i)
        case let .double(d): PythonFloatFormat.repr(d)
        case let .string(s): s
        case let .bool(b): b ? "True" : "False"
        case .tuple: pythonRepr
        }
    }

    /// Python's `repr(value)` (strings quoted), used for tuple elements.
    public var pythonRepr: String {
        switch self {
        case let .string(s): PythonFloatFormat.quoted(s)
        case let .tuple(elements):
            "(" + elements.map(\.pythonRepr).joined(separator: ", ") + (elements.count == 1 ? ",)" : ")")
        default: description
        }
    }
}

extension BasisValue: Hashable {
    /// Python equality: numbers compare by value across int/double/bool; tuples element-wise.
    public static func == (lhs: BasisValue, rhs: BasisValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.tuple(a), .tuple(b)): return a == b
        default:
            if let a = lhs.integerExact, let b = rhs.integerExact { return a == b }
            guard let a = lhs.numericValue, let b = rhs.numericValue else { return false }
            return a == b
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .string(s):
            hasher.combine(1)
            hasher.combine(s)
        case let .tuple(elements):
            hasher.combine(2)
            hasher.combine(elements.count)
            for e in elements { e.hash(into: &hasher) }
        default:
            hasher.combine(0)
            if let i = integerValue {
                hasher.combine(i)
            } else if let d = numericValue {
                hasher.combine(d)
            }
        }
    }
}

extension BasisValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
