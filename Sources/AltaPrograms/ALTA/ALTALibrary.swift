import ALTA
import AltaTransformer

/// The ALTA example programs by name (the original's `program_registry`, plus addition,
/// SUBLEQ and sort_unique). Programs are built only when asked for (`entry.program()`).
public enum ALTALibrary {
    /// Every entry, in listing order.
    public static let all: [ALTAProgramEntry] = parity + [addition, subleq, sortUnique, SCANProgram.entry]

    /// The entry with this name.
    public static func entry(named name: String) throws -> ALTAProgramEntry {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw ALTAExampleError.unknownProgram(name, known: all.map(\.name))
        }
        return entry
    }

    /// Names of all entries.
    public static var names: [String] { all.map(\.name) }

    // MARK: parity

    static let bitExamples = ["1", "10110", "1101001110", "111111111111111111111"]

    /// How a parity program frames its bits: nothing, a START token in front, or an EOS
    /// token after them.
    enum BitsFrame {
        case plain, start, eos

        /// The input tokens by id: the bits 0 and 1, then the frame token (id 2).
        var inputTokens: [String] {
            switch self {
            case .plain: ["0", "1"]
            case .start: ["0", "1", "START"]
            case .eos: ["0", "1", "EOS"]
            }
        }
    }

    static func bitsEntry(
        name: String, summary: String, frame: BitsFrame,
        maxOnes: Int? = nil, maxBits: Int? = nil, randomInputs: ALTARandomInputs,
        layerLimit: @escaping @Sendable (Int) -> ALTALayerLimit,
        program: @escaping @Sendable () throws -> ALTAProgram
    ) -> ALTAProgramEntry {
        let bits = ["0", "1"]
        return ALTAProgramEntry(
            name: name, summary: summary,
            inputDescription: "a bit string such as 10110" + (maxBits.map { " (at most \($0) bits)" } ?? "")
                + (maxOnes.map { " (at most \($0) ones)" } ?? ""),
            exampleInputs: bitExamples, inputFamily: .parity, randomInputs: randomInputs, layerLimit: layerLimit,
            program: program,
            inputTokens: frame.inputTokens,
            encoding: TextEncoding(
                input: InputTextEncoding(
                    split: .characters, skipped: ",", pieces: bits,
                    prefix: frame == .start ? ["START"] : [], suffix: frame == .eos ? ["EOS"] : [],
                    maxPieces: maxBits, maxOccurrences: maxOnes.map { ["1": $0] } ?? [:]),
                output: OutputTextDecoding(
                    lastOnly: true, values: Dictionary(uniqueKeysWithValues: bits.map { ($0, $0) }), nulls: .reject)))
    }

    static let parity: [ALTAProgramEntry] = [
        bitsEntry(
            name: "parity_sequential_absolute",
            summary: "parity by a left-to-right wave over absolute positions; rules generated from the function and minimised",
            frame: .plain, maxBits: 50, randomInputs: .bits(maxBits: 30), layerLimit: { .untilHalt(maxLayers: $0 + 1) },
            program: { try ALTAParity.sequentialAbsolute(form: .generated(minimised: true), name: "parity_sequential_absolute") }),
        bitsEntry(
            name: "parity_sequential_relative",
            summary: "parity by a left-to-right wave with relative heads after a START token; rules generated and minimised",
            frame: .start, randomInputs: .bits(maxBits: 20, maxTokens: 21), layerLimit: { .untilHalt(maxLayers: $0 + 1) },
            program: { try ALTAParity.sequentialRelative(form: .generated(minimised: true), name: "parity_sequential_relative") }),
        bitsEntry(
            name: "parity_sum_mod_2",
            summary: "parity from a counting head, count stored in a categorical variable (2 layers); rules generated and minimised",
            frame: .eos, maxOnes: 49, randomInputs: .bits(maxBits: 40, maxOnes: 49, maxTokens: 41), layerLimit: { _ in .exactly(2) },
            program: { try ALTAParity.sumMod2Intermediate(form: .generated(minimised: true), name: "parity_sum_mod_2") }),
        bitsEntry(
            name: "parity_sum_mod_2_direct",
            summary: "parity from a counting head in one layer; rules generated from the function and minimised",
            frame: .eos, maxOnes: 49, randomInputs: .bits(maxBits: 40, maxOnes: 49, maxTokens: 41), layerLimit: { _ in .exactly(1) },
            program: { try ALTAParity.sumMod2(form: .generated(minimised: true), name: "parity_sum_mod_2_direct") }),
        bitsEntry(
            name: "sparse_parity_sequential_absolute",
            summary: "parity by a left-to-right wave over absolute positions; hand-written rules",
            frame: .plain, maxBits: 50, randomInputs: .bits(maxBits: 30), layerLimit: { .untilHalt(maxLayers: $0 + 1) },
            program: { try ALTAParity.sequentialAbsolute(form: .rules, name: "sparse_parity_sequential_absolute") }),
        bitsEntry(
            name: "sparse_parity_sequential_relative",
            summary: "parity by a left-to-right wave with relative heads after a START token; hand-written rules",
            frame: .start, randomInputs: .bits(maxBits: 20, maxTokens: 21), layerLimit: { .untilHalt(maxLayers: $0 + 1) },
            program: { try ALTAParity.sequentialRelative(form: .rules, name: "sparse_parity_sequential_relative") }),
        bitsEntry(
            name: "sparse_parity_sum_mod_2",
            summary: "parity from a counting head in one layer (100 buckets); hand-written rules",
            frame: .eos, maxOnes: 99, randomInputs: .bits(maxBits: 60, maxOnes: 99, maxTokens: 61), layerLimit: { _ in .exactly(1) },
            program: { try ALTAParity.sumMod2(form: .rules, name: "sparse_parity_sum_mod_2") }),
    ]

    // MARK: others

    static let addition = ALTAProgramEntry(
        name: "addition",
        summary: "multi-digit addition of two equal-length numbers with a ripple carry (halts after digits + 3 layers)",
        inputDescription: "two non-negative integers joined by '+', such as 789+456 (the shorter is zero-padded)",
        exampleInputs: ["789+456", "5+7", "99999+1", "958272097856+305605993353"],
        inputFamily: .addition, randomInputs: .addition,
        layerLimit: { .untilHalt(maxLayers: $0) },
        program: { try ALTAAddition.program(form: .rules) },
        inputTokens: ALTAAddition.inputTokens, encoding: ALTAAddition.textEncoding)

    static let subleq = ALTAProgramEntry(
        name: "subleq",
        summary: "a SUBLEQ computer with 16 memory cells holding -16...16 (3 layers per instruction)",
        inputDescription: "up to 16 memory values in -16...16 separated by spaces, such as 9 11 3 11 10 6 11 11 -1 5 10 0",
        exampleInputs: ["9 11 3 11 10 6 11 11 -1 5 10 0", "3 3 -1 7", "3 -2 0"],
        inputFamily: .subleq, randomInputs: .subleq,
        layerLimit: { _ in .untilHalt(maxLayers: 1_000) },
        program: { try ALTASubleq.program(form: .rules) },
        inputTokens: ALTASubleq.tokenNames, outputValues: ALTASubleq.tokenNames, encoding: ALTASubleq.textEncoding)

    static let sortUnique = ALTAProgramEntry(
        name: "sort_unique",
        summary: "sorts up to 15 distinct numbers 1...15 in 2 layers (set-valued query, then gather); rules generated and minimised",
        inputDescription: "distinct integers in 1...15 separated by spaces, such as 3 5 4 2",
        exampleInputs: ["3 5 4 2", "15 1 7", "9"],
        inputFamily: .sortUnique, randomInputs: .sortUnique,
        layerLimit: { _ in .exactly(2) },
        program: { try ALTASortUnique.program(form: .generated(minimised: true)) },
        inputTokens: ALTASortUnique.inputTokens, encoding: ALTASortUnique.textEncoding)
}
