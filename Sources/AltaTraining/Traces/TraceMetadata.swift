/// `traces.json`: what a trace dataset holds and how it was made.
public struct TraceMetadata: Codable, Equatable, Sendable {
    /// The metadata file's name in a trace folder.
    public static let fileName = "traces.json"

    /// Format version of the folder.
    public var format_version: Int
    /// The library program run.
    public var program: String
    /// The generator, described (e.g. "parity bit strings of lengths 1...8").
    public var generator: String
    /// The seed of the generator and of the uniform fill.
    public var seed: UInt64
    /// How undefined MLP inputs were filled (`uniform` or `zero`).
    public var fill: TraceFill
    /// How many layers each input ran.
    public var layers: TraceLayerPolicy
    /// Residual width.
    public var d_model: Int
    /// One label per residual dimension (`name:value`, `name`, `name.defined`, …).
    public var residual_labels: [String]
    /// Number of model inputs run.
    public var examples: Int
    /// Number of rows (MLP input/output pairs).
    public var rows: Int
    /// The shard files, in row order.
    public var shards: [String]

    /// Metadata.
    public init(program: String, generator: String, seed: UInt64, fill: TraceFill, residualLabels: [String],
                examples: Int, rows: Int, shards: [String], layers: TraceLayerPolicy = .program) {
        self.format_version = 1
        self.program = program
        self.generator = generator
        self.seed = seed
        self.fill = fill
        self.layers = layers
        self.d_model = residualLabels.count
        self.residual_labels = residualLabels
        self.examples = examples
        self.rows = rows
        self.shards = shards
    }
}
