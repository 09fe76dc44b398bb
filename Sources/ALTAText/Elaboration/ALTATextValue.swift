import ALTA

/// A value computed by an `.alta` expression.
public enum ALTATextValue: Sendable, Hashable, CustomStringConvertible {
    /// An integer (categorical values, token ids, counts).
    case int(Int)
    /// A real number (numerical values, bucket centres).
    case number(Double)
    /// A truth value (conditions).
    case bool(Bool)
    /// A set of integers.
    case set(Set<Int>)
    /// A list (buckets, set values, token tables).
    case list([ALTATextValue])
    /// A string (token pieces).
    case string(String)
    /// Undefined.
    case null

    /// The ALTA value of a program variable this is, `nil` for null.
    init(_ value: ALTAValue?) {
        switch value {
        case .int(let v)?: self = .int(v)
        case .number(let x)?: self = .number(x)
        case .set(let s)?: self = .set(s)
        case nil: self = .null
        }
    }

    /// What the value is, for messages: `integer 3`, `set {0, 1}`.
    public var description: String {
        switch self {
        case .int(let v): return "integer \(v)"
        case .number(let x): return "number \(x)"
        case .bool(let b): return b ? "true" : "false"
        case .set(let s): return "set " + ALTAValue.set(s).description
        case .list(let items): return "list of \(items.count)"
        case .string(let text): return "string \"\(text)\""
        case .null: return "null"
        }
    }

    /// The value as a real number (integers widen), else `nil`.
    var real: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .number(let x): return x
        default: return nil
        }
    }
}
