import AltaTestSupport
import AltaTraining
import Foundation
import Testing
@testable import AltaCLI

/// `alta learn` through the real executable, on tiny configurations.
@Suite(.serialized) struct LearnCommandTests {
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-learn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    static let tiny = ["--train-lengths", "1...3", "--test-lengths", "3,5", "--samples", "4", "--trace-steps", "40",
                       "--trace-width", "16", "--e2e-steps", "15", "--e2e-batch", "8", "--d-model", "8", "--heads", "2",
                       "--ffn-width", "8", "--layers", "2"]

    @Test func jsonSchemaPlotAndReproducibleNumbers() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let run = try CommandRunner.run(["learn", "parity", "--seeds", "2", "--json", "--svg", "plots"] + Self.tiny, in: work)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["program"] as? String == "sparse_parity_sequential_relative")
        #expect(object["train_lengths"] as? [Int] == [1, 3])
        #expect(object["test_lengths"] as? [Int] == [3, 5])
        #expect(object["seeds"] as? Int == 2)
        // Every bit string of 1–3 bits: 14 pairs; traces with one layer per token
        // (n + 1 layers of n + 1 positions): 2·4 + 4·9 + 8·16 = 172 rows, as `alta traces`.
        #expect(object["pairs"] as? Int == 14)
        #expect(object["trace_rows"] as? Int == 172)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["method"] as? String } == ["trace_noise", "trace_noise", "trace", "trace", "e2e_stacked", "e2e_stacked", "e2e_looped", "e2e_looped"])
        #expect(results.map { $0["length"] as? Int } == [3, 5, 3, 5, 3, 5, 3, 5])
        for result in results {
            let accuracy = try #require(result["accuracy"] as? Double)
            let sd = try #require(result["sd"] as? Double)
            let runs = try #require(result["runs"] as? [Double])
            #expect(runs.count == 2)
            // Four inputs per length: each run's accuracy is a multiple of 1/4.
            #expect(runs.allSatisfy { (0...1).contains($0) && ($0 * 4).rounded() == $0 * 4 })
            #expect(abs(accuracy - (runs[0] + runs[1]) / 2) < 1e-12)
            #expect(abs(sd - abs(runs[0] - runs[1]) / 2.0.squareRoot()) < 1e-12)
        }
        let svg = try String(contentsOf: work.appendingPathComponent("plots/accuracy.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
        for label in ["trace, σ = 0.1", "trace, σ = 0", "end-to-end stacked", "end-to-end looped"] { #expect(svg.contains(label)) }

        // A seed gives the same numbers again.
        let again = try CommandRunner.run(["learn", "parity", "--seeds", "2", "--json"] + Self.tiny, in: work)
        let againObject = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let againResults = try #require(againObject["results"] as? [[String: Any]])
        #expect(againResults.map { $0["runs"] as? [Double] } == results.map { $0["runs"] as? [Double] })
    }

    @Test func tablePrintsOneRowPerMethod() throws {
        let run = try CommandRunner.run(["learn", "parity", "--seeds", "1", "--methods", "e2e_looped,trace"] + Self.tiny)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("sparse_parity_sequential_relative: trained on lengths 1...3 (172 trace rows, 14 input/output pairs); "
            + "accuracy on 4 random inputs per test length, mean ± sd over 1 seed"))
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true) == ["method", "3", "5"])
        #expect(lines[2].hasPrefix("end-to-end looped "))
        #expect(lines[3].hasPrefix("trace, σ = 0 "))
        #expect(lines[3].hasSuffix(" ± 0.00"))
        #expect(lines[4].hasPrefix("training per run: e2e_looped "))
    }

    /// The trace options reach the study: zero fill, Adam and its rate, batch and width
    /// train a trace MLP on the absolute-position program up to its 50 positions.
    @Test func traceOptionsAndAbsolutePositions() throws {
        let run = try CommandRunner.run(["learn", "sparse_parity_sequential_absolute", "--seeds", "1", "--methods", "trace", "--json",
                                         "--train-lengths", "1...3", "--test-lengths", "3,50", "--samples", "2", "--trace-steps", "30",
                                         "--trace-width", "8", "--trace-depth", "1", "--trace-optimizer", "adam", "--trace-lr", "1e-3",
                                         "--trace-batch", "16", "--fill", "zero"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["program"] as? String == "sparse_parity_sequential_absolute")
        #expect(object["trace_rows"] as? Int == 90)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["length"] as? Int } == [3, 50])

        let settings = try LearnCommand.parse(["addition", "--trace-optimizer", "adam", "--trace-lr", "1e-3", "--trace-batch", "16",
                                               "--fill", "zero"]).settings(addition: true)
        #expect(settings.mlp.optimizer == .adam && settings.mlp.learningRate == 1e-3 && settings.mlp.batchSize == 16)
        #expect(settings.fill == .zero)
        let defaults = try LearnCommand.parse(["addition"]).settings(addition: true)
        #expect(defaults.mlp.optimizer == .adafactor && defaults.mlp.learningRate == 1e-2 && defaults.mlp.batchSize == 256)
        #expect(defaults.fill == .uniform)
    }

    /// The trace MLP's Adafactor options reach its training configuration.
    @Test func traceAdafactorOptionsReachTheSettings() throws {
        let command = try LearnCommand.parse(["parity", "--trace-adafactor-momentum", "0.5", "--trace-adafactor-relative-step"])
        let settings = try command.settings(addition: false)
        #expect(settings.mlp.adafactorMomentum == 0.5 && settings.mlp.adafactorRelativeStep)
        let defaults = try LearnCommand.parse(["parity"]).settings(addition: false)
        #expect(defaults.mlp.adafactorMomentum == 0 && !defaults.mlp.adafactorRelativeStep)
    }

    @Test func errorsNameTheProblem() throws {
        let subleq = try CommandRunner.run(["learn", "subleq"])
        #expect(subleq.status == 1)
        #expect(subleq.stderr == "Error: subleq has no random inputs per length (parity programs and addition have)\n")
        let method = try CommandRunner.run(["learn", "parity", "--methods", "trace,magic"])
        #expect(method.status != 0)
        #expect(method.stderr.contains("--methods takes trace_noise, trace, e2e_stacked and e2e_looped, got 'magic'"))
        let heads = try CommandRunner.run(["learn", "parity", "--d-model", "10", "--heads", "4"])
        #expect(heads.status != 0)
        #expect(heads.stderr.contains("--heads must divide --d-model 10, got 4"))
        let positions = try CommandRunner.run(["learn", "parity", "--positions", "rotary"])
        #expect(positions.status != 0)
        #expect(positions.stderr.contains("--positions must be relative, absolute or none, got 'rotary'"))
        let fill = try CommandRunner.run(["learn", "addition", "--fill", "spotty"])
        #expect(fill.status == 64)
        #expect(fill.stderr.contains("--fill must be uniform or zero, got 'spotty'"))
        let optimizer = try CommandRunner.run(["learn", "addition", "--trace-optimizer", "sgd"])
        #expect(optimizer.status == 64)
        #expect(optimizer.stderr.contains("--trace-optimizer must be adafactor or adam, got 'sgd'"))
        let rate = try CommandRunner.run(["learn", "addition", "--trace-lr", "0"])
        #expect(rate.status == 64)
        #expect(rate.stderr.contains("--trace-lr must be in (0.0, ∞), got 0.0"))
        // The absolute-position program has 50 positions: parity's default test length 64
        // does not fit, and is refused before anything trains.
        let absolute = try CommandRunner.run(["learn", "sparse_parity_sequential_absolute"])
        #expect(absolute.status == 1)
        #expect(absolute.stderr == "Error: test-lengths: sparse_parity_sequential_absolute takes at most 50 bits (its compiled model has 50 positions), not 64\n")
    }
}
