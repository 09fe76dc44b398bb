import ArgumentParser
import Testing

/// In-process checks of a command line, as swift-argument-parser's `ArgumentParserTestHelpers`
/// (`AssertParseCommand`, `AssertErrorMessage`, `AssertExecuteCommand`) do: the arguments are
/// parsed with `Root.parseAsRoot` (which validates them) and run in this process, so checking
/// options, refusals and their messages needs no child process.
public enum CommandLineExpectations {
    /// The arguments did not give the command the test expected.
    public struct Mismatch: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `arguments` and returns the command they select as a `Command`; records an issue
    /// and throws when they do not parse or select another command.
    @discardableResult
    public static func parse<Root: ParsableCommand, Command: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], as command: Command.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Command {
        let parsed: any ParsableCommand
        do {
            parsed = try root.parseAsRoot(arguments)
        } catch {
            let mismatch = Mismatch(description: "\(arguments) does not parse: \(root.fullMessage(for: error))")
            Issue.record(mismatch, sourceLocation: sourceLocation)
            throw mismatch
        }
        guard let typed = parsed as? Command else {
            let mismatch = Mismatch(description: "\(arguments) selects \(type(of: parsed)), not \(Command.self)")
            Issue.record(mismatch, sourceLocation: sourceLocation)
            throw mismatch
        }
        return typed
    }

    /// Expects parsing `arguments` to fail with exactly `message` (`Root.message(for:)`, the
    /// text after "Error: ") and `exitCode` (64, a usage error, unless given); with `usage`, the
    /// full message (`Root.fullMessage(for:)`) must also show that usage line.
    public static func expectParseError<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], message: String, exitCode: Int32 = 64, usage: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let parsed = try root.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed as \(type(of: parsed)); expected the error '\(message)'", sourceLocation: sourceLocation)
        } catch {
            #expect(root.message(for: error) == message, "\(arguments)", sourceLocation: sourceLocation)
            #expect(root.exitCode(for: error).rawValue == exitCode, "\(arguments)", sourceLocation: sourceLocation)
            if let usage {
                #expect(root.fullMessage(for: error).contains("Usage: \(usage)\n"), "\(arguments): \(root.fullMessage(for: error))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Parses `arguments` (which must parse) and runs the command in this process, expecting it
    /// to throw; returns what it threw, for the caller to check its type and how the command
    /// line renders it. Use it for refusals that come before any work or output.
    public static func runError<Root: ParsableCommand>(
        _ root: Root.Type, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> any Error {
        var command: any ParsableCommand
        do {
            command = try root.parseAsRoot(arguments)
        } catch {
            let mismatch = Mismatch(description: "\(arguments) does not parse: \(root.fullMessage(for: error))")
            Issue.record(mismatch, sourceLocation: sourceLocation)
            throw mismatch
        }
        do {
            try command.run()
        } catch {
            return error
        }
        let mismatch = Mismatch(description: "\(arguments) ran without an error")
        Issue.record(mismatch, sourceLocation: sourceLocation)
        throw mismatch
    }
}
