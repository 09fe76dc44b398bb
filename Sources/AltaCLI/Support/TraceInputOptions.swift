import ALTA
import AltaPrograms
import AltaTraining
import ArgumentParser

/// The inputs an ALTA library program runs on for trace work (`alta traces`, `alta
/// coverage`): the generator of the program's family with its settings, and how many layers
/// each input runs.
struct TraceInputOptions: ParsableArguments {
    @Option(help: "Bit-string lengths (parity, default 1...8) or input lengths (sort_unique, default 1...15), e.g. 1...8.")
    var lengths: String?

    @Option(help: "Digits per operand (addition, default 1...5), e.g. 1...5.")
    var digits: String?

    @Option(help: "Number of random inputs (addition, subleq, sort_unique; default 1000, subleq 100).")
    var count: Int?

    @Option(help: "SCAN split: length or simple (default simple).")
    var split: String?

    @Option(help: "SCAN half: train or test (default train).")
    var part: String?

    @Option(help: "SCAN: only the first N commands.")
    var limit: Int?

    @Option(help: "Layers per input: program (its own limit, e.g. until halting) or tokens (exactly one per input token, halting ignored: the original's parity setup).")
    var layers: String = "program"

    @Option(help: "Run at most this many layers per input.")
    var maxLayers: Int?

    @Option(help: "Seed of the random inputs (traces: also of the uniform fill).")
    var seed: UInt64 = 0

    func validate() throws {
        try OptionRange.check(count, "--count", in: 1...10_000_000)
        try OptionRange.check(limit, "--limit", atLeast: 1)
        try OptionRange.check(maxLayers, "--max-layers", in: 1...100_000)
        if let lengths { _ = try OptionRange.range(lengths, "--lengths", in: 1...20) }
        if let digits { _ = try OptionRange.range(digits, "--digits", in: 1...30) }
        guard TraceLayerPolicy(rawValue: layers) != nil else { throw ValidationError("--layers must be program or tokens, got '\(layers)'") }
        if let split, SCANSplit(rawValue: split) == nil { throw ValidationError("--split must be length or simple, got '\(split)'") }
        if let part, SCANSplit.Part(rawValue: part) == nil { throw ValidationError("--part must be train or test, got '\(part)'") }
    }

    /// The layer policy (`--layers`, checked by `validate`).
    var layerPolicy: TraceLayerPolicy { TraceLayerPolicy(rawValue: layers) ?? .program }

    /// The generator for the program's family, refusing options of other families.
    func generator(family: ALTAInputFamily, program: String) throws -> TraceInputGenerator {
        let given: [(String, Bool, Set<ALTAInputFamily>)] = [
            ("--lengths", lengths != nil, [.parity, .sortUnique]), ("--digits", digits != nil, [.addition]),
            ("--count", count != nil, [.addition, .subleq, .sortUnique]), ("--split", split != nil, [.scan]),
            ("--part", part != nil, [.scan]), ("--limit", limit != nil, [.scan]),
        ]
        for (option, isGiven, families) in given where isGiven && !families.contains(family) {
            throw CLIError("\(option) does not apply to \(program) (its inputs come from the \(family) generator)")
        }
        switch family {
        case .parity: return .bitStrings(lengths: try OptionRange.range(lengths ?? "1...8", "--lengths", in: 1...20))
        case .addition: return .addition(digits: try OptionRange.range(digits ?? "1...5", "--digits", in: 1...30), count: count ?? 1_000)
        case .subleq: return .subleq(count: count ?? 100)
        case .sortUnique: return .sortUnique(lengths: try OptionRange.range(lengths ?? "1...15", "--lengths", in: 1...15), count: count ?? 1_000)
        case .scan:
            return .scan(split: SCANSplit(rawValue: split ?? "simple") ?? .simple,
                         part: SCANSplit.Part(rawValue: part ?? "train") ?? .train, limit: limit)
        }
    }

    /// The generator and its inputs for `entry` (`program` as the user named it, for errors).
    func inputs(for entry: ALTAProgramEntry, program: String) throws -> (generator: TraceInputGenerator, inputs: [TraceInput]) {
        guard let family = entry.inputFamily else {
            throw CLIError("\(program) has no trace input generator")
        }
        let generator = try generator(family: family, program: program)
        return (generator, try generator.inputs(for: entry, seed: seed))
    }
}
