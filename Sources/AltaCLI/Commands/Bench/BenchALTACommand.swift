import AltaBench
import ArgumentParser

/// `alta bench alta`: `ALTABenchmark` (every ALTA example against the original's figures).
struct BenchALTACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alta",
        abstract: "Compile and run every ALTA example; compare with the original ALTA's figures.",
        discussion: """
            Build in release mode: swift run -c release alta bench alta. Programs are measured \
            in order of size (SCAN last) so that each peak-RSS growth belongs to its compile. \
            Ratios are the original's time over Alta's (above 1: Alta is faster).
            """)

    @Option(help: "Timed compiles per program (median reported).")
    var repetitions: Int = 3

    @Option(help: "Random inputs per program besides the examples.")
    var inputs: Int = 8

    @Option(help: "Only these programs (comma-separated names; 'scan' for SCAN).")
    var programs: String?

    @Option(help: "SCAN commands from the data file for the per-command averages.")
    var scanCommands: Int = 40

    @Option(help: "A SCAN data file of your own (default: the shipped tasks.txt).")
    var scanData: String?

    @Flag(help: "Also time the dense runtime on SCAN (slow).")
    var denseSCAN = false

    func validate() throws {
        try OptionRange.check(repetitions, "--repetitions", in: 1...10_000)
        try OptionRange.check(inputs, "--inputs", in: 0...100_000)
        try OptionRange.check(scanCommands, "--scan-commands", in: 1...100_000)
    }

    /// The benchmark these options describe.
    var benchmark: ALTABenchmark {
        var benchmark = ALTABenchmark()
        benchmark.repetitions = repetitions
        benchmark.inputs = inputs
        benchmark.programs = programs
        benchmark.scanCommands = scanCommands
        benchmark.scanData = scanData
        benchmark.denseSCAN = denseSCAN
        return benchmark
    }

    func run() throws {
        BenchmarkPrinter.print(try benchmark.run(log: BenchmarkPrinter.log()))
    }
}
