import ArgumentParser

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
