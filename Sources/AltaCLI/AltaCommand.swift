import ArgumentParser

/// The `alta` command line: compile programs to transformer weights, run, inspect,
/// export and benchmark them.
public struct AltaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alta",
        abstract: "Compile human-readable programs into the weights of real transformers.",
        subcommands: [BenchCommand.self]
    )

    public init() {}
}
