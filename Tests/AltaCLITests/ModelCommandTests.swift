import AltaTestSupport
import Foundation
import Testing

/// `alta example`, `alta run`, `alta inspect` through the real executable.
@Suite(.serialized) struct ModelCommandTests {
    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("alta-cli-\(UUID().uuidString)").path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func exampleExportsAndRunReadsItBack() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let built = try CommandRunner.run(["example", "copy-previous", "--output", folder, "--input", "a b c"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("output: BOS - a b"))

        let run = try CommandRunner.run(["run", folder, "--input", "c a", "--input", "b b b", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try #require(try Self.json(run.stdout)["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[0]["input"] as? [String] == ["BOS", "c", "a"])
        let output = try #require(results[0]["output"] as? [Any])
        #expect(output.count == 3 && output[0] as? String == "BOS" && output[1] is NSNull && output[2] as? String == "c")
    }

    @Test func runWithTraceDecodesEveryStage() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CommandRunner.run(["example", "spreading-flag", "--output", folder])
        let run = try CommandRunner.run(["run", folder, "--input", "0 1 1 0", "--trace"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("layers: 3 (halted)"))
        #expect(run.stdout.contains("── iteration 3 mlp ──"))
        let json = try CommandRunner.run(["run", folder, "--input", "0 1 1 0", "--trace", "--json"])
        let result = try #require((try Self.json(json.stdout)["results"] as? [[String: Any]])?.first)
        let stages = try #require(result["trace"] as? [[String: Any]])
        #expect(stages.count == 1 + 2 * 3)
        let last = try #require(stages.last?["variables"] as? [String: Any])
        #expect(last["done"] as? [Double] == [1, 1, 1, 1])
    }

    @Test func inspectReportsCountsAndLabels() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CommandRunner.run(["example", "copy-previous", "--output", folder])
        let text = try CommandRunner.run(["inspect", folder])
        #expect(text.status == 0)
        #expect(text.stdout.contains("previous: a b c"))
        let json = try Self.json(try CommandRunner.run(["inspect", folder, "--json"]).stdout)
        #expect(json["d_model"] as? Int == 18)
        #expect(json["input_tokens"] as? [String] == ["BOS", "PAD", "a", "b", "c"])
        let layers = try #require(json["layers"] as? [[String: Any]])
        #expect(layers.count == 1 && (layers[0]["heads"] as? [Any])?.count == 1)
        #expect((json["nonzero_parameters"] as? Int ?? 0) > 0)
    }

    @Test func errorsGoToStderrWithNonZeroExit() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CommandRunner.run(["example", "copy-previous", "--output", folder])
        let unknown = try CommandRunner.run(["run", folder, "--input", "a z"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown token 'z'"))
        #expect(unknown.stdout.isEmpty)
        let tooLong = try CommandRunner.run(["run", folder, "--input", Array(repeating: "a", count: 20).joined(separator: " ")])
        #expect(tooLong.status != 0 && tooLong.stderr.contains("maximum"))
        let missing = try CommandRunner.run(["run", "/nonexistent/model", "--input", "a"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/model"))
        let noInput = try CommandRunner.run(["run", folder])
        #expect(noInput.status != 0 && noInput.stderr.contains("--input"))
    }

    @Test func inputFileRunsABatch() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try CommandRunner.run(["example", "copy-previous", "--output", folder])
        let inputs = folder + "-inputs.txt"
        defer { try? FileManager.default.removeItem(atPath: inputs) }
        try "a b\n\nc c a\n".write(toFile: inputs, atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", folder, "--input-file", inputs, "--json"])
        let results = try #require(try Self.json(run.stdout)["results"] as? [[String: Any]])
        #expect(results.count == 2)
    }

    @Test(arguments: ["inspect", "run", "example", "bench"])
    func everyCommandHasHelp(command: String) throws {
        let help = try CommandRunner.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
    }
}
