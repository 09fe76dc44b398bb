import AltaTestSupport
import Foundation
import Testing

/// `alta traces` and `alta train` through the real executable.
@Suite(.serialized) struct TrainingCommandTests {
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func tracesThenTrain() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let traces = try CommandRunner.run(
            ["traces", "sparse_parity_sequential_relative", "--lengths", "1...3", "--layers", "tokens", "--seed", "4", "-o", "par"],
            in: work)
        #expect(traces.status == 0, "\(traces.stderr)")
        #expect(traces.stdout.hasPrefix("172 rows (d_model 9) from 14 inputs of sparse_parity_sequential_relative in "))
        #expect(try Self.listing(work.appendingPathComponent("par")) == ["alta-files.json", "traces-00000.safetensors", "traces.json"])
        let metadata = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("par/traces.json"))) as? [String: Any]
        #expect(metadata?["rows"] as? Int == 172)
        #expect(metadata?["seed"] as? Int == 4)
        #expect(metadata?["fill"] as? String == "uniform")

        let train = try CommandRunner.run(
            ["train", "par", "--depth", "1", "--width", "16", "--steps", "30", "--batch", "32", "--optimizer", "adam",
             "--noise", "0.1", "--subtract-residual", "-o", "run"], in: work)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.hasPrefix("30 steps in "))
        #expect(train.stdout.contains("on all 172 rows: loss "))
        #expect(try Self.listing(work.appendingPathComponent("run")) == ["alta-files.json", "loss.svg", "metrics.json", "mlp.safetensors"])
        let svg = try String(contentsOf: work.appendingPathComponent("run/loss.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<polyline"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("run/metrics.json"))) as? [String: Any]
        #expect(summary?["sizes"] as? [Int] == [9, 16, 9])
        #expect(summary?["rows"] as? Int == 172)

        // The same run again is bit-identical: same checkpoint.
        let again = try CommandRunner.run(
            ["train", "par", "--depth", "1", "--width", "16", "--steps", "30", "--batch", "32", "--optimizer", "adam",
             "--noise", "0.1", "--subtract-residual", "-o", "run2"], in: work)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: work.appendingPathComponent("run/mlp.safetensors"))
            == Data(contentsOf: work.appendingPathComponent("run2/mlp.safetensors")))

        // Adafactor's momentum and relative step reach the run and its recorded configuration.
        let options = try CommandRunner.run(
            ["train", "par", "--depth", "1", "--width", "16", "--steps", "5", "--batch", "32", "--adafactor-momentum", "0.9",
             "--adafactor-relative-step", "--subtract-residual", "-o", "run3"], in: work)
        #expect(options.status == 0, "\(options.stderr)")
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("run3/metrics.json"))) as? [String: Any]
        let configuration = recorded?["configuration"] as? [String: Any]
        #expect(configuration?["adafactorMomentum"] as? Double == 0.9)
        #expect(configuration?["adafactorRelativeStep"] as? Bool == true)
        #expect(configuration?["learningRate"] as? Double == 0.01)

        // A trace folder is not replaced by a training run, nor the reverse.
        let clash = try CommandRunner.run(["train", "par", "--steps", "1", "-o", "par"], in: work)
        #expect(clash.status == 74)
        #expect(clash.stderr.contains("'par'"))
        #expect(try Self.listing(work.appendingPathComponent("par")) == ["alta-files.json", "traces-00000.safetensors", "traces.json"])
    }

    @Test func optionsAreCheckedAtParseTime() {
        let cases: [([String], String)] = [
            (["train", "x", "--lr", "0", "-o", "o"], "--lr must be in (0.0, ∞), got 0.0"),
            (["train", "x", "--decay", "1.5", "-o", "o"], "--decay must be in (0.0, 1.0], got 1.5"),
            (["train", "x", "--batch", "0", "-o", "o"], "--batch must be in 1...1048576, got 0"),
            (["train", "x", "--activation", "gelu", "-o", "o"], "--activation must be relu, sigmoid or tanh, got 'gelu'"),
            (["train", "x", "--adafactor-momentum", "1", "-o", "o"], "--adafactor-momentum must be in [0.0, 1.0), got 1.0"),
            (["train", "x", "--adafactor-momentum", "nan", "-o", "o"], "--adafactor-momentum must be in [0.0, 1.0), got nan"),
            (["train", "x", "--optimizer", "adam", "--adafactor-momentum", "0.5", "-o", "o"],
             "--adafactor-momentum needs --optimizer adafactor, got adam"),
            (["train", "x", "--optimizer", "adam", "--adafactor-relative-step", "-o", "o"],
             "--adafactor-relative-step needs --optimizer adafactor, got adam"),
            (["train", "x", "--adafactor-relative-step", "--lr", "0.1", "-o", "o"],
             "--lr does not apply with --adafactor-relative-step (the step size is min(1e-2, 1/√t))"),
            (["train", "x", "--adafactor-relative-step", "--decay", "1", "-o", "o"],
             "--decay does not apply with --adafactor-relative-step (the step size is min(1e-2, 1/√t))"),
            (["learn", "parity", "--trace-adafactor-momentum=-0.1"], "--trace-adafactor-momentum must be in [0.0, 1.0), got -0.1"),
            (["traces", "parity_sum_mod_2", "--lengths", "8...1", "-o", "o"],
             "--lengths must lie within 1...20 with the low end first, got '8...1'"),
            (["traces", "parity_sum_mod_2", "--fill", "gauss", "-o", "o"], "--fill must be uniform or zero, got 'gauss'"),
        ]
        for (arguments, message) in cases { InProcess.expectParseError(arguments, message) }
    }

    @Test func wrongInputsAreErrorsInWords() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let digits = try CommandRunner.run(["traces", "sparse_parity_sequential_relative", "--digits", "2", "-o", "o"], in: work)
        #expect(digits.status == 1)
        #expect(digits.stderr == "Error: --digits does not apply to sparse_parity_sequential_relative (its inputs come from the parity generator)\n")
        let memory = try CommandRunner.run(["traces", "sparse_parity_sequential_relative", "--lengths", "1...6", "-o", "o"],
                                           in: work, environment: ["ALTA_MEMORY_LIMIT": "100K"])
        #expect(memory.status == 1)
        // Progress lines (stderr is not a terminal) come first; the error is the last line.
        #expect(memory.stderr.split(separator: "\n").last.map(String.init)
            == "Error: memory: storing the trace rows of 63 inputs needs 101.7 KiB, more than the memory limit of 100.0 KiB; "
            + "raise it with ALTA_MEMORY_LIMIT (e.g. ALTA_MEMORY_LIMIT=64G) if the machine has the memory")
        let missing = try CommandRunner.run(["train", "nothing", "-o", "o"], in: work)
        #expect(missing.status == 74)
        #expect(missing.stderr == "Error: cannot read the trace dataset 'nothing': no readable traces.json in it\n")
        #expect(try Self.listing(work).isEmpty)
    }
}
