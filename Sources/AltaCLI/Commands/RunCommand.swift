import AltaTransformer
import ArgumentParser
import Foundation

/// `alta run MODEL --input "a b c"`: encode, forward, decode.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model on input tokens and print the decoded output.",
        discussion: """
            MODEL is an exported model folder. Inputs are space-separated tokens; the BOS \
            token is added in front when the model has one and the input lacks it.
            """)

    @Argument(help: "An exported model folder.")
    var model: String

    @OptionGroup var inputs: InputOptions

    @Flag(help: "Also print the residual stream after every sublayer, decoded per variable.")
    var trace = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() async throws {
        let loaded = try ModelSource.load(model)
        try Self.run(loaded, sequences: inputs.sequences(), trace: trace, json: json)
    }

    /// Runs `model` on `sequences` and prints the results (shared with commands that
    /// build a model and run it).
    static func run(_ model: TransformerModel, sequences: [[String]], trace: Bool, json: Bool) throws {
        let prepared = sequences.map { model.inputEncoder.prependingBOS($0) }
        let result: ForwardResult
        do {
            result = try model.run(prepared, trace: trace)
        } catch {
            throw CLIError("\(error)")
        }
        let renderer = TraceRenderer(model: model)
        if json {
            var items: [[String: Any]] = []
            for (s, tokens) in prepared.enumerated() {
                var item: [String: Any] = [
                    "input": tokens,
                    "output": result.outputs[s].map(\.jsonObject),
                    "layers_run": result.layersRun[s],
                ]
                if case .looped = model.layout { item["halted"] = result.halted[s] }
                if let traces = result.traces { item["trace"] = renderer.json(trace: traces[s]) }
                items.append(item)
            }
            try JSONOutput.print(["results": items])
            return
        }
        for (s, tokens) in prepared.enumerated() {
            print("input:  \(tokens.joined(separator: " "))")
            print("output: \(result.outputs[s].map(\.description).joined(separator: " "))")
            if case .looped = model.layout {
                print("layers: \(result.layersRun[s])\(result.halted[s] ? " (halted)" : " (cap reached)")")
            }
            if let traces = result.traces {
                print(renderer.text(tokens: tokens, trace: traces[s]), terminator: "")
            }
            if s < prepared.count - 1 { print() }
        }
    }
}
