import ArgumentParser

/// The `alta` command line: compile programs to transformer weights, run, inspect,
/// export and benchmark them.
public struct AltaCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alta",
        abstract: "Compile human-readable programs into the weights of real transformers.",
        subcommands: [DemoCommand.self, ListCommand.self, CompileCommand.self, EvalCommand.self, CheckCommand.self, ReplCommand.self, PrintCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self, TraceCommand.self, TracesCommand.self, TrainCommand.self, EvaluateMLPCommand.self, LearnCommand.self, CoverageCommand.self, RulesCommand.self, SCANCommand.self, InspectCommand.self, CircuitCommand.self, ExampleCommand.self, BenchCommand.self, FuzzCommand.self]
    )

    public init() {}
}

