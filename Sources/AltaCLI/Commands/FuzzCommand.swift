import ArgumentParser
import Foundation

/// `alta fuzz`: seeded fuzzing of model folders and command lines through this executable.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz model loading and the command line: every case must end in a clean error or a run.",
        discussion: """
            Exports three models (reverse, frac_prevs, parity_sequential_absolute), then runs \
            cases made from them with a seeded random generator: a mutated config.json \
            (values out of range, wrong types, missing fields, huge numbers, NaN) or \
            model.safetensors (header length, header JSON, dtypes, shapes, offsets, \
            truncation, bit flips, NaN weights) through `alta inspect` and `alta run`, or a \
            mutated command line. Each case runs this executable as a subprocess under the \
            time limit and is counted as a clean error, a run, a crash (signal), a hang \
            (time limit) or a failure without a message. Prints the tally and how to \
            reproduce each failing case (their folders are kept); exits non-zero when any \
            case failed.
            """)

    @Option(help: "Number of cases.")
    var cases = 1000

    @Option(help: "Seed of the case generator (the same seed gives the same cases).")
    var seed = 1

    @Option(help: "Seconds each case may run before it counts as a hang.")
    var timeout = 30.0

    @Option(help: "The alta executable the cases run (default: this one), e.g. an older build to compare.")
    var executable: String?

    @Flag(help: "Print every case and its outcome.")
    var verbose = false

    func validate() throws {
        try OptionRange.check(cases, "--cases", in: 1...10_000_000)
        try OptionRange.check(seed, "--seed", atLeast: 0)
        guard timeout.isFinite, timeout >= 0.1, timeout <= 3600 else {
            throw ValidationError("--timeout must be in 0.1...3600 seconds, got \(timeout)")
        }
    }

    func run() throws {
        let executable = self.executable.map { URL(fileURLWithPath: $0) }
            ?? Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw CLIError("--executable \(executable.path) is not an executable file")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("alta-fuzz-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let report: FuzzReport
        do {
            let fuzzer = ModelFolderFuzzer(
                seeds: try FuzzSeed.standard(in: directory), runner: TimedProcess(executable: executable), directory: directory)
            report = try fuzzer.run(count: cases, seed: UInt64(seed), timeout: timeout) { index, fuzzCase, outcome in
                if verbose {
                    print("case \(index): \(outcome) — \(fuzzCase.change)")
                } else if (index + 1) % 100 == 0 {
                    FileHandle.standardError.write(Data("\(index + 1)/\(cases) cases\n".utf8))
                }
            }
        } catch {
            // The harness itself failed (e.g. the executable could not be started): the
            // folder it made holds nothing to reproduce.
            try? FileManager.default.removeItem(at: directory)
            throw CLIError("fuzzing stopped: \(error)", cause: error)
        }
        print(report)
        if report.failures.isEmpty {
            try? FileManager.default.removeItem(at: directory)
        } else {
            throw CLIError("\(report.failures.count) failing cases; their folders are under \(directory.path)")
        }
    }
}
