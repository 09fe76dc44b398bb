import ALTA
import AltaPrograms
import AltaTraining
import ArgumentParser
import Foundation

/// `alta traces PROGRAM … -o DIR`: MLP input/output pairs from the interpreter, in the
/// compiled model's residual layout, written as safetensors shards.
struct TracesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traces",
        abstract: "Record an ALTA program's MLP inputs and outputs on many inputs (a trace dataset for `alta train`).",
        discussion: """
            Runs the interpreter on generated inputs and writes one row per input, layer and \
            position: the state after attention (the MLP's input) and after the MLP (its \
            output), as vectors in the compiled model's residual layout. Inputs by program: \
            parity programs every bit string of --lengths; addition --count sums of --digits \
            digits; subleq --count random memories; sort_unique --count inputs of --lengths \
            numbers; scan the commands of --split/--part (the first --limit). Undefined MLP \
            inputs are --fill uniform (noise in [-10, 10], the original's choice) or zero; \
            undefined outputs are zero. --layers tokens runs one layer per input token \
            (n + 1 for n bits after START, as the original's parity experiment). DIR gets traces.json and traces-NNNNN.safetensors.
            """)

    @Argument(help: "An ALTA library program (see `alta list`).")
    var program: String

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

    @Option(help: "Undefined MLP inputs: uniform or zero.")
    var fill: String = "uniform"

    @Option(help: "Seed of the random inputs and of the uniform fill.")
    var seed: UInt64 = 0

    @Option(help: "Rows per safetensors shard.")
    var shardRows: Int = TraceFolder.defaultShardRows

    @Option(name: [.short, .customLong("output")], help: "The folder to write.")
    var output: String

    func validate() throws {
        try OptionRange.check(count, "--count", in: 1...10_000_000)
        try OptionRange.check(limit, "--limit", atLeast: 1)
        try OptionRange.check(maxLayers, "--max-layers", in: 1...100_000)
        try OptionRange.check(shardRows, "--shard-rows", atLeast: 1)
        if let lengths { _ = try OptionRange.range(lengths, "--lengths", in: 1...20) }
        if let digits { _ = try OptionRange.range(digits, "--digits", in: 1...30) }
        guard TraceLayerPolicy(rawValue: layers) != nil else { throw ValidationError("--layers must be program or tokens, got '\(layers)'") }
        guard TraceFill(rawValue: fill) != nil else { throw ValidationError("--fill must be uniform or zero, got '\(fill)'") }
        if let split, SCANSplit(rawValue: split) == nil { throw ValidationError("--split must be length or simple, got '\(split)'") }
        if let part, SCANSplit.Part(rawValue: part) == nil { throw ValidationError("--part must be train or test, got '\(part)'") }
    }

    /// The generator for the program's family, refusing options of other families.
    func generator(family: ALTAInputFamily) throws -> TraceInputGenerator {
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

    func run() throws {
        let entry = try ProgramLookup.alta(program)
        guard let family = entry.inputFamily else {
            throw CLIError("\(program) has no trace input generator")
        }
        let folder = try OutputFolder.url(output, option: "--output")
        let generator = try generator(family: family)
        let inputs: [TraceInput]
        inputs = try generator.inputs(for: entry, seed: seed)
        let longest = inputs.map(\.tokens.count).max() ?? 1
        let compiled = try ALTACompilation.compile(entry, maxLength: max(longest, entry.minimumTokenCount))
        let reporter = ProgressReporter(total: inputs.count, label: "traces")
        let start = Date()
        let dataset: TraceDataset
        do {
            dataset = try TraceDataset.extract(
                entry: entry, compiled: compiled, inputs: inputs, generator: generator.description,
                fill: TraceFill(rawValue: fill) ?? .uniform, seed: seed, layers: TraceLayerPolicy(rawValue: layers) ?? .program, maxLayers: maxLayers,
                progress: { reporter.advance(to: $0) })
        } catch {
            reporter.finish()
            throw error
        }
        reporter.finish()
        let seconds = Date().timeIntervalSince(start)
        try ProgressReporter.during("writing \(output)") { try TraceFolder.write(dataset, to: folder, shardRows: shardRows) }
        print("\(dataset.rowCount) rows (d_model \(dataset.dModel)) from \(Plural.count(inputs.count, "input")) of \(entry.name) "
            + "in \(String(format: "%.2f", seconds)) s (\(String(format: "%.0f", Double(dataset.rowCount) / max(seconds, 1e-9))) rows/s) → \(output)")
    }
}
