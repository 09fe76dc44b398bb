import ALTA
import AltaPrograms
import AltaReport
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta report PROGRAM|FOLDER --input "…" -o report.html`: one self-contained HTML page
/// about one run (the library's `HTMLReport`, written by `ReportFile`).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report of a model on one input.",
        discussion: """
            The page opens offline and shows the program graph (variables and heads, the \
            sublayer each is computed in, arrows for what reads what), the residual stream \
            after every sublayer decoded per variable, every head's attention pattern (query \
            and key tokens on the axes, a sink column where the head has one, a colour legend, \
            exact values on hover and in tables) and, for ALTA programs, the interpreter's \
            per-layer trace and the rules that fired. OUTPUT must be a new file or an earlier \
            Alta report; any other file is left alone.
            """)

    @Argument(help: "An exported model folder, a library program name, a .rasp file or an .alta file.")
    var model: String

    @Option(parsing: .unconditional, help: "The input: space-separated tokens, or for ALTA programs as the program describes it (e.g. 10110).")
    var input: String

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write: a new file, or an earlier Alta report (replaced).")
    var output: String

    @OptionGroup(title: "Compile options (for a program name)") var options: CompileOptions

    func run() throws {
        let (loaded, program) = try ModelSource.loadWithProgram(model, options: options)
        let text = input.trimmingCharacters(in: .whitespaces)
        var interpreter: HTMLReport.Interpreter? = nil
        let tokens: [String]
        let language: String
        switch program {
        case .alta(let entry)?:
            language = "ALTA"
            let programTokens = try ALTACompilation.tokens(entry, text)
            tokens = loaded.inputEncoder.prependingBOS(programTokens)
            do {
                let (output, run) = try entry.run(text, trace: true)
                if let trace = run.trace {
                    interpreter = HTMLReport.Interpreter(trace: trace, tokens: programTokens, output: output)
                }
            } catch {
                throw ALTACompilation.failure(error, entry, text)
            }
        case .rasp?:
            language = "RASP"
            tokens = try Self.tokens(loaded, text)
        case nil:
            language = "model folder"
            tokens = try Self.tokens(loaded, text)
        }
        let result = try loaded.run([tokens], options: RunOptions(trace: .full))
        guard let trace = result.traces?.first else { throw CLIError("the runtime returned no trace") }
        let outputText: String
        do {
            outputText = try loaded.text(of: result.outputs(of: 0))
        } catch {
            throw CLIError("cannot decode the output for input '\(text)': \(error)", cause: error)
        }
        var facts: [(String, String)] = []
        if case .looped = loaded.layout {
            facts.append(("iterations run", "\(result.layersRun[0])\(RunCommand.ending(loaded, halted: result.halted[0]))"))
        }
        let report = HTMLReport(
            run: HTMLReport.Run(program: model, language: language, input: text, tokens: tokens, output: outputText, facts: facts),
            model: loaded, trace: trace, interpreter: interpreter)
        try ReportFile.write(report.html, to: output)
        print("report: \(output)")
    }

    /// The tokens of `text` in `model`'s text encoding (BOS added when the model has one).
    static func tokens(_ model: TransformerModel, _ text: String) throws -> [String] {
        do {
            return try model.tokens(forText: text)
        } catch {
            throw CLIError("cannot encode input '\(text)': \(error)", cause: error)
        }
    }
}
