import AltaPrograms
import AltaTensors

/// Random inputs of a given length for the programs whose inputs have one: parity programs
/// (bit strings of `length` bits) and `addition` (two operands of `length` digits each) —
/// the test inputs of `evaluate-mlp` and `alta learn`, longer than the training inputs.
public enum LengthInputs {
    /// The families with random inputs per length.
    public static let families: Set<ALTAInputFamily> = [.parity, .addition]

    /// Whether `entry` has random inputs per length.
    public static func supports(_ entry: ALTAProgramEntry) -> Bool {
        entry.inputFamily.map(families.contains) ?? false
    }

    /// Why `entry` has no random inputs per length.
    public static func unsupportedReason(_ entry: ALTAProgramEntry) -> String {
        "\(entry.name) has no random inputs per length (parity programs and addition have)"
    }

    /// The error for a program without random inputs per length.
    public static func unsupported(_ entry: ALTAProgramEntry) -> TrainingError {
        .invalidSetting("program", reason: unsupportedReason(entry))
    }

    /// The longest length `entry` takes, or nil when it has no limit: a parity program with
    /// absolute positions takes as many bits as its position variable has values (its text
    /// encoding's `maxPieces`: 50 for `parity_sequential_absolute`, so its compiled model has
    /// 50 positions); addition operands have no limit.
    public static func maximumLength(for entry: ALTAProgramEntry) -> Int? {
        entry.inputFamily == .parity ? entry.encoding.input.maxPieces : nil
    }

    /// Throws `TrainingError.invalidSetting(setting, …)` when a length of `lengths` exceeds
    /// `maximumLength(for:)`, naming the longest and the limit.
    public static func check(_ lengths: [Int], for entry: ALTAProgramEntry, setting: String) throws(TrainingError) {
        guard let maximum = maximumLength(for: entry), let longest = lengths.max(), longest > maximum else { return }
        throw .invalidSetting(setting, reason: "\(entry.name) takes at most \(maximum) bits "
            + "(its compiled model has \(maximum) positions), not \(longest)")
    }

    /// `count` random inputs of `length` drawn from `SplitMix64(seed:)`: bit strings for a
    /// parity program (as `LearnedMLPModel.randomBitStrings`), `a+b` with two operands of
    /// `length` digits for addition (leading zeros allowed, as the trace generator's). A
    /// length beyond `maximumLength(for:)` throws `.invalidSetting("lengths", …)`.
    public static func random(for entry: ALTAProgramEntry, length: Int, count: Int, seed: UInt64) throws(TrainingError) -> [String] {
        guard length >= 1, count >= 1 else {
            throw .invalidSetting("lengths", reason: "inputs need a length and a count of at least 1, not \(length) and \(count)")
        }
        try check([length], for: entry, setting: "lengths")
        switch entry.inputFamily {
        case .parity?:
            return LearnedMLPModel.randomBitStrings(length: length, count: count, seed: seed)
        case .addition?:
            var random = SplitMix64(seed: seed)
            func number() -> String { String((0..<length).map { _ in Character(String(random.int(in: 0...9))) }) }
            return (0..<count).map { _ in number() + "+" + number() }
        default:
            throw unsupported(entry)
        }
    }

    /// The training inputs of `alta learn` for lengths `lengths`: every bit string of each
    /// length (parity), or `count` random additions of that many digits per operand.
    public static func training(for entry: ALTAProgramEntry, lengths: ClosedRange<Int>, count: Int, seed: UInt64) throws -> [TraceInput] {
        switch entry.inputFamily {
        case .parity?: return try TraceInputGenerator.bitStrings(lengths: lengths).inputs(for: entry, seed: seed)
        case .addition?: return try TraceInputGenerator.addition(digits: lengths, count: count).inputs(for: entry, seed: seed)
        default: throw unsupported(entry)
        }
    }
}
