import AltaTestSupport
import Foundation
import Testing

/// `alta bench rasp` reads Tracr's shipped reference table from wherever it is started, or
/// the user's table with `--reference`. (The measurements themselves need a release build
/// and are not run here.)
@Suite(.serialized) struct BenchCommandTests {
    static func benchRASP(_ arguments: [String]) throws -> CommandRunner.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try CommandRunner.run(["bench", "rasp"] + arguments, in: folder)
    }

    /// The table loads (from an empty folder); the program list is checked after it.
    @Test func shippedReferenceTableIsFoundFromAnyFolder() throws {
        let result = try Self.benchRASP(["--programs", "no_such_program"])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: unknown RASP program 'no_such_program' (see alta list)\n")
    }

    @Test func missingReferenceFileIsNamed() throws {
        let result = try Self.benchRASP(["--reference", "/nonexistent/tracr_models.json"])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: cannot read Tracr reference table '/nonexistent/tracr_models.json': no such file\n")
    }

    @Test func unreadableReferenceFileIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alta-tracr-\(UUID().uuidString).json")
        try Data("[1, 2]".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.benchRASP(["--reference", file.path])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: cannot read the Tracr reference table '\(file.path)': tracr_models.json: the top level is not an object\n")
    }
}
