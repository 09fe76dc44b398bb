import AltaBench
import ArgumentParser

/// `alta bench rasp`: `RASPBenchmark` (every library RASP program against Tracr's figures).
struct BenchRASPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rasp",
        abstract: "Compile and run every library RASP program; compare with Tracr's figures.",
        discussion: """
            Build in release mode: swift run -c release alta bench rasp. Reads the \
            tracr_models.json shipped with the program library unless --reference is given. \
            Ratios are Tracr's time over Alta's (above 1: Alta is faster).
            """
    )

    @Option(help: "Path of a tracr_models.json of your own (default: the shipped one).")
    var reference: String?

    @Option(help: "Timed compiles per program (median reported).")
    var repetitions: Int = 7

    @Option(help: "Timed forward passes per program (median reported).")
    var forwardRepetitions: Int = 31

    @Option(help: "Only these programs (comma-separated names).")
    var programs: String?

    func validate() throws {
        try OptionRange.check(repetitions, "--repetitions", in: 1...10_000)
        try OptionRange.check(forwardRepetitions, "--forward-repetitions", in: 1...100_000)
    }

    /// The benchmark these options describe.
    var benchmark: RASPBenchmark {
        var benchmark = RASPBenchmark()
        benchmark.reference = reference
        benchmark.repetitions = repetitions
        benchmark.forwardRepetitions = forwardRepetitions
        benchmark.programs = programs
        return benchmark
    }

    func run() throws {
        BenchmarkPrinter.print(try benchmark.run(log: BenchmarkPrinter.log()))
    }
}
