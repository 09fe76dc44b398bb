/// The kind of input an example program takes, which decides how whole input sets are
/// generated for it (e.g. `alta traces`: every bit string of a length for parity, random sums
/// for addition).
public enum ALTAInputFamily: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Bit strings (the parity programs).
    case parity
    /// Two numbers joined by `+`.
    case addition
    /// SUBLEQ memories.
    case subleq
    /// Distinct numbers 1...15.
    case sortUnique = "sort_unique"
    /// SCAN commands.
    case scan

    /// The family's name (`parity`, `addition`, `subleq`, `sort_unique`, `scan`).
    public var description: String { rawValue }
}
