import ArgumentParser

/// `alta bench …`: release-mode benchmarks that print ratios against the baselines (the
/// measurements are `AltaBench`'s; these commands parse options and print).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and size against the baselines (run with -c release).",
        subcommands: [BenchRuntimeCommand.self, BenchRASPCommand.self, BenchALTACommand.self, BenchScaleCommand.self]
    )
}
