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

    @OptionGroup var inputOptions: TraceInputOptions

    @Option(help: "Undefined MLP inputs: uniform or zero.")
    var fill: String = "uniform"

    @Option(help: "Rows per safetensors shard.")
    var shardRows: Int = TraceFolder.defaultShardRows

    @Option(name: [.short, .customLong("output")], help: "The folder to write.")
    var output: String

    func validate() throws {
        try OptionRange.check(shardRows, "--shard-rows", atLeast: 1)
        guard TraceFill(rawValue: fill) != nil else { throw ValidationError("--fill must be uniform or zero, got '\(fill)'") }
    }

    func run() throws {
        let entry = try ProgramLookup.alta(program)
        let folder = try OutputFolder.url(output, option: "--output")
        let (generator, inputs) = try inputOptions.inputs(for: entry, program: program)
        let longest = inputs.map(\.tokens.count).max() ?? 1
        let compiled = try ALTACompilation.compile(entry, maxLength: max(longest, entry.minimumTokenCount))
        let reporter = ProgressReporter(total: inputs.count, label: "traces")
        let start = Date()
        let dataset: TraceDataset
        do {
            dataset = try TraceDataset.extract(
                entry: entry, compiled: compiled, inputs: inputs, generator: generator.description,
                fill: TraceFill(rawValue: fill) ?? .uniform, seed: inputOptions.seed, layers: inputOptions.layerPolicy,
                maxLayers: inputOptions.maxLayers,
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
