import ArgumentParser

/// The `alta` command line: compile programs to transformer weights, run, inspect,
/// export and benchmark them.
public struct AltaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alta",
        abstract: "Compile human-readable programs into the weights of real transformers.",
        subcommands: [ListCommand.self, CompileCommand.self, EvalCommand.self, RunCommand.self, CompareCommand.self, TraceCommand.self, RulesCommand.self, InspectCommand.self, ExampleCommand.self, BenchCommand.self]
    )

    public init() {}
}

extension AltaCommand {
    /// Parses the process arguments, runs the chosen command (awaiting asynchronous ones)
    /// and exits: the executable's entry point.
    public static func runFromCommandLine() async -> Never {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit()
        } catch {
            exit(withError: error)
        }
    }
}
