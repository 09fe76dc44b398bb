import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTraining
import Foundation

/// `alta bench learn`'s measurements (the learning-from-traces issue, §7): how fast Alta
/// extracts the parity trace dataset of ALTA.md §13.5, and how many training steps per
/// second it takes on the parity MLP, side by side with PyTorch on the same MLP, batch,
/// optimiser, data and thread count (``PyTorchTrainingBaseline``).
///
/// ```swift
/// let benchmark = LearningBenchmark()
/// let extraction = try benchmark.measureExtraction()       // 33,788 pairs
/// let steps = try benchmark.measureTraining(extraction.dataset, optimizer: .adam)
/// ```
public struct LearningBenchmark: Sendable {
    /// The program whose traces are extracted: the original's parity experiment.
    public static let program = "sparse_parity_sequential_relative"
    /// Its bit-string lengths (every string of each length).
    public static let lengths = 1...8
    /// Seconds the original took to extract the same 33,788 pairs (ALTA.md §13.5).
    public static let originalExtractionSeconds = 0.9
    /// Pairs the original extracted.
    public static let originalPairs = 33_788

    /// Timed extractions (the fastest is reported).
    public var extractionRepetitions: Int
    /// Training steps per timed run.
    public var steps: Int
    /// Rows per step.
    public var batchSize: Int

    /// A benchmark; throws `TrainingError.invalidSetting` for counts below 1.
    public init(extractionRepetitions: Int = 3, steps: Int = 500, batchSize: Int = 256) throws(TrainingError) {
        guard extractionRepetitions >= 1 else {
            throw .invalidSetting("repetitions", reason: "must be at least 1, not \(extractionRepetitions)")
        }
        guard steps >= 1 else { throw .invalidSetting("steps", reason: "must be at least 1, not \(steps)") }
        guard (1...1_048_576).contains(batchSize) else {
            throw .invalidSetting("batch", reason: "must lie in 1...1048576, not \(batchSize)")
        }
        self.extractionRepetitions = extractionRepetitions
        self.steps = steps
        self.batchSize = batchSize
    }

    /// One extraction measurement.
    public struct Extraction: Sendable {
        /// The dataset extracted (the last repetition's).
        public var dataset: TraceDataset
        /// Fastest extraction, in seconds (compilation excluded).
        public var seconds: Double
        /// Pairs per second at that time.
        public var pairsPerSecond: Double { Double(dataset.rowCount) / seconds }
        /// The original's time over ours (above 1: Alta is faster).
        public var speedupOverOriginal: Double { LearningBenchmark.originalExtractionSeconds / seconds }
    }

    /// Compiles the parity program and extracts its traces (lengths 1–8, one layer per
    /// token, uniform fill) `extractionRepetitions` times, keeping the fastest time.
    public func measureExtraction() throws -> Extraction {
        let entry = try ALTALibrary.entry(named: Self.program)
        let generator = TraceInputGenerator.bitStrings(lengths: Self.lengths)
        let inputs = try generator.inputs(for: entry, seed: 0)
        let longest = inputs.map(\.tokens.count).max() ?? 1
        let options = ALTACompilerOptions(
            maxLayers: max(1, entry.layerLimit(forTokenCount: longest).maxLayers),
            tokens: entry.inputTokens, outputValues: entry.outputValues, textEncoding: entry.encoding)
        let compiled = try ALTATransformerCompiler.compile(try entry.program(), maxLength: max(longest, entry.minimumTokenCount),
                                                           options: options)
        var best = Double.infinity
        var dataset: TraceDataset?
        for _ in 0..<extractionRepetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            dataset = try TraceDataset.extract(entry: entry, compiled: compiled, inputs: inputs, generator: generator.description,
                                               fill: .uniform, seed: 0, layers: .tokens)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        guard let dataset else { throw TrainingError.invalidSetting("repetitions", reason: "no extraction ran") }
        return Extraction(dataset: dataset, seconds: max(best, 1e-9))
    }

    /// The parity MLP's configuration (ALTA.md §13.5: two hidden layers of 128 ReLU units)
    /// with `optimizer`, this benchmark's steps and batch, σ 0.1 noise and subtract-residual
    /// targets (what `alta evaluate-mlp` needs).
    public func configuration(optimizer: OptimizerKind) -> MLPConfiguration {
        var c = MLPConfiguration()
        c.optimizer = optimizer
        c.steps = steps
        c.batchSize = batchSize
        c.subtractResidual = true
        c.noise = 0.1
        return c
    }

    /// Alta's training speed on `dataset`: steps per second of one run of ``steps`` steps
    /// (the training loop only: batch sampling, noise, forward, backward, optimiser), and
    /// the layer sizes trained.
    public func measureTraining(_ dataset: TraceDataset, optimizer: OptimizerKind) throws -> (stepsPerSecond: Double, sizes: [Int]) {
        let result = try MLPTrainer(configuration: configuration(optimizer: optimizer))
            .train(inputs: dataset.inputs, targets: dataset.targets)
        return (result.stepsPerSecond, result.mlp.sizes)
    }

    /// Everything `alta bench learn` measured.
    public struct Report: Codable, Sendable, Equatable {
        /// Trace pairs extracted, the fastest time and the rate.
        public var pairs: Int
        public var extractionSeconds: Double
        public var pairsPerSecond: Double
        /// The original's 0.9 s over ours (above 1: Alta is faster).
        public var originalExtractionSeconds: Double
        public var extractionSpeedup: Double
        /// One training measurement per optimiser.
        public var training: [Training]
        /// The PyTorch baseline's torch version, or why it did not run.
        public var torch: String?
        public var torchSkipped: String?

        /// Alta's and PyTorch's training speed on one optimiser.
        public struct Training: Codable, Sendable, Equatable {
            public var optimizer: OptimizerKind
            /// Layer sizes, input first.
            public var sizes: [Int]
            public var batch: Int
            public var steps: Int
            /// Threads both sides ran with.
            public var threads: Int
            public var altaStepsPerSecond: Double
            /// nil when the baseline did not run.
            public var torchStepsPerSecond: Double?
            /// Alta's steps per second over PyTorch's (above 1: Alta is faster).
            public var altaOverTorch: Double?
        }
    }

    /// Measures extraction, then Alta's and (when `baseline` is given and available)
    /// PyTorch's training speed with Adafactor and Adam, each pair side by side. The trace
    /// folder PyTorch reads is written to a fresh temporary folder and removed afterwards.
    ///
    /// - Parameter progress: called with a line before each measurement.
    public func run(baseline: PyTorchTrainingBaseline?, threads: Int = ParallelFor.coreCount,
                    progress: (String) -> Void = { _ in }) throws -> Report {
        progress("extracting \(Self.program)'s traces (lengths \(Self.lengths.lowerBound)–\(Self.lengths.upperBound)), \(extractionRepetitions)×")
        let extraction = try measureExtraction()
        var availability = baseline?.probe() ?? .unavailable("not requested")
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        if baseline != nil, case .available = availability {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-bench-learn-\(UUID().uuidString)")
            scratch = folder
            do {
                try TraceFolder.write(extraction.dataset, to: folder.appendingPathComponent("traces"))
            } catch {
                availability = .unavailable("cannot write the trace folder for PyTorch: \(error)")
            }
        }
        var training: [Report.Training] = []
        for optimizer in [OptimizerKind.adafactor, .adam] {
            progress("Alta: \(steps) steps at batch \(batchSize), \(optimizer.rawValue)")
            let alta = try measureTraining(extraction.dataset, optimizer: optimizer)
            var row = Report.Training(optimizer: optimizer, sizes: alta.sizes, batch: batchSize, steps: steps, threads: threads,
                                      altaStepsPerSecond: alta.stepsPerSecond)
            if let baseline, let scratch, case .available = availability {
                progress("PyTorch: \(steps) steps at batch \(batchSize), \(optimizer.rawValue), \(threads) threads")
                let torch = try baseline.train(traces: scratch.appendingPathComponent("traces"),
                                               configuration: configuration(optimizer: optimizer), threads: threads)
                row.torchStepsPerSecond = torch.stepsPerSecond
                row.altaOverTorch = alta.stepsPerSecond / torch.stepsPerSecond
            }
            training.append(row)
        }
        var report = Report(pairs: extraction.dataset.rowCount, extractionSeconds: extraction.seconds,
                            pairsPerSecond: extraction.pairsPerSecond, originalExtractionSeconds: Self.originalExtractionSeconds,
                            extractionSpeedup: extraction.speedupOverOriginal, training: training)
        switch availability {
        case .available(let version): report.torch = version
        case .unavailable(let reason): report.torchSkipped = reason
        }
        return report
    }
}
