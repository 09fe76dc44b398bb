import ArgumentParser

/// `alta bench …`: release-mode benchmarks that print ratios against the baselines.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed and size against the baselines (run with -c release).",
        subcommands: [RuntimeBenchmarkCommand.self, RASPBenchmarkCommand.self, ALTABenchmarkCommand.self, ScaleBenchmarkCommand.self, LearnBenchmarkCommand.self]
    )
}
