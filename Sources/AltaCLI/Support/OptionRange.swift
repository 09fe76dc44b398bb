import ArgumentParser
import Foundation

/// Parse-time range checks for numeric options: each failure is a `ValidationError`
/// naming the option, the allowed range and the value given (ArgumentParser prints it with
/// the usage and exits non-zero).
enum OptionRange {
    /// The longest input a compile may ask for: the RASP compiler's largest categorical
    /// value set (the indices), also a bound on ALTA position tables.
    static let maxLength = 20_000

    /// Throws unless `value` (when given) is in `range`.
    static func check(_ value: Int?, _ option: String, in range: ClosedRange<Int>) throws {
        guard let value, !range.contains(value) else { return }
        if range.upperBound == Int.max {
            throw ValidationError("\(option) must be at least \(range.lowerBound), got \(value)")
        }
        throw ValidationError("\(option) must be in \(range.lowerBound)...\(range.upperBound), got \(value)")
    }

    /// Throws unless `value` (when given) is at least `minimum`.
    static func check(_ value: Int?, _ option: String, atLeast minimum: Int) throws {
        try check(value, option, in: minimum...Int.max)
    }
}

extension OptionRange {
    /// Throws unless `value` (when given) is finite and in `range`; `open` excludes the lower
    /// bound (e.g. a learning rate above 0).
    static func check(_ value: Float?, _ option: String, in range: ClosedRange<Float>, excludingLower open: Bool = false) throws {
        guard let value else { return }
        let ok = value.isFinite && range.contains(value) && !(open && value == range.lowerBound)
        guard !ok else { return }
        let low = open ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
        let high = range.upperBound == .greatestFiniteMagnitude ? "∞)" : "\(range.upperBound)]"
        throw ValidationError("\(option) must be in \(low), \(high), got \(value)")
    }

    /// `"3...8"` or `"5"` as a range; throws a `ValidationError` naming the option otherwise.
    static func range(_ text: String, _ option: String, in bounds: ClosedRange<Int>) throws -> ClosedRange<Int> {
        let parts = text.components(separatedBy: "...")
        let numbers = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (parts.count == 1 || parts.count == 2), let low = numbers.first ?? nil, let high = numbers.last ?? nil else {
            throw ValidationError("\(option) must be a number or a range such as 1...8, got '\(text)'")
        }
        guard low <= high, bounds.contains(low), bounds.contains(high) else {
            throw ValidationError("\(option) must lie within \(bounds.lowerBound)...\(bounds.upperBound) with the low end first, got '\(text)'")
        }
        return low...high
    }
}
