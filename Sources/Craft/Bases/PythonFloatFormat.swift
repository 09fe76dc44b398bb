/// Python's `repr` for floats and strings, so residual labels print exactly as Tracr's.
public enum PythonFloatFormat {
    /// `repr(x)` for a Python float: the shortest round-trip digits, fixed notation with a
    /// mandatory fraction for decimal exponents in (−4, 16], scientific (`1e-05`,
    /// `1.5e+16`) otherwise; `inf`, `-inf`, `nan`.
    public static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let sign = x.sign == .minus ? "-" : ""
        if x == 0 { return sign + "0.0" }
        let (digits, decimalPoint) = shortestDigits(abs(x))
        if decimalPoint <= -4 || decimalPoint > 16 {
            let exponent = decimalPoint - 1
            var mantissa = String(digits.first!)
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
    /// of the decimal point (`x = 0.d₁d₂… × 10^decimalPoint`).
    static func shortestDigits(_ x: Double) -> (digits: String, decimalPoint: Int) {
        // Swift's description is the shortest round-trip form; re-read its digits.
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

    /// `repr(s)` for a Python string: single quotes unless the string contains a single
    /// quote and no double quote; backslashes and control characters escaped.
    public static func quoted(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
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
                } else if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }
}
