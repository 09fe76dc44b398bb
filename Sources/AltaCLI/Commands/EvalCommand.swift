import ALTA
import AltaPrograms
import AltaTransformer
import ArgumentParser
import Foundation
import RASP
import RASPText

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

    @Argument(help: "A library program name (see `alta list`) or a .rasp file.")
    var name: String

    @Option(help: "For a .rasp file: repl (the RASP REPL's results, the default) or tracr (what compiled weights compute).")
    var semantics: String?

    @Option(name: [.long, .customLong("output-sop")], help: "For a .rasp file: the s-op to print (default: the file's `#@ output`, else the last one assigned).")
    var output: String?

    @OptionGroup var inputs: InputOptions

    @Option(parsing: .unconditional, help: "Comma-separated vocabulary of a RASP program (default: the program's).")
    var vocab: String?

    @Option(help: "Maximum input length of a RASP program, BOS excluded (default: the program's).")
    var maxLen: Int?

    @Flag(help: "Evaluate a RASP program causally (default: the program's setting).")
    var causal = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        try OptionRange.check(maxLen, "--max-len", in: 1...OptionRange.maxLength)
    }

    func run() throws {
        if RASPTextFile.isFile(name) { return try evaluateFile() }
        if semantics != nil || output != nil { throw CLIError("--semantics and --output apply to .rasp files only") }
        let entry: RASPProgramEntry
        switch try ProgramLookup.resolve(name) {
        case .rasp(let rasp):
            entry = rasp
        case .alta(let alta):
            let given = [("--vocab", vocab != nil), ("--max-len", maxLen != nil), ("--causal", causal)].filter(\.1).map(\.0)
            if let option = given.first {
                throw CLIError("\(option) applies to RASP programs; '\(name)' is an ALTA program")
            }
            return try interpret(alta)
        }
        let parameters = try CompileOptions.parameters(entry, vocab: vocab, maxLen: maxLen, causal: causal)
        let program = try CompileOptions.program(entry, parameters)
        let evaluator = Evaluator(causal: parameters.causal)
        // A numerical program's values print as numbers (True → 1), as `run` prints them.
        let numerical = program.isNumerical
        var results: [(tokens: [String], output: [Value?])] = []
        for tokens in try inputs.sequences() {
            guard tokens.count <= parameters.maxSeqLen else {
                throw CLIError("input of \(Plural.count(tokens.count, "token")) is longer than \(name)'s max length \(parameters.maxSeqLen)", kind: .data)
            }
            let values = try RASPInput.values(tokens, vocabulary: parameters.vocabulary, program: name)
            do {
                results.append((tokens, try evaluator.evaluate(program, on: values)))
            } catch {
                throw CLIError("evaluating \(name) on \(tokens.joined(separator: " ")): \(error)", cause: error)
            }
        }
        if json {
            try JSONOutput.print(["results": results.map { r in
                ["input": r.tokens, "output": r.output.map { v in
                    v.map { numerical ? ($0.doubleValue ?? $0.jsonObject) : $0.jsonObject } ?? NSNull()
                }] as [String: Any]
            }])
            return
        }
        for r in results {
            print("input:  \(r.tokens.joined(separator: " "))")
            print("output: \(r.output.map { Self.text($0, numerical: numerical) }.joined(separator: " "))")
        }
    }

    /// Evaluates a `.rasp` file with the REPL's or Tracr's semantics.
    private func evaluateFile() throws {
        let program = try RASPTextFile.load(
            name, output: output, semantics: semantics, vocab: vocab, maxLen: maxLen, causal: causal)
        let numerical = program.output.isNumerical
        var results: [(tokens: [String], output: [Value?])] = []
        for tokens in try inputs.sequences() {
            let values = try RASPTextFile.values(tokens, program)
            do {
                results.append((tokens, try program.evaluate(values)))
            } catch {
                throw CLIError("evaluating \(name) on \(tokens.joined(separator: " ")): \(error)", cause: error)
            }
        }
        if json {
            try JSONOutput.print(["semantics": program.semantics.rawValue, "results": results.map { r in
                ["input": r.tokens, "output": r.output.map { v in v.map(\.jsonObject) ?? NSNull() }] as [String: Any]
            }])
            return
        }
        for r in results {
            print("input:  \(r.tokens.joined(separator: " "))")
            print("output: \(r.output.map { Self.text($0, numerical: numerical) }.joined(separator: " "))")
        }
    }

    /// How `eval` prints one value: `-` for none, numbers as the runtime prints its
    /// numerical outputs (``OutputValue/format(_:)``) when the program is numerical.
    static func text(_ value: Value?, numerical: Bool) -> String {
        guard let value else { return "-" }
        if numerical, let number = value.doubleValue { return OutputValue.format(number) }
        return value.description
    }

    /// Runs an ALTA program in the interpreter; a run that reaches the layer cap without
    /// halting (unless the program has a fixed depth) is an error after the other inputs.
    private func interpret(_ entry: ALTAProgramEntry) throws {
        let program = try entry.program()
        var results: [[String: Any]] = []
        var notHalted: [String] = []
        var cap = 0
        for input in try inputs.lines() {
            let tokens = try ALTACompilation.tokens(entry, input)
            let outcome: (output: String, run: ALTARun)
            do {
                outcome = try entry.run(input, program: program)
            } catch {
                throw ALTACompilation.failure(error, entry, input)
            }
            let fixedDepth = entry.isFixedDepth(forTokenCount: tokens.count)
            if !fixedDepth && !outcome.run.halted {
                notHalted.append(input)
                cap = outcome.run.layersRun
            }
            results.append(["input": input, "output": outcome.output, "layers_run": outcome.run.layersRun,
                            "halted": outcome.run.halted, "fixed_depth": fixedDepth])
            if !json {
                print("input:  \(input)")
                print("output: \(outcome.output)  (\(ALTACompilation.ending(layers: outcome.run.layersRun, halted: outcome.run.halted, fixedDepth: fixedDepth)))")
            }
        }
        if json { try JSONOutput.print(["results": results]) }
        if let error = ALTACompilation.capError(entry, notHalted: notHalted, cap: cap) { throw error }
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
