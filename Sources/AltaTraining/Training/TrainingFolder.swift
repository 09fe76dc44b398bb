import AltaTransformer
import Foundation

/// The folder `alta train` writes: `mlp.safetensors` (``MLPCheckpoint``), `loss.svg` (the
/// batch loss per step) and `metrics.json` (configuration, final metrics, speed, dataset).
public enum TrainingFolder {
    /// The metrics file's name.
    public static let metricsFileName = "metrics.json"
    /// The loss curve's file name.
    public static let lossCurveFileName = "loss.svg"

    /// `metrics.json`'s contents.
    public struct Summary: Codable, Equatable, Sendable {
        /// The configuration trained with.
        public var configuration: MLPConfiguration
        /// The dataset's program and generator, and its row count.
        public var program: String
        public var generator: String
        public var rows: Int
        /// Layer sizes.
        public var sizes: [Int]
        /// Final metrics on every row (no noise).
        public var metrics: TrainingMetrics
        /// The last step's batch loss.
        public var finalBatchLoss: Float
        /// Seconds in the training loop, and steps and rows per second.
        public var seconds: Double
        public var stepsPerSecond: Double
        public var examplesPerSecond: Double
    }

    /// The summary of a run on `dataset`.
    public static func summary(_ result: TrainingResult, dataset: TraceMetadata) -> Summary {
        Summary(configuration: result.configuration, program: dataset.program, generator: dataset.generator, rows: dataset.rows,
                sizes: result.mlp.sizes, metrics: result.metrics, finalBatchLoss: result.losses.last ?? 0,
                seconds: result.seconds, stepsPerSecond: result.stepsPerSecond,
                examplesPerSecond: result.stepsPerSecond * Double(result.configuration.batchSize))
    }

    /// The folder's files.
    public static func files(_ result: TrainingResult, dataset: TraceMetadata) throws -> [String: Data] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let c = result.configuration
        let title = "\(dataset.program): \(result.mlp.sizes.map(String.init).joined(separator: "→")) \(c.activation.rawValue), "
            + "\(c.optimizer.rawValue), batch \(c.batchSize), σ \(c.noise)"
        return [
            MLPCheckpoint.fileName: try MLPCheckpoint.encode(result.mlp, configuration: c),
            lossCurveFileName: Data(LossCurvePlot.svg(losses: result.losses, title: title).utf8),
            metricsFileName: try encoder.encode(summary(result, dataset: dataset)),
        ]
    }

    /// Writes the folder (replacing only a training folder Alta wrote).
    public static func write(_ result: TrainingResult, dataset: TraceMetadata, to folder: URL) throws {
        try FolderWriter(kind: .training).replace(folder, with: try files(result, dataset: dataset))
    }
}
