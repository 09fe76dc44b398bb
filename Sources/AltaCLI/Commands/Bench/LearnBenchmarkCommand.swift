import AltaTensors
import AltaBench
import AltaTraining
import ArgumentParser
import Foundation

/// `alta bench learn`: trace extraction rate against the original's 0.9 s, and training
/// steps per second for the parity MLP against PyTorch on the same MLP, batch, optimiser and
/// threads (``LearningBenchmark``).
struct LearnBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Benchmark trace extraction and MLP training steps against the original and PyTorch.",
        discussion: """
            Build in release mode: swift run -c release alta bench learn. Extracts the parity \
            traces of ALTA.md §13.5 (every bit string of lengths 1–8: 33,788 pairs) and \
            compares the fastest of --repetitions with the original's 0.9 s; then trains the \
            parity MLP (d_model → 128 → 128 → d_model, ReLU) for --steps steps at --batch \
            with Adafactor and with Adam, in Alta and in PyTorch (python/train_mlp.py, \
            torch.set_num_threads = Alta's threads) on the same trace rows. Ratios above 1: \
            Alta is faster. Without torch the PyTorch columns are skipped with a note.
            """)

    @Option(help: "Timed extractions (the fastest is reported).") var repetitions: Int = 3
    @Option(help: "Training steps per run.") var steps: Int = 500
    @Option(help: "Rows per step.") var batch: Int = 256
    @Option(help: "python/train_mlp.py (default: found in the current folder or beside the build folder).") var torchScript: String?
    @Flag(help: "Do not run the PyTorch baseline.") var noTorch = false
    @Flag(help: "Print the measurements as JSON.") var json = false

    func validate() throws {
        try OptionRange.check(repetitions, "--repetitions", in: 1...1_000)
        try OptionRange.check(steps, "--steps", in: 1...10_000_000)
        try OptionRange.check(batch, "--batch", in: 1...1_048_576)
    }

    func run() throws {
        let progress = ProgressReporter()
        var baseline: PyTorchTrainingBaseline?
        if !noTorch {
            if let torchScript {
                guard FileManager.default.isReadableFile(atPath: torchScript) else {
                    throw CLIError("--torch-script: no readable file at \(torchScript)")
                }
                baseline = PyTorchTrainingBaseline(script: URL(fileURLWithPath: torchScript))
            } else if let script = PyTorchTrainingBaseline.locateScript() {
                baseline = PyTorchTrainingBaseline(script: script)
            }
        }
        let report: LearningBenchmark.Report
        do {
            report = try LearningBenchmark(extractionRepetitions: repetitions, steps: steps, batchSize: batch)
                .run(baseline: baseline) { progress.note("… \($0)") }
        } catch {
            throw CLIError("\(error)")
        }
        var skipped = report.torchSkipped
        if noTorch { skipped = "disabled with --no-torch" } else if baseline == nil { skipped = "python/train_mlp.py not found (give --torch-script)" }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            var copy = report
            copy.torchSkipped = skipped
            print(String(decoding: try encoder.encode(copy), as: UTF8.self))
            return
        }
        let f = { (x: Double, digits: Int) in String(format: "%.\(digits)f", x) }
        print("Trace extraction: \(report.pairs) pairs in \(f(report.extractionSeconds, 3)) s = \(f(report.pairsPerSecond, 0)) pairs/s; "
            + "the original: \(LearningBenchmark.originalPairs) in \(f(report.originalExtractionSeconds, 1)) s → Alta \(f(report.extractionSpeedup, 2))× faster")
        if let skipped { print("PyTorch baseline skipped: \(skipped)") } else if let version = report.torch { print("PyTorch \(version)") }
        var rows = [["training", "steps", "batch", "threads", "alta steps/s", "torch steps/s", "alta/torch"]]
        for t in report.training {
            rows.append(["\(t.sizes.map(String.init).joined(separator: "→")) \(t.optimizer.rawValue)", String(t.steps), String(t.batch),
                         String(t.threads), f(t.altaStepsPerSecond, 1), t.torchStepsPerSecond.map { f($0, 1) } ?? "skipped",
                         t.altaOverTorch.map { f($0, 2) + "×" } ?? "-"])
        }
        print(TextTable.render(rows), terminator: "")
    }
}
