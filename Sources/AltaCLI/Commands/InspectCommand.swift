import AltaTransformer
import ArgumentParser

/// `alta inspect DIR`: sizes, counts, residual layout and encoders of a model.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's layers, heads, widths, parameter counts, residual labels and encoders.")

    @Argument(help: "An exported model folder.")
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
