/// A Python value (Tracr and ALTA are written in Python, §1.1 of the reference): the value of
/// a RASP s-op and of a residual basis direction. Its rules are written once here and used by
/// the RASP evaluator, value-set inference, the compilers and Craft's residual labels.
///
/// * Equality and hashing follow Python: `1 == 1.0 == True` (and they hash alike), `0 == False`,
///   strings never equal numbers, tuples compare element-wise. Ints and floats compare exactly
///   (`2**53 + 1 != 2.0**53`; no rounding of the int to a double).
/// * NaN is Python's: `nan != nan`, and every comparison with NaN is false. All NaNs hash alike,
///   so a Swift `Set<Value>` keeps each NaN inserted, like Python's set of distinct NaN objects;
///   ``OrderedValueSet`` (value sets) and residual directions treat NaN as one member instead
///   (``isSameMember(_:)``), like a Python set of the one object `math.nan`.
/// * ``description`` is Python's `str()` (used in residual labels): ints `3`, floats as Python's
///   `repr(float)` (`1.0`, `0.3333333333333333`, `1e-05`, `9500000000000000.0`, `1e+16`), bools
///   `True`/`False`, strings verbatim, tuples `(1, 'a')` (elements printed with `repr`).
/// * Ordering (``pythonLessThan(_:)``) follows Python's `<`: numbers numerically (bools as 0/1),
///   strings by code point, tuples lexicographically; mixing strings and numbers throws.
///
/// `None` is Swift's `nil`: RASP expressions evaluate to `[Value?]`.
///
/// Deviation from Python: `Int` is 64-bit, so integer overflow throws an arithmetic error instead
/// of growing.
public enum Value: Sendable {
    /// A Python `int`.
    case int(Int)
    /// A Python `float`.
    case float(Double)
    /// A Python `str`.
    case string(String)
    /// A Python `bool`.
    case bool(Bool)
    /// A Python `tuple` (the n-ary SequenceMap helper builds tuple-valued SOps).
    case tuple([Value])

    /// `Value(3)`.
    public init(_ value: Int) { self = .int(value) }
    /// `Value(0.5)`.
    public init(_ value: Double) { self = .float(value) }
    /// `Value("a")`.
    public init(_ value: String) { self = .string(value) }
    /// `Value(true)`.
    public init(_ value: Bool) { self = .bool(value) }
    /// `Value([1, 2])`, a tuple.
    public init(tuple elements: [Value]) { self = .tuple(elements) }
}

// MARK: - Literals

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

// MARK: - Inspection

extension Value {
    /// Whether the value is an int, float or bool (Python's numeric types).
    public var isNumeric: Bool {
        switch self {
        case .int, .float, .bool: return true
        case .string, .tuple: return false
        }
    }

    /// The numeric value as a `Double` (bools are 0/1); `nil` for strings and tuples.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string, .tuple: return nil
        }
    }

    /// Python truthiness: `0`, `0.0`, `""`, `False` and `()` are falsy, everything else truthy.
    public var isTruthy: Bool {
        switch self {
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .bool(let b): return b
        case .string(let s): return !s.isEmpty
        case .tuple(let t): return !t.isEmpty
        }
    }

    /// Python's type name (`int`, `float`, `str`, `bool`, `tuple`), used in error messages.
    public var typeName: String {
        switch self {
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bool: return "bool"
        case .tuple: return "tuple"
        }
    }

    /// Equality that also requires the same Python type (`1` ≠ `1.0` ≠ `True` here), element-wise
    /// for tuples. Useful in tests that check the exact types an evaluator produces.
    public func isIdentical(to other: Value) -> Bool {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isIdentical(to: $1) }
        default: return false
        }
    }
}

// MARK: - Numeric view shared by equality, hashing and ordering

/// An exact numeric view of an int/bool/float, so mixed comparisons are exact like Python's.
enum NumericView {
    case integer(Int)
    case real(Double)

    init?(_ value: Value) {
        switch value {
        case .int(let i): self = .integer(i)
        case .bool(let b): self = .integer(b ? 1 : 0)
        case .float(let d): self = .real(d)
        case .string, .tuple: return nil
        }
    }

    /// Exact three-way comparison; `nil` when unordered (NaN involved).
    static func compare(_ a: NumericView, _ b: NumericView) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.real(let x), .real(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.integer(let x), .real(let y)):
            guard let c = compareIntDouble(x, y) else { return nil }
            return c
        case (.real(let x), .integer(let y)):
            guard let c = compareIntDouble(y, x) else { return nil }
            return -c
        }
    }

    /// Compares an Int with a Double exactly (no rounding of the Int).
    private static func compareIntDouble(_ i: Int, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d == .infinity { return -1 }
        if d == -.infinity { return 1 }
        // 2^63 is exactly representable; every finite double ≥ 2^63 exceeds every Int.
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let truncated = d.rounded(.towardZero)
        let t = Int(truncated)
        if i != t { return i < t ? -1 : 1 }
        let fraction = d - truncated
        if fraction == 0 { return 0 }
        return fraction > 0 ? -1 : 1
    }
}

// MARK: - Python equality and hashing

extension Value: Hashable {
    /// Python's `==`: exact across int/float/bool, `nan != nan`.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        if let a = NumericView(lhs), let b = NumericView(rhs) {
            return NumericView.compare(a, b) == 0
        }
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.tuple(let a), .tuple(let b)):
            return a == b
        default:
            return false
        }
    }

    /// Whether a set holds `self` and `other` as one member: Python's `==`, or both are NaN
    /// (element-wise for tuples) — as Python's containers, which check identity first, hold the
    /// one object `math.nan`. Value sets and residual directions use this, so `x:nan` is one
    /// direction.
    public func isSameMember(_ other: Value) -> Bool {
        if self == other { return true }
        switch (self, other) {
        case (.float(let a), .float(let b)): return a.isNaN && b.isNaN
        case (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSameMember($1) }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .int(let i):
            hasher.combine(0 as UInt8)
            hasher.combine(i)
        case .bool(let b):
            hasher.combine(0 as UInt8)
            hasher.combine(b ? 1 : 0)
        case .float(let d):
            // Integral floats that fit an Int hash like that Int, so 1.0 and 1 collide.
            if d.isFinite, d == d.rounded(.towardZero), d >= -9_223_372_036_854_775_808.0,
                d < 9_223_372_036_854_775_808.0
            {
                hasher.combine(0 as UInt8)
                hasher.combine(Int(d))
            } else {
                hasher.combine(1 as UInt8)
                // Every NaN hashes alike (so ``isSameMember(_:)`` is consistent with hashing).
                hasher.combine(d.isNaN ? Double.nan.bitPattern : d.bitPattern)
            }
        case .string(let s):
            hasher.combine(2 as UInt8)
            for scalar in s.unicodeScalars { hasher.combine(scalar.value) }
            hasher.combine(UInt32.max)
        case .tuple(let elements):
            hasher.combine(3 as UInt8)
            hasher.combine(elements.count)
            for element in elements { hasher.combine(element) }
        }
    }
}
