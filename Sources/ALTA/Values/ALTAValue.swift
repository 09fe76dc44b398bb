/// A defined value of an ALTA variable at one position.
///
/// "Undefined" (null, ⊥) is not a case: it is `nil` wherever a value may be missing
/// (`ALTAValue?`), exactly as the compiled model encodes it as the all-zero block.
///
/// * `.int` — a categorical value `0..<range`;
/// * `.number` — a numerical value (any finite `Double`; rules see its bucket);
/// * `.set` — a set value (multi-hot), members `0..<range`.
///
/// Integer, float and array literals build `.int`, `.number` and `.set` values.
public enum ALTAValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral
{
    /// A categorical value.
    case int(Int)
    /// A numerical value.
    case number(Double)
    /// A set value.
    case set(Set<Int>)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(arrayLiteral elements: Int...) { self = .set(Set(elements)) }

    /// The categorical value, if this is one.
    public var intValue: Int? {
        if case .int(let v) = self { return v }
        return nil
    }

    /// The numerical value, if this is one.
    public var numberValue: Double? {
        if case .number(let v) = self { return v }
        return nil
    }

    /// The set value, if this is one.
    public var setValue: Set<Int>? {
        if case .set(let v) = self { return v }
        return nil
    }

    /// `3`, `0.5`, `{0, 2}` (set members ascending).
    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .number(let v): return String(v)
        case .set(let s): return "{" + s.sorted().map(String.init).joined(separator: ", ") + "}"
        }
    }

    /// Formats an optional value the way trace tables do: `-` for null.
    public static func format(_ value: ALTAValue?) -> String {
        value.map(\.description) ?? "-"
    }
}
