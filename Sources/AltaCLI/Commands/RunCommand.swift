import AltaPrograms
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta run MODEL --input "…"`: encode with the model's text encoding, forward, decode.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model on inputs and print the decoded output.",
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

    @Argument(help: "An exported model folder, a library program name, a .rasp file or an .alta file.")
    var model: String

    @OptionGroup var inputs: InputOptions

    @OptionGroup(title: "Compile options (for a program name)") var options: CompileOptions

    @Flag(help: "Also print the residual stream after every sublayer, decoded per variable.")
    var trace = false

    @Option(help: "Write SVG pictures of the residual stream and attention patterns per input to this folder (a new or empty folder, or one Alta wrote pictures to before).")
    var svg: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @Option(help: "The runtime backend: automatic (sparse rows for compiled ALTA models), feature-major or sparse-rows.")
    var backend: RuntimeBackend = .automatic

    func run() throws {
        let (loaded, program) = try ModelSource.loadWithProgram(model, options: options)
        // A library ALTA program also checks its inputs beyond the encoding (SCAN's grammar)
        // and names itself in errors; the tokens are those of the model's encoding.
        var check: ((String) throws -> [String])? = nil
        if case .alta(let entry)? = program {
            check = { text in try ALTACompilation.tokens(entry, text) }
        }
        try Self.run(loaded, inputs: inputs.lines(), trace: trace, json: json, svg: svg, check: check, backend: backend)
    }

    /// Runs `model` on the text `inputs` and prints the results (shared with commands that
    /// build a model and run it). The model's text encoding turns each input into tokens
    /// (`check`, when given, does it instead, with its own validation) and the decoded
    /// outputs into the result text. A looped model with a halting rule that reaches its
    /// iteration cap without halting is reported as an error after the results.
    static func run(_ model: TransformerModel, inputs: [String], trace: Bool, json: Bool, svg: String? = nil,
                    check: ((String) throws -> [String])? = nil, backend: RuntimeBackend = .automatic) throws {
        let prepared = try inputs.map { text in
            if let check { return model.inputEncoder.prependingBOS(try check(text)) }
            do {
                return try model.tokens(forText: text)
            } catch {
                throw CLIError("cannot encode input '\(text)': \(error)", cause: error)
            }
        }
        let result: ForwardResult
        result = try PreparedModel(model, backend: backend).run(prepared, trace: trace || svg != nil)
        let texts = try inputs.indices.map { s in
            do {
                return try model.text(of: result.outputs(of: s))
            } catch {
                throw CLIError("cannot decode the output for input '\(inputs[s])': \(error)", cause: error)
            }
        }
        let pictures = try svg.map { try writePictures(model, prepared, result, folder: $0) } ?? []
        let renderer = TraceRenderer(model: model)
        // Plain token models print the tokens as the input (showing an added BOS); models
        // with a text encoding print the text, then the tokens it became.
        let plain = model.textEncoding.input == .tokens
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
            return try Self.checkHalting(model, result)
        }
        for (s, tokens) in prepared.enumerated() {
            if plain {
                print("input:  \(tokens.joined(separator: " "))")
            } else {
                print("input:  \(inputs[s])")
                print("tokens: \(tokens.joined(separator: " "))")
            }
            print("output: \(texts[s])")
            if case .looped = model.layout {
                print("layers: \(result.layersRun[s])\(Self.ending(model, halted: result.halted[s]))")
            }
            if trace, let traces = result.traces {
                print(renderer.text(tokens: tokens, trace: traces[s]), terminator: "")
            }
            if !pictures.isEmpty { print("pictures: \(pictures[s].joined(separator: ", "))") }
            if s < prepared.count - 1 { print() }
        }
        try Self.checkHalting(model, result)
    }

    /// How a looped run ended: " (halted)", " (fixed depth)" for a model without a halting
    /// rule, or " (did not halt)".
    static func ending(_ model: TransformerModel, halted: Bool) -> String {
        guard case .looped = model.layout else { return "" }
        return model.layout.isFixedDepth ? " (fixed depth)" : halted ? " (halted)" : " (did not halt)"
    }

    /// Throws when a looped model with a halting rule ran to its cap on some sequence.
    static func checkHalting(_ model: TransformerModel, _ result: ForwardResult) throws {
        guard case let .looped(cap, rule?) = model.layout else { return }
        let stuck = result.halted.indices.filter { !result.halted[$0] }
        guard let first = stuck.first else { return }
        throw CLIError("sequence \(first)\(stuck.count > 1 ? " and \(stuck.count - 1) more" : "") reached the cap of "
            + "\(Plural.count(cap, "iteration")) without halting (its rule, \(rule.label) > \(rule.threshold) at every position, never held)")
    }

    /// Writes `residual-N.svg` and `attention-N.svg` for every sequence as a folder of
    /// pictures (a new folder, or one Alta wrote pictures to before); returns the paths.
    static func writePictures(_ model: TransformerModel, _ sequences: [[String]], _ result: ForwardResult, folder: String) throws -> [[String]] {
        guard result.traces != nil else { return [] }
        try OutputFolder.writePictures(pictureFiles(model, sequences, result), to: folder)
        return sequences.indices.map { s in
            pictureNames(s).map { (folder as NSString).appendingPathComponent($0) }
        }
    }

    /// The pictures of every traced sequence: `residual-N.svg` and `attention-N.svg` → SVG
    /// text, stages named as in the text trace, axes labelled with the input tokens.
    static func pictureFiles(_ model: TransformerModel, _ sequences: [[String]], _ result: ForwardResult) -> [String: Data] {
        guard let traces = result.traces else { return [:] }
        var files: [String: Data] = [:]
        for s in sequences.indices {
            let names = pictureNames(s)
            files[names[0]] = Data(TracePlots.residualSVG(model: model, tokens: sequences[s], trace: traces[s]).utf8)
            files[names[1]] = Data(TracePlots.attentionSVG(model: model, tokens: sequences[s], trace: traces[s]).utf8)
        }
        return files
    }

    /// The residual and attention picture names of sequence `s` (counted from 0).
    static func pictureNames(_ s: Int) -> [String] {
        ["residual-\(s + 1).svg", "attention-\(s + 1).svg"]
    }
}
