import AltaPrograms
import ArgumentParser

/// `alta list`: the program library.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the library's programs with one-line descriptions.")

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func run() throws {
        let entries = ProgramCatalog.all
        if json {
            try JSONOutput.print(entries.map(\.json))
            return
        }
        var rows = [["name", "language", "defaults", "description"]]
        for entry in entries {
            rows.append([entry.name, entry.language, entry.defaults, entry.description])
        }
        print(TextTable.render(rows), terminator: "")
    }
}
