import AltaTransformer
import ArgumentParser
import Foundation

/// `alta example NAME`: builds a hand-assembled model, exports it and runs it.
struct ExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Build a hand-assembled example model, export it to a folder and run it.",
        discussion: """
            Examples: copy-previous (one causal head that copies the previous token), \
            spreading-flag (a looped transformer that halts once a flag has spread to every \
            position). The folder also gets reference_outputs.json for the Python cross-check.
            """)

    @Argument(help: "copy-previous or spreading-flag.")
    var name: String

    @Option(name: [.short, .customLong("output")], help: "Folder to export the model to: a new or empty folder, or an earlier Alta export (replaced).")
    var output: String?

    @OptionGroup var inputs: InputOptions

    @Flag(help: "Also print the residual stream after every sublayer, decoded per variable.")
    var trace = false

    @Option(help: "Write SVG pictures of the residual stream and attention patterns per input to this folder (a new or empty folder, or one Alta wrote pictures to before).")
    var svg: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let (model, samples) = try Self.build(name)
        if let output {
            try OutputFolder.export(model, name: name, samples: samples, to: output)
            if !json { print("exported \(name) to \(output)\n") }
        }
        let texts = inputs.input.isEmpty && inputs.inputFile == nil ? samples.map { $0.joined(separator: " ") } : try inputs.lines()
        try RunCommand.run(model, inputs: texts, trace: trace, json: json, svg: svg)
    }

    /// The model and some sample inputs for an example name.
    static func build(_ name: String) throws -> (TransformerModel, [[String]]) {
        switch name {
        case "copy-previous":
            return (try CopyPreviousTokenModel.make(), [["BOS", "a", "b", "c", "a"], ["BOS", "c", "c", "b"]])
        case "spreading-flag":
            return (try SpreadingFlagModel.make(), [["0", "1", "1", "0", "1"], ["1", "1"]])
        default:
            throw CLIError("unknown example '\(name)': choose copy-previous or spreading-flag")
        }
    }
}
