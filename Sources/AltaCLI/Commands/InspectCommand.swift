import AltaTransformer
import ArgumentParser

/// `alta inspect MODEL`: sizes, counts, residual layout, token tables and text encoding of
/// an exported folder or a library program.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's layers, heads, widths, parameter counts, residual labels, input tokens, output values and text encoding.",
        discussion: "Layers are numbered from 1, as in `alta run --trace` and its pictures (layer N is stored as blocks.N-1).")

    @Argument(help: "An exported model folder or a library program name (compiled with default options).")
    var model: String

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let loaded = try ModelSource.load(model)
        let summary = ModelSummary(loaded)
        if json {
            try JSONOutput.print(summary.json)
        } else {
            print(summary.text, terminator: "")
        }
    }
}
