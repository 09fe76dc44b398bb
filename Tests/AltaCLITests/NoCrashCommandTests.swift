import AltaTestSupport
import Foundation
import Testing
@testable import AltaCLI

/// What a user can type or load ends in a clean error or a correct run, never a signal or
/// a hang: the repros, the memory limit and the seeded fuzz run.
@Suite(.serialized) struct NoCrashCommandTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("alta-nocrash-\(UUID().uuidString)")
    }

    /// Exports `example` to a new folder and applies `edit` to its config.json.
    static func editedExample(_ example: String, edit: (inout [String: Any], inout [String: Any]) -> Void) throws -> URL {
        let folder = temporaryFolder()
        let built = try CommandRunner.run(["example", example, "--output", folder.path])
        try #require(built.status == 0, "\(built.stderr)")
        let configURL = folder.appendingPathComponent("config.json")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(json["alta"] as? [String: Any])
        edit(&json, &alta)
        json["alta"] = alta
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        return folder
    }

    @Test func negativeRulesLimitIsRefusedByTheParser() {
        InProcess.expectParseError(["rules", "parity_sequential_absolute", "--limit=-1"], "--limit must be at least 0, got -1")
    }

    @Test func negativeSampleCountIsRefusedByTheParser() {
        InProcess.expectParseError(["compile", "reverse", "-o", "m", "--samples=-1"], "--samples must be in 0...100000, got -1")
    }

    @Test(arguments: [("0", "--max-len must be in 1...20000, got 0"), ("20001", "--max-len must be in 1...20000, got 20001")])
    func maxLengthOutsideItsRangeIsRefused(value: String, message: String) {
        InProcess.expectParseError(["compile", "reverse", "-o", "m", "--max-len", value], message)
    }

    /// The parser's refusal, end to end: exit status 64, the message and the usage on stderr.
    @Test func aParseErrorExitsWithTheUsageStatus() throws {
        let result = try CommandRunner.run(["rules", "parity_sequential_absolute", "--limit=-1"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --limit must be at least 0, got -1\nUsage: alta rules"))
    }

    static let outOfRangeOptions: [([String], String)] = [
        (["scan", "--data", "x", "--threads", "0"], "--threads must be in 1...1024, got 0"),
        (["scan", "--data", "x", "--limit", "0"], "--limit must be at least 1, got 0"),
        (["scan", "--data", "x", "--max-layers=-5"], "--max-layers must be in 1...1000000, got -5"),
        (["bench", "runtime", "--repetitions", "0"], "--repetitions must be in 1...10000, got 0"),
        (["bench", "runtime", "--sparse-length", "99999"], "--sparse-length must be in 1...4096, got 99999"),
        (["bench", "rasp", "--forward-repetitions", "0"], "--forward-repetitions must be in 1...100000, got 0"),
        (["bench", "alta", "--inputs=-1"], "--inputs must be in 0...100000, got -1"),
        (["fuzz", "--cases", "0"], "--cases must be in 1...10000000, got 0"),
        (["fuzz", "--timeout", "nan"], "--timeout must be in 0.1...3600 seconds, got nan"),
        (["run", "reverse", "--input", "a", "--max-len=-3"], "--max-len must be in 1...20000, got -3"),
        (["eval", "reverse", "--input", "a", "--max-len", "0"], "--max-len must be in 1...20000, got 0"),
    ]

    @Test(arguments: outOfRangeOptions)
    func numericOptionsOutsideTheirRangeAreRefusedByTheParser(arguments: [String], message: String) {
        InProcess.expectParseError(arguments, message)
    }

    @Test func compileAboveTheMemoryLimitIsRefusedWithTheSizeNeeded() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(
            ["compile", "reverse", "--max-len", "100", "--dense", "-o", folder.path], environment: ["ALTA_MEMORY_LIMIT": "50M"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: export to '\(folder.path)' failed: exporting this model (float32 tensors and the file encoding them) needs 200.3 MiB, more than the memory limit of 50.0 MiB; raise it with ALTA_MEMORY_LIMIT (e.g. ALTA_MEMORY_LIMIT=64G) if the machine has the memory\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing is written")

        // The default export stores the mostly-zero tensors sparse, which fits the same limit.
        let sparse = try CommandRunner.run(
            ["compile", "reverse", "--max-len", "100", "-o", folder.path], environment: ["ALTA_MEMORY_LIMIT": "50M"])
        #expect(sparse.status == 0, "\(sparse.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path))

        // It also loads and runs under that limit: its matrices stay sparse once loaded.
        let run = try CommandRunner.run(["run", folder.path, "--input", "a b c"], environment: ["ALTA_MEMORY_LIMIT": "50M"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("output: BOS c b a\n"))

        // The same model exported dense (without the limit) needs its dense size to load.
        let dense = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dense) }
        let denseExport = try CommandRunner.run(["compile", "reverse", "--max-len", "100", "--dense", "-o", dense.path])
        #expect(denseExport.status == 0, "\(denseExport.stderr)")
        let denseRun = try CommandRunner.run(["run", dense.path, "--input", "a b c"], environment: ["ALTA_MEMORY_LIMIT": "50M"])
        #expect(denseRun.status == 1)
        #expect(denseRun.stderr == "Error: cannot load model folder \(dense.path): the model \(dense.path)/config.json describes needs 100.2 MiB, more than the memory limit of 50.0 MiB; raise it with ALTA_MEMORY_LIMIT (e.g. ALTA_MEMORY_LIMIT=64G) if the machine has the memory\n")
    }

    @Test func lookupTableAboveTheMemoryLimitIsRefusedBeforeItIsBuilt() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(
            ["compile", "reverse", "--max-len", "100", "-o", folder.path], environment: ["ALTA_MEMORY_LIMIT": "10M"])
        #expect(result.status == 1)
        #expect(result.stderr == "Error: cannot compile reverse: the lookup table of opp_idx-1_3 (10100 neurons, dense float32 weights) needs 15.5 MiB, more than the memory limit of 10.0 MiB; raise it with ALTA_MEMORY_LIMIT (e.g. ALTA_MEMORY_LIMIT=64G) if the machine has the memory\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing is written")
    }

    @Test func malformedMemoryLimitIsReported() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(
            ["compile", "reverse", "-o", folder.path], environment: ["ALTA_MEMORY_LIMIT": "lots"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ALTA_MEMORY_LIMIT='lots' is not a size (use bytes or a K, M, G or T suffix, e.g. 16G)"))
    }

    @Test func negativeHiddenWidthIsReportedByInspectAndRun() throws {
        let folder = try Self.editedExample("copy-previous") { _, alta in alta["mlp_hidden_widths"] = [[-1]] }
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["inspect", folder.path], ["run", folder.path, "--input", "a b"]] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 65)
            #expect(result.stderr == "Error: cannot load model folder \(folder.path): config.json: field 'alta.mlp_hidden_widths[0][0]' must be at least 0, got -1\n")
        }
    }

    @Test func loopedModelWithHugeCapReturnsOnceItHalts() throws {
        let folder = try Self.editedExample("spreading-flag") { _, alta in alta["max_iterations"] = Int.max }
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["run", folder.path, "--input", "0 1 1 0"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("layers: 3 (halted)"))
    }

    /// A few hundred seeded cases: mutated folders of the three exports through `inspect`
    /// and `run`, and mutated command lines; none may crash, hang or fail silently.
    @Test func seededFuzzRunHasNoCrashesOrHangs() throws {
        let directory = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fuzzer = ModelFolderFuzzer(
            seeds: try FuzzSeed.standard(in: directory),
            runner: TimedProcess(executable: try CommandRunner.executable()), directory: directory)
        let report = try fuzzer.run(count: 250, seed: 20_261_207, timeout: 60)
        #expect(report.cases == 250)
        #expect(report.crashes == 0 && report.hangs == 0 && report.silentFailures == 0, "\(report)")
        // Both kinds of acceptable ending occur, so the classification is exercised.
        #expect(report.cleanErrors > 0 && report.runs > 0, "\(report.summary)")
    }

    @Test func fuzzCasesAreReproducibleFromTheSeed() throws {
        let directory = Self.temporaryFolder()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fuzzer = ModelFolderFuzzer(
            seeds: try FuzzSeed.standard(in: directory),
            runner: TimedProcess(executable: try CommandRunner.executable()), directory: directory)
        for index in 0..<40 {
            let a = fuzzer.makeCase(index, seed: 5), b = fuzzer.makeCase(index, seed: 5)
            #expect(a.change == b.change && a.arguments == b.arguments && a.files == b.files)
        }
        let changes = Set((0..<40).map { fuzzer.makeCase($0, seed: 5).change })
        #expect(changes.count > 30, "cases differ from one another")
    }

    @Test func fuzzCommandPrintsTheTally() throws {
        let result = try CommandRunner.run(["fuzz", "--cases", "6", "--seed", "3"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let tally = try #require(result.stdout.split(separator: "\n").first)
        #expect(tally.hasPrefix("6 cases (seed 3): "))
        #expect(tally.hasSuffix(", 0 crashes, 0 hangs, 0 failures without a message"))
    }

    @Test func timedProcessKillsAProcessPastItsLimit() throws {
        let runner = TimedProcess(executable: URL(fileURLWithPath: "/bin/sleep"))
        let result = try runner.run(["30"], in: FileManager.default.temporaryDirectory, timeout: 0.5)
        #expect(result.termination == .timedOut)
        #expect(FuzzOutcome.classify(result) == .hang)
        #expect(result.seconds < 10)
    }
}
