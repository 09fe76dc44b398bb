import ALTA
import AltaPrograms
import ArgumentParser
import Foundation
import RASP

/// `alta eval NAME --input "…"`: the reference semantics (RASP evaluator).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a library program with the reference semantics (no weights involved).",
        discussion: """
            RASP programs run in the reference evaluator (inputs are space-separated tokens); \
            ALTA programs run in the interpreter (inputs as the program describes them in \
            `alta list`, e.g. 10110 or 12+34).
            """)

    @Argument(help: "A library program name (see `alta list`).")
    var name: String

    @OptionGroup var inputs: InputOptions

    @Option(help: "Comma-separated vocabulary of a RASP program (default: the program's).")
    var vocab: String?

    @Option(help: "Maximum input length of a RASP program, BOS excluded (default: the program's).")
    var maxLen: Int?

    @Flag(help: "Evaluate a RASP program causally (default: the program's setting).")
    var causal = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        guard let entry = ProgramLookup.rasp(name) else {
            let entry = try ProgramLookup.alta(name)
            guard vocab == nil, maxLen == nil, !causal else {
                throw CLIError("--vocab, --max-len and --causal apply to RASP programs; \(entry.name) is an ALTA program")
            }
            return try interpret(entry)
        }
        let parameters = try CompileOptions.parameters(entry, vocab: vocab, maxLen: maxLen, causal: causal)
        let program = try CompileOptions.program(entry, parameters)
        let evaluator = Evaluator(causal: parameters.causal)
        var results: [(tokens: [String], output: [Value?])] = []
        for tokens in try inputs.sequences() {
            guard tokens.count <= parameters.maxSeqLen else {
                throw CLIError("input of \(tokens.count) tokens is longer than \(name)'s max length \(parameters.maxSeqLen)")
            }
            let values = try RASPInput.values(tokens, vocabulary: parameters.vocabulary, program: name)
            do {
                results.append((tokens, try evaluator.evaluate(program, on: values)))
            } catch {
                throw CLIError("evaluating \(name) on \(tokens.joined(separator: " ")): \(error)")
            }
        }
        if json {
            try JSONOutput.print(["results": results.map { r in
                ["input": r.tokens, "output": r.output.map { $0.map(\.jsonObject) ?? NSNull() }] as [String: Any]
            }])
            return
        }
        for r in results {
            print("input:  \(r.tokens.joined(separator: " "))")
            print("output: \(r.output.map { $0?.description ?? "-" }.joined(separator: " "))")
        }
    }

    /// Runs an ALTA program in the interpreter.
    private func interpret(_ entry: ALTAProgramEntry) throws {
        let program = try entry.program()
        var results: [[String: Any]] = []
        for input in try inputs.lines() {
            let outcome: (output: String, run: ALTARun)
            do {
                outcome = try entry.run(input, program: program)
            } catch {
                throw CLIError("\(entry.name) on '\(input)': \(error)")
            }
            results.append(["input": input, "output": outcome.output, "layers_run": outcome.run.layersRun, "halted": outcome.run.halted])
            if !json {
                print("input:  \(input)")
                print("output: \(outcome.output)  (\(outcome.run.layersRun) layers\(outcome.run.halted ? ", halted" : ""))")
            }
        }
        if json { try JSONOutput.print(["results": results]) }
    }
}


extension Value {
    /// A `JSONSerialization` object for the value.
    var jsonObject: Any {
        switch self {
        case let .int(i): i
        case let .float(f): f
        case let .string(s): s
        case let .bool(b): b
        case let .tuple(items): items.map(\.jsonObject)
        }
    }
}
