import AltaPrograms
import AltaTensors

/// The inputs a trace dataset runs, one generator per example program family.
///
/// * `bitStrings`: every bit string of each length (parity programs);
/// * `addition`: `count` random sums of two numbers of equal digit count drawn from a range;
/// * `subleq`: `count` random 16-cell memories with values in −16...16;
/// * `sortUnique`: `count` random sets of distinct numbers in 1...15 with a length from a range;
/// * `scan`: the commands of a SCAN split's train or test half, in file order (the first
///   `limit` of them when given).
///
/// Random generators draw from `SplitMix64(seed:)`, so a seed gives the same inputs.
public enum TraceInputGenerator: Sendable, Hashable, CustomStringConvertible {
    case bitStrings(lengths: ClosedRange<Int>)
    case addition(digits: ClosedRange<Int>, count: Int)
    case subleq(count: Int)
    case sortUnique(lengths: ClosedRange<Int>, count: Int)
    case scan(split: SCANSplit, part: SCANSplit.Part, limit: Int?)

    /// The input family the generator serves.
    public var family: ALTAInputFamily {
        switch self {
        case .bitStrings: .parity
        case .addition: .addition
        case .subleq: .subleq
        case .sortUnique: .sortUnique
        case .scan: .scan
        }
    }

    public var description: String {
        switch self {
        case .bitStrings(let lengths): "parity bit strings of lengths \(lengths.lowerBound)...\(lengths.upperBound)"
        case .addition(let digits, let count): "\(count) random additions of \(digits.lowerBound)...\(digits.upperBound) digits"
        case .subleq(let count): "\(count) random SUBLEQ memories"
        case .sortUnique(let lengths, let count): "\(count) random sort_unique inputs of \(lengths.lowerBound)...\(lengths.upperBound) numbers"
        case .scan(let split, let part, let limit):
            "SCAN \(split.rawValue) split, \(part.rawValue)" + (limit.map { " (first \($0))" } ?? "")
        }
    }

    /// The inputs for `entry`, encoded by the entry.
    ///
    /// - Throws: `TrainingError.generatorMismatch` when the generator does not serve the
    ///   program's ``ALTAProgramEntry/inputFamily``, `.invalidSetting` for empty or out-of-range settings, and the entry's own
    ///   errors for inputs it refuses (e.g. bit strings longer than its position table).
    public func inputs(for entry: ALTAProgramEntry, seed: UInt64) throws -> [TraceInput] {
        guard let expected = entry.inputFamily else {
            throw TrainingError.invalidSetting("program", reason: "\(entry.name) has no trace input generator")
        }
        guard expected == family else {
            throw TrainingError.generatorMismatch(generator: family.rawValue, program: entry.name, expected: expected.rawValue)
        }
        var random = SplitMix64(seed: seed)
        var texts: [String] = []
        switch self {
        case .bitStrings(let lengths):
            guard lengths.lowerBound >= 1, lengths.upperBound <= 20 else {
                throw TrainingError.invalidSetting("lengths", reason: "bit-string lengths must lie in 1...20, not \(lengths.lowerBound)...\(lengths.upperBound)")
            }
            for n in lengths {
                for bits in 0..<(1 << n) {
                    texts.append(String((0..<n).map { (bits >> (n - 1 - $0)) & 1 == 1 ? "1" : "0" }))
                }
            }
        case .addition(let digits, let count):
            guard digits.lowerBound >= 1, digits.upperBound <= 30 else {
                throw TrainingError.invalidSetting("digits", reason: "digit counts must lie in 1...30, not \(digits.lowerBound)...\(digits.upperBound)")
            }
            try Self.checkCount(count)
            for _ in 0..<count {
                let n = random.int(in: digits)
                func number() -> String { String((0..<n).map { _ in Character(String(random.int(in: 0...9))) }) }
                texts.append(number() + "+" + number())
            }
        case .subleq(let count):
            try Self.checkCount(count)
            for _ in 0..<count {
                let cells = (0..<ALTASubleq.cellCount).map { _ in random.int(in: ALTASubleq.minValue...ALTASubleq.maxValue) }
                texts.append(cells.map(String.init).joined(separator: " "))
            }
        case .sortUnique(let lengths, let count):
            guard lengths.lowerBound >= 1, lengths.upperBound <= 15 else {
                throw TrainingError.invalidSetting("lengths", reason: "sort_unique takes 1...15 numbers, not \(lengths.lowerBound)...\(lengths.upperBound)")
            }
            try Self.checkCount(count)
            for _ in 0..<count {
                var pool = Array(1...15)
                var chosen: [Int] = []
                for _ in 0..<random.int(in: lengths) {
                    chosen.append(pool.remove(at: random.int(in: 0...(pool.count - 1))))
                }
                texts.append(chosen.map(String.init).joined(separator: " "))
            }
        case .scan(let split, let part, let limit):
            if let limit { try Self.checkCount(limit) }
            let examples = try SCANDataset.split(split, part).examples
            texts = examples.prefix(limit ?? examples.count).map { $0.command.commandText }
        }
        return try texts.map { TraceInput(text: $0, tokens: try entry.encode($0)) }
    }

    private static func checkCount(_ count: Int) throws {
        guard count >= 1 else { throw TrainingError.invalidSetting("count", reason: "at least one input is needed, not \(count)") }
    }
}
