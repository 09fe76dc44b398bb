import ALTAText
import ArgumentParser
import RASPText

/// `alta print NAME`: a library program as program text. RASP programs print as `.rasp` text
/// (``RASPTextPrinter``) for their default vocabulary and length; ALTA programs print as the
/// `.alta` file they are shipped as. Either reads back to the same weights.
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print a library program as .rasp or .alta text.",
        discussion: """
            A RASP program prints as .rasp text for its default vocabulary and maximum length: \
            every s-op and selector keeps its name (`named(…)`), and Maps and SequenceMaps are \
            written as tables of their values (`map_table`, `sequence_map_table`), so the file \
            compiles to the same weights. ALTA library programs with an .alta form (the parity \
            variants, addition, SUBLEQ, sort_unique) print as that file. SCAN and the RASP \
            programs that pass tuples between s-ops are refused with the reason.
            """)

    @Argument(help: "A library program name (see `alta list`).")
    var name: String

    func run() throws {
        if RASPTextFile.isFile(name) || ALTATextEntry.isFile(name) {
            throw CLIError("print takes a library program name; '\(name)' is a program file already")
        }
        switch try ProgramLookup.resolve(name) {
        case .rasp(let entry):
            let program = try CompileOptions.program(entry, entry.defaultParameters)
            do {
                print(try RASPTextPrinter.text(
                    of: program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal), terminator: "")
            } catch {
                throw CLIError("cannot print \(entry.name) as .rasp text: \(error)", cause: error)
            }
        case .alta(let entry):
            guard ALTATextLibrary.names.contains(entry.name) else {
                throw CLIError("'\(name)' has no .alta form (it is built in Swift; its rules are generated from its grammar)")
            }
            do {
                print(try ALTATextLibrary.source(named: entry.name), terminator: "")
            } catch {
                throw CLIError("cannot read the .alta form of \(entry.name): \(error)", cause: error)
            }
        }
    }
}
