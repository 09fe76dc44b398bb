import AltaTestSupport
import Foundation
import Testing

/// `alta bench learn` through the real executable: its option checks, and one tiny run
/// without PyTorch (timings are not asserted; the benchmark is for release builds).
@Suite(.serialized) struct LearnBenchmarkCommandTests {
    @Test func stepsBelowOneAreRefused() throws {
        let result = try CommandRunner.run(["bench", "learn", "--steps", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.split(separator: "\n").first == "Error: --steps must be in 1...10000000, got 0")
    }

    @Test func aMissingTorchScriptIsNamed() throws {
        let result = try CommandRunner.run(["bench", "learn", "--torch-script", "/nonexistent/train_mlp.py"])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: --torch-script: no readable file at /nonexistent/train_mlp.py\n")
    }

    /// The JSON report: the original's 33,788 parity pairs, one row per optimiser on the
    /// 9 → 128 → 128 → 9 MLP, and the PyTorch columns skipped as asked.
    @Test func aRunWithoutTorchReportsAltasFigures() throws {
        let result = try CommandRunner.run(["bench", "learn", "--repetitions", "1", "--steps", "2", "--batch", "8", "--no-torch", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["pairs"] as? Int == 33_788)
        #expect(report["torchSkipped"] as? String == "disabled with --no-torch")
        let training = try #require(report["training"] as? [[String: Any]])
        #expect(training.map { $0["optimizer"] as? String } == ["adafactor", "adam"])
        for row in training {
            #expect(row["sizes"] as? [Int] == [9, 128, 128, 9])
            #expect(row["steps"] as? Int == 2 && row["batch"] as? Int == 8)
            #expect((row["altaStepsPerSecond"] as? Double ?? 0) > 0)
            #expect(row["torchStepsPerSecond"] == nil)
        }
    }
}
