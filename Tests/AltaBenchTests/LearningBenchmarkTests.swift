import ALTACompiler
import AltaPrograms
import AltaBench
import AltaTestSupport
import AltaTraining
import AltaTransformer
import Foundation
import Testing

/// `LearningBenchmark`'s settings and the PyTorch baseline's process handling (the timings
/// themselves need a release build and are not asserted).
struct LearningBenchmarkTests {
    @Test func settingsOutOfRangeAreRefused() {
        #expect(throws: TrainingError.invalidSetting("repetitions", reason: "must be at least 1, not 0")) {
            try LearningBenchmark(extractionRepetitions: 0)
        }
        #expect(throws: TrainingError.invalidSetting("steps", reason: "must be at least 1, not -3")) {
            try LearningBenchmark(steps: -3)
        }
        #expect(throws: TrainingError.invalidSetting("batch", reason: "must lie in 1...1048576, not 0")) {
            try LearningBenchmark(batchSize: 0)
        }
    }

    /// The benchmark trains the parity experiment's network: 2 × 128 ReLU, subtract-residual,
    /// σ 0.1, with the optimiser asked for and the benchmark's steps and batch.
    @Test func configurationIsTheParityMLP() throws {
        let c = try LearningBenchmark(steps: 40, batchSize: 64).configuration(optimizer: .adam)
        #expect(c.depth == 2 && c.width == 128 && c.activation == .relu)
        #expect(c.optimizer == .adam && c.steps == 40 && c.batchSize == 64)
        #expect(c.subtractResidual && c.noise == 0.1)
    }

    @Test func aMissingScriptMakesTheBaselineUnavailable() {
        let baseline = PyTorchTrainingBaseline(script: URL(fileURLWithPath: "/nonexistent/train_mlp.py"))
        #expect(baseline.probe() == .unavailable("/nonexistent/train_mlp.py is missing"))
    }

    /// A stand-in for train_mlp.py in a new temporary folder: it exits with status 3 unless
    /// its arguments are `expected` (a Python list's items), else prints a progress line and
    /// `summary`.
    private func standInScript(expecting expected: String, answering summary: String) throws -> (folder: URL, script: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-bench-learn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("fake.py")
        try Data("""
            import sys
            a = sys.argv[1:]
            expected = [\(expected)]
            if a != expected:
                print("unexpected arguments", a, file=sys.stderr)
                sys.exit(3)
            print("a progress line")
            print('\(summary)')
            """.utf8).write(to: script)
        return (folder, script)
    }

    /// The baseline passes the configuration as train_mlp.py's options and reads its JSON
    /// summary (a stand-in script checks the options and answers).
    @Test func theBaselinePassesTheConfigurationAndReadsTheSummary() throws {
        let (folder, script) = try standInScript(expecting: """
            "/TRACES", "--json", "--threads", "3", "--depth", "2", "--width", "128", "--activation", "relu",
            "--initialisation", "he", "--optimizer", "adafactor", "--steps", "7", "--batch", "32", "--lr", "0.01",
            "--warmup", "100", "--decay", "0.01", "--noise", "0.1", "--weight-decay", "0.0", "--seed", "0",
            "--subtract-residual"
            """, answering: #"{"steps_per_second": 12.5, "threads": 3, "final_batch_loss": 0.25}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = PyTorchTrainingBaseline(script: script)
        let configuration = try LearningBenchmark(steps: 7, batchSize: 32).configuration(optimizer: .adafactor)
        let run = try baseline.train(traces: URL(fileURLWithPath: "/TRACES"), configuration: configuration, threads: 3)
        #expect(run.stepsPerSecond == 12.5 && run.threads == 3 && run.finalBatchLoss == 0.25)
    }

    /// Adafactor's momentum and relative step reach the script, the relative step in place of
    /// the schedule's options (which the script refuses beside it).
    @Test func theBaselinePassesAdafactorsOptions() throws {
        let (folder, script) = try standInScript(expecting: """
            "/TRACES", "--json", "--threads", "1", "--depth", "2", "--width", "128", "--activation", "relu",
            "--initialisation", "he", "--optimizer", "adafactor", "--steps", "7", "--batch", "32",
            "--adafactor-relative-step", "--noise", "0.1", "--weight-decay", "0.0", "--seed", "0",
            "--adafactor-momentum", "0.9", "--subtract-residual"
            """, answering: #"{"steps_per_second": 10.0, "threads": 1, "final_batch_loss": 0.5}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try LearningBenchmark(steps: 7, batchSize: 32).configuration(optimizer: .adafactor)
        configuration.adafactorMomentum = 0.9
        configuration.adafactorRelativeStep = true
        let run = try PyTorchTrainingBaseline(script: script).train(traces: URL(fileURLWithPath: "/TRACES"), configuration: configuration, threads: 1)
        #expect(run.stepsPerSecond == 10 && run.threads == 1 && run.finalBatchLoss == 0.5)
    }

    @Test func aFailingScriptIsReportedWithItsStandardError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-bench-learn-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("failing.py")
        try Data("import sys\nprint('error: no torch here', file=sys.stderr)\nsys.exit(4)\n".utf8).write(to: script)
        let configuration = try LearningBenchmark(steps: 1).configuration(optimizer: .adam)
        let error = try #require(throws: PyTorchTrainingBaseline.Failure.self) {
            try PyTorchTrainingBaseline(script: script).train(traces: folder, configuration: configuration, threads: 1)
        }
        #expect(error.description == "python3 exited with status 4: error: no torch here")
    }

    static let torchAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import torch, safetensors"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// python/train_mlp.py trains on a trace folder Alta wrote and writes a checkpoint that
    /// `LearnedMLPModel` loads, with the configuration it was given (needs torch).
    @Test(.enabled(if: torchAvailable, "python3 cannot import torch and safetensors"))
    func theTorchScriptWritesACheckpointAltaLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-train-mlp-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let entry = try ALTALibrary.entry(named: LearningBenchmark.program)
        let generator = TraceInputGenerator.bitStrings(lengths: 1...3)
        let compiled = try ALTATransformerCompiler.compile(try entry.program(), maxLength: 4)
        let dataset = try TraceDataset.extract(entry: entry, compiled: compiled, inputs: try generator.inputs(for: entry, seed: 0),
                                               generator: generator.description, fill: .uniform, seed: 0, layers: .tokens)
        try TraceFolder.write(dataset, to: folder.appendingPathComponent("traces"), shardRows: 50)
        let script = PackageRoot.url().appendingPathComponent("python/train_mlp.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.appendingPathComponent("traces").path, "-o", folder.appendingPathComponent("run").path,
                             "--steps", "5", "--batch", "16", "--width", "16", "--optimizer", "adam", "--subtract-residual",
                             "--threads", "1", "--seed", "4"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let checkpoint = folder.appendingPathComponent("run/\(MLPCheckpoint.fileName)")
        let data = try Data(contentsOf: checkpoint)
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, checkpoint: [UInt8](data), path: checkpoint.path)
        #expect(learned.mlp.sizes == [dataset.dModel, 16, 16, dataset.dModel])
        #expect(learned.mlp.activation == .relu)
        let text = try #require(try SafeTensorsFile.decode([UInt8](data)).metadata["configuration"])
        let file = try JSONDecoder().decode(MLPConfiguration.self, from: Data(text.utf8))
        #expect(file.steps == 5 && file.batchSize == 16 && file.width == 16 && file.optimizer == .adam && file.subtractResidual && file.seed == 4)
        // The manifest marks the folder as a training run, so `alta train` may replace it.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("run/alta-files.json"))) as? [String: Any]
        #expect(manifest?["kind"] as? String == "training")
        #expect(manifest?["files"] as? [String] == ["metrics.json", "mlp.safetensors"])
    }
}
