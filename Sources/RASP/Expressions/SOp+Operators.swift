// Operator sugar on SOps (§2.1): comparisons and arithmetic with a constant build a Map,
// arithmetic between two SOps builds a SequenceMap — exactly the nodes Tracr builds, so
// default names (`map`, `sequence_map`) and labels match.

extension SOp {
    // MARK: Comparisons with a constant → Map(x OP c)

    /// `Map(x < c)`.
    public static func < (lhs: SOp, rhs: Value) -> SOp { Map({ x in .bool(try x.pythonLessThan(rhs)) }, lhs) }
    /// `Map(x <= c)`.
    public static func <= (lhs: SOp, rhs: Value) -> SOp {
        Map({ x in .bool(try x.pythonLessThanOrEqual(rhs)) }, lhs)
    }
    /// `Map(x > c)`.
    public static func > (lhs: SOp, rhs: Value) -> SOp { Map({ x in .bool(try x.pythonGreaterThan(rhs)) }, lhs) }
    /// `Map(x >= c)`.
    public static func >= (lhs: SOp, rhs: Value) -> SOp {
        Map({ x in .bool(try x.pythonGreaterThanOrEqual(rhs)) }, lhs)
    }
    /// `Map(x == c)`.
    public static func == (lhs: SOp, rhs: Value) -> SOp { Map({ x in .bool(x == rhs) }, lhs) }
    /// `Map(x != c)`.
    public static func != (lhs: SOp, rhs: Value) -> SOp { Map({ x in .bool(x != rhs) }, lhs) }

    // Reflected comparisons come out as the mirrored comparison, as in Python.

    /// `c < s` is `s > c`.
    public static func < (lhs: Value, rhs: SOp) -> SOp { rhs > lhs }
    /// `c <= s` is `s >= c`.
    public static func <= (lhs: Value, rhs: SOp) -> SOp { rhs >= lhs }
    /// `c > s` is `s < c`.
    public static func > (lhs: Value, rhs: SOp) -> SOp { rhs < lhs }
    /// `c >= s` is `s <= c`.
    public static func >= (lhs: Value, rhs: SOp) -> SOp { rhs <= lhs }
    /// `c == s` is `s == c`.
    public static func == (lhs: Value, rhs: SOp) -> SOp { rhs == lhs }
    /// `c != s` is `s != c`.
    public static func != (lhs: Value, rhs: SOp) -> SOp { rhs != lhs }

    // MARK: Arithmetic

    /// `SequenceMap(x + y)`.
    public static func + (lhs: SOp, rhs: SOp) -> SOp { SequenceMap({ x, y in try x + y }, lhs, rhs) }
    /// `SequenceMap(x - y)`.
    public static func - (lhs: SOp, rhs: SOp) -> SOp { SequenceMap({ x, y in try x - y }, lhs, rhs) }
    /// `SequenceMap(x * y)`.
    public static func * (lhs: SOp, rhs: SOp) -> SOp { SequenceMap({ x, y in try x * y }, lhs, rhs) }
    /// `SequenceMap(x / y)`.
    public static func / (lhs: SOp, rhs: SOp) -> SOp { SequenceMap({ x, y in try x / y }, lhs, rhs) }

    /// `Map(x + c)`.
    public static func + (lhs: SOp, rhs: Value) -> SOp { Map({ x in try x + rhs }, lhs) }
    /// `Map(x - c)`.
    public static func - (lhs: SOp, rhs: Value) -> SOp { Map({ x in try x - rhs }, lhs) }
    /// `Map(x * c)`.
    public static func * (lhs: SOp, rhs: Value) -> SOp { Map({ x in try x * rhs }, lhs) }
    /// `Map(x / c)`.
    public static func / (lhs: SOp, rhs: Value) -> SOp { Map({ x in try x / rhs }, lhs) }

    /// `Map(c + x)`.
    public static func + (lhs: Value, rhs: SOp) -> SOp { Map({ x in try lhs + x }, rhs) }
    /// `Map(c - x)`.
    public static func - (lhs: Value, rhs: SOp) -> SOp { Map({ x in try lhs - x }, rhs) }
    /// `Map(c * x)` (the library writes `-1 * hist`).
    public static func * (lhs: Value, rhs: SOp) -> SOp { Map({ x in try lhs * x }, rhs) }
    /// `Map(c / x)`.
    public static func / (lhs: Value, rhs: SOp) -> SOp { Map({ x in try lhs / x }, rhs) }

    // MARK: Logic (Python `and` / `or` / `not` value semantics)

    /// `SequenceMap(x and y)`.
    public static func & (lhs: SOp, rhs: SOp) -> SOp {
        SequenceMap({ x, y in Value.pythonAnd(x, y) }, lhs, rhs)
    }
    /// `SequenceMap(x or y)`.
    public static func | (lhs: SOp, rhs: SOp) -> SOp {
        SequenceMap({ x, y in Value.pythonOr(x, y) }, lhs, rhs)
    }
    /// `Map(x and c)`.
    public static func & (lhs: SOp, rhs: Value) -> SOp { Map({ x in Value.pythonAnd(x, rhs) }, lhs) }
    /// `Map(x or c)`.
    public static func | (lhs: SOp, rhs: Value) -> SOp { Map({ x in Value.pythonOr(x, rhs) }, lhs) }
    /// `Map(c and x)`.
    public static func & (lhs: Value, rhs: SOp) -> SOp { Map({ x in Value.pythonAnd(lhs, x) }, rhs) }
    /// `Map(c or x)`. (Tracr builds `x or c` here, swapping the operands; §19 item 19.)
    public static func | (lhs: Value, rhs: SOp) -> SOp { Map({ x in Value.pythonOr(lhs, x) }, rhs) }

    /// `Map(not x)`.
    public static prefix func ~ (operand: SOp) -> SOp { sopNot(operand) }
    /// `Map(not x)`, the same as `~s`.
    public static prefix func ! (operand: SOp) -> SOp { sopNot(operand) }
}
