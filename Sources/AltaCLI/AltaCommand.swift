import ArgumentParser
import Foundation

/// The `alta` command line: compile programs to transformer weights, run, inspect,
/// export and benchmark them.
public struct AltaCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alta",
        abstract: "Compile human-readable programs into the weights of real transformers.",
        subcommands: [DemoCommand.self, ListCommand.self, CompileCommand.self, EvalCommand.self, CheckCommand.self, ReplCommand.self, PrintCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self, TraceCommand.self, TracesCommand.self, TrainCommand.self, EvaluateMLPCommand.self, LearnCommand.self, CoverageCommand.self, RulesCommand.self, SCANCommand.self, InspectCommand.self, CircuitCommand.self, ExampleCommand.self, BenchCommand.self, FuzzCommand.self]
    )

    public init() {}

    /// How a failure is shown: the text on stderr and the exit status.
    public struct Failure: Equatable, Sendable {
        /// The whole text printed on stderr, ending in a newline.
        public let message: String
        public let exitCode: Int32

        public init(message: String, exitCode: Int32) {
            self.message = message
            self.exitCode = exitCode
        }
    }

    /// The one place where the errors of commands are rendered: "Error: " and the error's own
    /// description (`LocalizedError` or `CustomStringConvertible`), with the exit status of its
    /// `FailureKind`. ArgumentParser's errors (usage, validation, help) keep its rendering and
    /// status (64 for a usage error).
    public static func failure(for error: any Error) -> Failure {
        if let kind = FailureKind.of(error) {
            return Failure(message: "Error: \(message(for: error))\n", exitCode: kind.rawValue)
        }
        let text = fullMessage(for: error)
        return Failure(message: text.isEmpty || text.hasSuffix("\n") ? text : text + "\n", exitCode: exitCode(for: error).rawValue)
    }

    /// Parses the process's arguments, runs the command, and exits: 0 on success, else after
    /// rendering the error (`failure(for:)`). Help and `--version` go to stdout as
    /// ArgumentParser prints them.
    public static func runFromCommandLine(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            guard FailureKind.of(error) != nil else { exit(withError: error) }
            let failure = failure(for: error)
            FileHandle.standardError.write(Data(failure.message.utf8))
            Foundation.exit(failure.exitCode)
        }
    }
}
