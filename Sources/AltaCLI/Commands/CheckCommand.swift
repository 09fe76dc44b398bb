import ALTA
import ArgumentParser
import RASPText

/// `alta check FILE.rasp|FILE.alta`: reads a program file without compiling it. For `.rasp`:
/// where the RASP REPL and Tracr (the compiled weights) differ, what would stop it from
/// compiling, and the encoding of every named s-op. For `.alta`: parses, elaborates and
/// validates the program and prints its variables, heads, MLP and layer budget.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a .rasp or .alta file without compiling it: errors, encodings, REPL/Tracr differences.",
        discussion: """
            A .rasp file: prints the warnings, the constructs that do not compile and the \
            encoding of every named s-op; with a vocabulary and a maximum length (the file's \
            `#@ vocab` and `#@ max_seq_len`) it also infers every value set as the compiler \
            does. Exits non-zero when the file does not read or contains constructs that \
            cannot compile; warnings (e.g. an empty categorical aggregate gives 0 in the REPL \
            and None in Tracr) are printed but do not fail. An .alta file: exits non-zero with \
            the diagnostic when it does not parse, elaborate or validate, else prints its \
            variables, heads, MLP and how many layers it runs.
            """)

    @Argument(help: "A .rasp or .alta file.")
    var file: String

    @Option(name: [.long, .customLong("output-sop")], help: "For a .rasp file: the s-op that is the program's output (default: the file's `#@ output`, else the last one assigned).")
    var output: String?

    func run() throws {
        if ALTATextEntry.isFile(file) { return try checkALTA() }
        guard RASPTextFile.isFile(file) else {
            throw CLIError("check reads .rasp and .alta files; '\(file)' ends in neither")
        }
        let program = try RASPTextFile.load(file, output: output)
        let compileErrors = program.compileErrors + program.valueSetDiagnostics()
        for note in program.warnings + compileErrors {
            print(note.description)
        }
        for named in program.sops {
            print("\(named.name): \(named.sop.encoding.rawValue)")
        }
        let outputName = program.outputName.map { "'\($0)'" } ?? "the last expression"
        print("\(file): output \(outputName); \(Plural.count(program.warnings.count, "warning")), \(Plural.count(compileErrors.count, "compile error"))")
        if !compileErrors.isEmpty {
            throw CLIError("\(file) evaluates but does not compile (\(Plural.count(compileErrors.count, "compile error")))")
        }
    }

    /// Parses, elaborates and validates an `.alta` file and prints what it declares.
    private func checkALTA() throws {
        if output != nil { throw CLIError("--output applies to .rasp files; an .alta file names its output") }
        let text = try ALTATextEntry.load(file)
        let limit = try ALTATextEntry.layerLimit(text, file)
        let program = text.program
        for variable in program.variables { print("var \(variable)") }
        for head in program.heads { print("head \(head)") }
        let mlp = program.ruleSet.map { "\(Plural.count($0.rules.count, "rule"))" } ?? "an MLP function"
        let layers = switch limit {
        case .exactly(let n): Plural.count(n, "layer")
        case .untilHalt(let n): "until it halts, at most \(Plural.count(n, "layer"))"
        }
        print("\(file): program \(program.name), output '\(program.output)'; \(Plural.count(program.variables.count, "variable")), "
            + "\(Plural.count(program.heads.count, "head")), \(mlp); runs \(layers)")
    }
}
