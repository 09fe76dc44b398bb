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

    /// Python's `repr(float)`: the shortest round-trip digits, in fixed notation with a
    /// mandatory fraction for decimal exponents in −4…15 (`0.0001`, `9500000000000000.0`),
    /// scientific otherwise (`1e-05`, `1e+16`); `inf`, `-inf`, `nan`. (Swift's `description`
    /// has the same digits but switches to scientific notation from 2^53 on: `9.5e+15`.)
    public static func pythonFloatRepr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0.0" }
        let (digits, decimalPoint) = shortestDigits(abs(x))
        if decimalPoint <= -4 || decimalPoint > 16 {
            let exponent = decimalPoint - 1
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = abs(exponent)
            let expDigits = magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + expDigits
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
        }
        if decimalPoint >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest round-trip significant digits of a positive finite `x` and the position
    /// of the decimal point (`x = 0.d₁d₂… × 10^decimalPoint`), read off Swift's `description`
    /// (which uses the shortest round-trip digits, as Python does).
    private static func shortestDigits(_ x: Double) -> (digits: String, decimalPoint: Int) {
        let text = x.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(integerPart) + String(fractionPart)
        var decimalPoint = integerPart.count + exponent
        while all.first == "0" {
            all.removeFirst()
            decimalPoint -= 1
        }
        while all.last == "0" { all.removeLast() }
        if all.isEmpty { return ("0", 1) }
        return (all, decimalPoint)
    }

    /// Python's `repr(str)`: single quotes unless the string contains `'` and no `"`;
    /// backslashes and control characters escaped.
    public static func pythonStringRepr(_ s: String) -> String {
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
