import AltaBench
import ArgumentParser
import Foundation

/// `alta bench scale`: `ScaleBenchmark` (compile time, peak memory, export size and load
/// time against `--max-len`).
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Compile time, peak memory, export size and load time against --max-len, with log-log slopes.",
        discussion: """
            Build in release mode: swift run -c release alta bench scale. Each compile runs in \
            a child process of this executable; exports go to a temporary folder that is removed \
            afterwards.
            """
    )

    @Option(help: "RASP library programs (comma-separated).")
    var programs = "reverse,sort,sort_unique"

    @Option(help: "Maximum lengths N (comma-separated).")
    var lengths = "8,16,32,64,128,256,512"

    @Flag(help: "Store the exports dense (alta compile --dense).")
    var dense = false

    @Flag(help: "Print machine-readable JSON instead of the table.")
    var json = false

    func validate() throws {
        guard !programNames.isEmpty else { throw ValidationError("--programs names no program") }
        for name in programNames where ProgramLookup.rasp(name) == nil {
            throw ValidationError("--programs: '\(name)' is not a RASP library program (see alta list)")
        }
        guard let ns = maxLengths, !ns.isEmpty else {
            throw ValidationError("--lengths must be positive integers separated by commas, e.g. 8,16,32")
        }
    }

    var programNames: [String] {
        programs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    var maxLengths: [Int]? {
        let parts = lengths.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap(Int.init)
        guard values.count == parts.count, values.allSatisfy({ $0 >= 1 }) else { return nil }
        return values
    }

    func run() throws {
        guard let executable = Bundle.main.executableURL else {
            throw CLIError("cannot find the alta executable to run the compiles")
        }
        let benchmark = ScaleBenchmark(executable: executable, programs: programNames, lengths: maxLengths ?? [], dense: dense)
        let result = try benchmark.run(log: BenchmarkPrinter.log())
        if json {
            try JSONOutput.print(result.record.fields)
        } else {
            BenchmarkPrinter.print(result.report)
        }
    }
}
