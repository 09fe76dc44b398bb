extension Value: CustomStringConvertible, CustomDebugStringConvertible {
    /// Python's `str(value)`: the form Tracr prints in residual labels (`name:value`).
    public var description: String {
        switch self {
        case .string(let s): return s
        default: return pythonRepr
        }
    }

    /// Python's `repr(value)` (strings quoted).
    public var debugDescription: String { pythonRepr }

    /// Python's `repr(value)`: strings quoted as Python quotes them, tuples as `(a, b)` or `(a,)`.
    public var pythonRepr: String {
        switch self {
        case .int(let i): return String(i)
        case .float(let d): return Value.pythonFloatRepr(d)
        case .bool(let b): return b ? "True" : "False"
        case .string(let s): return Value.pythonStringRepr(s)
        case .tuple(let elements):
            if elements.count == 1 { return "(\(elements[0].pythonRepr),)" }
            return "(" + elements.map(\.pythonRepr).joined(separator: ", ") + ")"
        }
    }

    /// Python's `str()` of an optional value: `None` for `nil`.
    public static func pythonString(_ value: Value?) -> String {
        value.map(\.description) ?? "None"
    }

    /// Python's `repr()` of an optional value: `None` for `nil`.
    public static func pythonRepr(_ value: Value?) -> String {
        value.map(\.pythonRepr) ?? "None"
    }

    /// Python's `repr(list)` of optional values, e.g. `[1, 'a', None]`.
    public static func pythonListRepr(_ values: [Value?]) -> String {
        "[" + values.map { pythonRepr($0) }.joined(separator: ", ") + "]"
    }

    /// Shortest round-trip form with a mandatory fraction or exponent, exactly like Python's
    /// `repr(float)` (Swift's `description` uses the same algorithm and the same switch to
    /// exponent notation below 1e-4 and from 1e16 on).
    static func pythonFloatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// Python's string repr: single quotes unless the string contains `'` and no `"`.
    static func pythonStringRepr(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let quote: Character = useDouble ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
