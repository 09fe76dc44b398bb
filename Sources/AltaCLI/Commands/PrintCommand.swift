import ALTAText
import ArgumentParser

/// `alta print NAME`: a library program as program text. ALTA programs print as the `.alta`
/// file they are shipped as (which compiles to the same weights as the library entry).
struct PrintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print a library program as program text (.alta for the ALTA programs shipped as files).",
        discussion: """
            ALTA library programs with an .alta form (the parity variants, addition, SUBLEQ, \
            sort_unique) print as that file; reading it back (`alta eval|run|compile FILE.alta`) \
            gives the same program. SCAN and the RASP programs are refused with the reason.
            """)

    @Argument(help: "A library program name (see `alta list`).")
    var name: String

    func run() throws {
        if RASPTextFile.isFile(name) || ALTATextEntry.isFile(name) {
            throw CLIError("print takes a library program name; '\(name)' is a program file already")
        }
        switch try ProgramLookup.resolve(name) {
        case .rasp:
            throw CLIError("print cannot write '\(name)' as .rasp text: RASP library programs are built from Swift "
                + "functions (their Maps and SequenceMaps), which have no .rasp form yet")
        case .alta(let entry):
            guard ALTATextLibrary.names.contains(entry.name) else {
                throw CLIError("'\(name)' has no .alta form (it is built in Swift; its rules are generated from its grammar)")
            }
            do {
                print(try ALTATextLibrary.source(named: entry.name), terminator: "")
            } catch {
                throw CLIError("cannot read the .alta form of \(entry.name): \(error)")
            }
        }
    }
}
