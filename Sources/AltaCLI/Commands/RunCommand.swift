import AltaPrograms
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta run MODEL --input "a b c"`: encode, forward, decode.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model on input tokens and print the decoded output.",
        discussion: """
            MODEL is an exported model folder or a library program name (compiled on the fly \
            with the compile options). The model's text encoding (carried in an export's \
            config.json) reads each input and prints the output: for ALTA programs the input is \
            written as the program describes it in `alta list` (e.g. 10110 or 12+34) and the \
            output is decoded the same way, from the name or from its exported folder. \
            Otherwise inputs are space-separated tokens; the BOS token is added in front when \
            the model has one and the input lacks it. --trace and --svg show the residual \
            stream decoded per variable and the attention patterns, layers counted from 1.
            """)

    @Argument(help: "An exported model folder or a library program name.")
    var model: String

    @OptionGroup var inputs: InputOptions

    @OptionGroup(title: "Compile options (for a program name)") var options: CompileOptions

    @Flag(help: "Also print the residual stream after every sublayer, decoded per variable.")
    var trace = false

    @Option(help: "Write SVG pictures of the residual stream and attention patterns per input to this folder.")
    var svg: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let loaded = try ModelSource.load(model, options: options)
        try Self.run(loaded, inputs: inputs.lines(), trace: trace, json: json, svg: svg)
    }

    /// Runs `model` on the text `inputs` and prints the results (shared with commands that
    /// build a model and run it). The model's text encoding turns each input into tokens
    /// and the decoded outputs into the result text, the same for a program name and its
    /// exported folder.
    static func run(_ model: TransformerModel, inputs: [String], trace: Bool, json: Bool, svg: String? = nil) throws {
        let prepared = try inputs.map { text in
            do {
                return try model.tokens(forText: text)
            } catch {
                throw CLIError("cannot encode input '\(text)': \(error)")
            }
        }
        let result: ForwardResult
        do {
            result = try model.run(prepared, trace: trace || svg != nil)
        } catch {
            throw CLIError("\(error)")
        }
        let texts = try inputs.indices.map { s in
            do {
                return try model.text(of: result.outputs(of: s))
            } catch {
                throw CLIError("cannot decode the output for input '\(inputs[s])': \(error)")
            }
        }
        let pictures = try svg.map { try writePictures(model, prepared, result, folder: $0) } ?? []
        let renderer = TraceRenderer(model: model)
        if json {
            var items: [[String: Any]] = []
            for (s, tokens) in prepared.enumerated() {
                var item: [String: Any] = [
                    "text": inputs[s],
                    "input": tokens,
                    "output": result.outputs(of: s).map(\.jsonObject),
                    "result": texts[s],
                    "layers_run": result.layersRun[s],
                ]
                if case .looped = model.layout {
                    item["halted"] = result.halted[s]
                    item["fixed_depth"] = model.layout.isFixedDepth
                }
                if trace, let traces = result.traces { item["trace"] = renderer.json(trace: traces[s]) }
                if !pictures.isEmpty { item["pictures"] = pictures[s] }
                items.append(item)
            }
            try JSONOutput.print(["results": items])
            return
        }
        for (s, tokens) in prepared.enumerated() {
            print("input:  \(inputs[s])")
            if tokens != inputs[s].split(whereSeparator: \.isWhitespace).map(String.init) {
                print("tokens: \(tokens.joined(separator: " "))")
            }
            print("output: \(texts[s])")
            if case .looped = model.layout {
                let ending = result.halted[s] ? "halted" : model.layout.isFixedDepth ? "fixed depth" : "cap reached"
                print("layers: \(result.layersRun[s]) (\(ending))")
            }
            if trace, let traces = result.traces {
                print(renderer.text(tokens: tokens, trace: traces[s]), terminator: "")
            }
            if !pictures.isEmpty { print("pictures: \(pictures[s].joined(separator: ", "))") }
            if s < prepared.count - 1 { print() }
        }
    }

    /// Writes `residual-N.svg` and `attention-N.svg` for every sequence; returns the paths.
    static func writePictures(_ model: TransformerModel, _ sequences: [[String]], _ result: ForwardResult, folder: String) throws -> [[String]] {
        guard let traces = result.traces else { return [] }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try sequences.indices.map { s in
                let residual = (folder as NSString).appendingPathComponent("residual-\(s + 1).svg")
                let attention = (folder as NSString).appendingPathComponent("attention-\(s + 1).svg")
                try TracePlots.residualSVG(model: model, tokens: sequences[s], trace: traces[s])
                    .write(toFile: residual, atomically: true, encoding: .utf8)
                try TracePlots.attentionSVG(layout: model.layout, tokens: sequences[s], trace: traces[s])
                    .write(toFile: attention, atomically: true, encoding: .utf8)
                return [residual, attention]
            }
        } catch {
            throw CLIError("cannot write pictures to \(folder): \(error.localizedDescription)")
        }
    }
}
