import AltaBench
import AltaPrograms
import AltaTestSupport
import AltaTransformer
import Foundation
import Testing
@testable import AltaCLI

/// The `alta bench` commands are adapters: their options become the `AltaBench` benchmark's
/// settings, and the benchmarks' typed errors reach the command line with their kind. (The
/// measurements themselves need a release build and are not run here.)
@Suite struct BenchCommandTests {
    @Test func runtimeOptionsBecomeTheBenchmarksSettings() throws {
        let command = try CommandLineExpectations.parse(
            AltaCommand.self, ["bench", "runtime", "--repetitions", "3", "--only", "dense", "--no-numpy", "--skip-sparse",
                               "--sparse-layers", "1", "--sparse-batch", "2", "--sparse-length", "8"],
            as: BenchRuntimeCommand.self)
        let benchmark = command.benchmark
        #expect(benchmark.repetitions == 3 && benchmark.only == .dense && !benchmark.numpy && !benchmark.sparse)
        #expect(benchmark.sparseLayers == 1 && benchmark.sparseBatch == 2 && benchmark.sparseLength == 8)
        let defaults = try CommandLineExpectations.parse(AltaCommand.self, ["bench", "runtime"], as: BenchRuntimeCommand.self).benchmark
        #expect(defaults.repetitions == 5 && defaults.only == nil && defaults.numpy && defaults.sparse)
    }

    @Test func raspAndALTAOptionsBecomeTheBenchmarksSettings() throws {
        let rasp = try CommandLineExpectations.parse(
            AltaCommand.self, ["bench", "rasp", "--reference", "t.json", "--repetitions", "2", "--forward-repetitions", "4",
                               "--programs", "reverse,sort"],
            as: BenchRASPCommand.self).benchmark
        #expect(rasp.reference == "t.json" && rasp.repetitions == 2 && rasp.forwardRepetitions == 4 && rasp.programs == "reverse,sort")
        let alta = try CommandLineExpectations.parse(
            AltaCommand.self, ["bench", "alta", "--programs", "addition", "--inputs", "0", "--scan-commands", "5", "--dense-scan"],
            as: BenchALTACommand.self).benchmark
        #expect(alta.programs == "addition" && alta.inputs == 0 && alta.scanCommands == 5 && alta.denseSCAN && alta.repetitions == 3)
    }

    @Test func anUnknownOnlyPartIsAUsageError() {
        InProcess.expectParseError(["bench", "runtime", "--only", "fast"],
                                   "The value 'fast' is invalid for '--only <only>'. Please provide one of 'matmul', 'dense' or 'sparse'.")
    }

    @Test func benchScaleRejectsBadOptionsByName() {
        InProcess.expectParseError(["bench", "scale", "--lengths", "8,x"], "--lengths must be positive integers separated by commas, e.g. 8,16,32")
        InProcess.expectParseError(["bench", "scale", "--lengths", "8,0"], "--lengths must be positive integers separated by commas, e.g. 8,16,32")
        InProcess.expectParseError(["bench", "scale", "--programs", "reverse,nope"], "--programs: 'nope' is not a RASP library program (see alta list)")
        InProcess.expectParseError(["bench", "scale", "--programs", " , "], "--programs names no program")
    }

    /// The shipped table loads (from any folder); the program list is checked after it.
    @Test func anUnknownProgramIsAUsageError() throws {
        let rasp = try InProcess.expectFailure(["bench", "rasp", "--programs", "no_such_program"],
                                               "unknown RASP program 'no_such_program' (see alta list)", exitCode: 64)
        #expect(rasp as? BenchmarkError == .unknownProgram(language: "RASP", name: "no_such_program", known: "see alta list"))
        let alta = try InProcess.expectFailure(
            ["bench", "alta", "--programs", "nope"],
            "unknown ALTA program 'nope' (known: \((ALTALibrary.names.filter { $0 != "scan" } + ["scan"]).joined(separator: ", ")))", exitCode: 64)
        #expect(alta is BenchmarkError)
    }

    @Test func aMissingReferenceFileIsAnIOErrorNamingIt() throws {
        let error = try InProcess.expectFailure(["bench", "rasp", "--reference", "/nonexistent/tracr_models.json"],
                                                "cannot read Tracr reference table '/nonexistent/tracr_models.json': no such file", exitCode: 74)
        #expect(error as? FileError == FileError(action: "read Tracr reference table", path: "/nonexistent/tracr_models.json", reason: "no such file"))
    }

    @Test func anUnreadableReferenceFileIsADataError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alta-tracr-\(UUID().uuidString).json")
        try Data("[1, 2]".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try InProcess.expectFailure(["bench", "rasp", "--reference", file.path],
                                    "cannot read the Tracr reference table '\(file.path)': tracr_models.json: the top level is not an object",
                                    exitCode: 65)
    }
}
