import ArgumentParser
import RASPText

/// `alta check FILE.rasp`: reads a `.rasp` program and reports where the RASP REPL and Tracr
/// (the compiled weights) differ, and what would stop it from compiling.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a .rasp file: errors, REPL/Tracr differences, constructs that do not compile.",
        discussion: """
            With a vocabulary and a maximum length (the file's `#@ vocab` and `#@ max_seq_len`) \
            it also infers every value set as the compiler does. Exits non-zero when the file \
            does not read or contains constructs that cannot compile; warnings (e.g. an empty categorical aggregate gives 0 in the REPL and \
            None in Tracr) are printed but do not fail.
            """)

    @Argument(help: "A .rasp file.")
    var file: String

    @Option(help: "The s-op that is the program's output (default: the file's `#@ output`, else the last one assigned).")
    var output: String?

    func run() throws {
        guard RASPTextFile.isFile(file) else { throw CLIError("check reads .rasp files; '\(file)' does not end in .rasp") }
        let program = try RASPTextFile.load(file, output: output)
        let compileErrors = program.compileErrors + program.valueSetDiagnostics()
        for note in program.warnings + compileErrors {
            print(note.description)
        }
        let outputName = program.outputName.map { "'\($0)'" } ?? "the last expression"
        print("\(file): output \(outputName); \(Plural.count(program.warnings.count, "warning")), \(Plural.count(compileErrors.count, "compile error"))")
        if !compileErrors.isEmpty {
            throw CLIError("\(file) evaluates but does not compile (\(Plural.count(compileErrors.count, "compile error")))")
        }
    }
}
