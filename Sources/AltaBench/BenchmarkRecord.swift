import Foundation

/// One measurement as a flat JSON object (`"benchmark"` names its kind), printed as one line
/// while a benchmark runs.
public struct BenchmarkRecord: @unchecked Sendable {
    /// How decimals are shortened in the JSON line.
    public enum Rounding: Sendable {
        /// Five significant digits (rates and milliseconds of the runtime benchmark).
        case significantDigits
        /// Six decimal places (seconds of the program benchmarks).
        case microunits
    }

    /// Field name → `Int`, `Double`, `String`, `Bool`, arrays and objects of those.
    public let fields: [String: Any]
    public let rounding: Rounding

    public init(_ fields: [String: Any], rounding: Rounding = .microunits) {
        self.fields = fields
        self.rounding = rounding
    }

    /// The record as one line of JSON with sorted keys; a non-finite number becomes `null`.
    public var jsonLine: String {
        let rounded = fields.mapValues { value -> Any in
            guard let x = value as? Double else { return value }
            guard x.isFinite else { return NSNull() }
            switch rounding {
            case .significantDigits: return Double(String(format: "%.5g", x)) ?? x
            case .microunits: return (x * 1e6).rounded() / 1e6
            }
        }
        guard JSONSerialization.isValidJSONObject(rounded),
            let data = try? JSONSerialization.data(withJSONObject: rounded, options: [.sortedKeys])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
