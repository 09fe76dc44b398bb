import AltaTestSupport
import Foundation
import Testing

/// `alta scan`: which commands it runs (the shipped tasks.txt, a part of a split, or the
/// user's file) and the errors for a bad choice. Every run happens in an empty temporary
/// folder, so the shipped data is found from wherever the command is started.
@Suite(.serialized) struct SCANCommandTests {
    /// Runs `alta scan arguments…` in a fresh empty folder.
    static func scan(_ arguments: [String]) throws -> CommandRunner.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try CommandRunner.run(["scan"] + arguments, in: folder)
    }

    static func json(_ result: CommandRunner.Result) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any], "\(result.stdout)")
    }

    /// One command through the interpreter (fast in a debug build).
    static let quick = ["--interpreter", "--limit", "1", "--threads", "1", "--json"]

    @Test func withoutDataRunsTheShippedTasks() throws {
        let result = try Self.scan(Self.quick)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Self.json(result)
        #expect(summary["data"] as? String == "tasks.txt")
        #expect(summary["commands"] as? Int == 1)
        #expect(summary["correct"] as? Int == 1)
    }

    @Test func splitAndPartChooseAShippedFile() throws {
        let result = try Self.scan(["--split", "length", "--part", "test"] + Self.quick)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Self.json(result)
        #expect(summary["data"] as? String == "length_split/tasks_test_length.txt")
        #expect(summary["correct"] as? Int == 1)
        // The length split's test commands need more layers than the shortest commands.
        #expect((summary["max_layers_run"] as? Int ?? 0) > 150)
    }

    @Test func dataReadsTheUsersFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alta-scan-\(UUID().uuidString).txt")
        try Data("IN: jump twice OUT: I_JUMP I_JUMP\nIN: walk left OUT: I_TURN_LEFT I_RUN\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.scan(["--data", file.path, "--interpreter", "--threads", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Self.json(result)
        #expect(summary["data"] as? String == file.path)
        #expect(summary["commands"] as? Int == 2)
        // The second line's expected actions are wrong on purpose: the run reports the miss.
        #expect(summary["correct"] as? Int == 1)
    }

    @Test(arguments: [
        (["--split", "simple"], "--split simple needs --part train or test"),
        (["--part", "test"], "--part test needs --split length or simple"),
        (["--data", "tasks.txt", "--split", "simple", "--part", "test"],
         "--data reads a file of your own and --split/--part choose a shipped split; give one or the other"),
        (["--data", "tasks.txt", "--part", "train"],
         "--data reads a file of your own and --split/--part choose a shipped split; give one or the other"),
        (["--split", "long", "--part", "test"], "unknown SCAN split 'long' (expected length or simple)"),
        (["--split", "length", "--part", "dev"], "unknown part 'dev' of a SCAN split (expected train or test)"),
        (["--interpreter", "--backend", "sparse-rows"], "--backend chooses how the weights run; --interpreter runs none"),
    ])
    func badChoicesOfDataAreNamed(arguments: [String], message: String) throws {
        let result = try Self.scan(arguments)
        #expect(result.status != 0)
        #expect(result.stderr == "Error: \(message)\n")
        #expect(result.stdout.isEmpty)
    }

    /// "jump twice" through the compiled weights on either backend: exact, 42 layers (the
    /// dense feature-major pass of SCAN in optimised builds, `TestBuild`).
    @Test(arguments: TestBuild.cases(["automatic", "feature-major"], slowInDebug: ["feature-major"]))
    func weightsOnEitherBackend(backend: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alta-scan-\(UUID().uuidString).txt")
        try Data("IN: jump twice OUT: I_JUMP I_JUMP\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Self.scan(["--data", file.path, "--threads", "1", "--json", "--backend", backend])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try Self.json(result)
        #expect(summary["mode"] as? String == "compiled")
        #expect(summary["correct"] as? Int == 1)
        #expect(summary["max_layers_run"] as? Int == 42)
    }

    @Test func missingDataFileIsNamed() throws {
        let result = try Self.scan(["--data", "/nonexistent/scan/tasks.txt"])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: cannot read SCAN data file '/nonexistent/scan/tasks.txt': no such file\n")
    }
}
