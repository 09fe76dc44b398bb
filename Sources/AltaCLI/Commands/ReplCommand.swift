import ArgumentParser
import Foundation

/// `alta repl`: an interactive RASP session on the `.rasp` front end, also usable with
/// piped input.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive RASP session: statements, their values on an example input, load.",
        discussion: """
            Reads RASP statements from standard input, a line at a time (a statement ends \
            with `;` or `}` once its braces close; the prompt `>> ` — `.. ` inside a statement — is shown only on a \
            terminal). `set example "abc"` or `set example [1, 2, 3]` chooses the example \
            input; every s-op a statement assigns is then printed with its value at every \
            position (`name = [c, b, a] (strings)`). `load "name";` reads name.rasp from the \
            working directory. Errors are printed and the session goes on; the exit status \
            is 1 when anything failed.
            """)

    func run() throws {
        let terminal = isatty(STDIN_FILENO) != 0
        var session = RASPSession(directory: FileManager.default.currentDirectoryPath)
        while true {
            if terminal {
                print(session.isContinuing ? ".. " : ">> ", terminator: "")
                fflush(nil)
            }
            guard let line = readLine(strippingNewline: true) else { break }
            if !session.isContinuing, ["exit", "quit", "exit()", "quit()"].contains(line.trimmingCharacters(in: .whitespaces)) { break }
            print(session.enter(line), terminator: "")
        }
        if session.isContinuing {
            throw CLIError("the input ended inside a statement (a statement ends with ';' or '}')")
        }
        if session.failures > 0 { throw CLIError("the session had \(Plural.count(session.failures, "error"))") }
    }
}
