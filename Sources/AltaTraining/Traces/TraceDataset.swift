import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors

/// MLP input/output pairs of an ALTA program, recorded by the interpreter in the compiled
/// model's residual layout (ALTA.md §13.1): one row per input × layer run × position.
///
/// Row `r`'s input is the state after layer `layer[r]`'s attention at `position[r]` of input
/// `example[r]` (what the compiled MLP reads), its target the state after that layer's MLP
/// (what the residual holds after it; head outputs are reset, so undefined). Undefined
/// inputs are filled as `TraceFill` says; undefined targets are zero.
///
/// ```swift
/// let compiled = try ALTATransformerCompiler.compile(program, maxLength: 9)
/// let data = try TraceDataset.extract(entry: entry, compiled: compiled,
///                                     inputs: try TraceInputGenerator.bitStrings(lengths: 1...8).inputs(for: entry, seed: 0),
///                                     generator: "…", fill: .uniform, seed: 0, layers: .tokens)
/// data.rowCount   // 33,788 for sparse_parity_sequential_relative with `layers: .tokens`
/// ```
public struct TraceDataset: Sendable, Equatable {
    /// What the dataset holds.
    public var metadata: TraceMetadata
    /// `[rows, dModel]` MLP inputs.
    public var inputs: Matrix
    /// `[rows, dModel]` MLP outputs (the residual after the MLP).
    public var targets: Matrix
    /// `[rows]` layer index of each row.
    public var layer: [Int32]
    /// `[rows]` position of each row.
    public var position: [Int32]
    /// `[rows]` index of each row's input.
    public var example: [Int32]

    /// Number of rows.
    public var rowCount: Int { inputs.rows }
    /// Residual width.
    public var dModel: Int { inputs.columns }

    /// A dataset from its parts (the row arrays must agree in length).
    public init(metadata: TraceMetadata, inputs: Matrix, targets: Matrix, layer: [Int32], position: [Int32], example: [Int32]) throws {
        guard inputs.rows == targets.rows, inputs.columns == targets.columns, layer.count == inputs.rows,
              position.count == inputs.rows, example.count == inputs.rows, metadata.d_model == inputs.columns else {
            throw TrainingError.shapeMismatch("trace rows disagree: inputs \(inputs.shape), targets \(targets.shape), "
                + "\(layer.count) layers, \(position.count) positions, \(example.count) examples, d_model \(metadata.d_model)")
        }
        self.metadata = metadata
        self.inputs = inputs
        self.targets = targets
        self.layer = layer
        self.position = position
        self.example = example
    }

    /// Runs the interpreter on every input (with the layer limit `layers` gives, capped at
    /// `maxLayers` when given) and records every layer and position.
    ///
    /// - Parameters:
    ///   - progress: called after each input with the number done.
    /// - Throws: `TrainingError.extractionFailed` naming the input when the interpreter or the
    ///   encoding fails; `.invalidSetting("memory", …)` once the rows would outgrow the memory
    ///   limit (`MemoryLimit`, `ALTA_MEMORY_LIMIT`).
    public static func extract(
        entry: ALTAProgramEntry, compiled: ALTACompiledProgram, inputs: [TraceInput], generator: String,
        fill: TraceFill, seed: UInt64, layers policy: TraceLayerPolicy = .program, maxLayers: Int? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> TraceDataset {
        if let maxLayers, maxLayers < 1 {
            throw TrainingError.invalidSetting("max-layers", reason: "at least one layer is needed, not \(maxLayers)")
        }
        let limit: MemoryLimit
        do { limit = try MemoryLimit.current() } catch { throw TrainingError.invalidSetting("memory", reason: "\(error)") }
        let interpreter = ALTAInterpreter(program: compiled.program)
        let encoder = ResidualStateEncoder(compiled)
        let d = encoder.dModel
        var random = SplitMix64(seed: seed ^ 0x7261_6365_5F66_696C)   // "race_fil": fill noise apart from the generator
        var inputValues: [Float] = []
        var targetValues: [Float] = []
        var layers: [Int32] = []
        var positions: [Int32] = []
        var examples: [Int32] = []
        var row = [Float](repeating: 0, count: d)
        for (e, input) in inputs.enumerated() {
            do {
                let layerLimit = policy.limit(tokenCount: input.tokens.count, program: entry.layerLimit(forTokenCount: input.tokens.count),
                                              maxLayers: maxLayers)
                guard input.tokens.count <= compiled.model.maxSequenceLength else {
                    throw TrainingError.invalidSetting("input", reason: "\(input.tokens.count) tokens, the compiled model takes at most \(compiled.model.maxSequenceLength)")
                }
                let run = try interpreter.run(input.tokens, layers: layerLimit, trace: true)
                guard let trace = run.trace else { throw TrainingError.invalidSetting("trace", reason: "the interpreter returned no trace") }
                for layer in trace.layers {
                    for p in 0..<input.tokens.count {
                        try encoder.encode(layer.afterAttention, position: p, into: &row, headMatches: layer.headMatches,
                                           fill: fill, random: &random)
                        inputValues.append(contentsOf: row)
                        try encoder.encode(layer.afterMLP, position: p, into: &row, fill: .zero, random: &random)
                        targetValues.append(contentsOf: row)
                        layers.append(Int32(layer.index))
                        positions.append(Int32(p))
                        examples.append(Int32(e))
                    }
                }
            } catch let error as TrainingError {
                throw TrainingError.extractionFailed(program: entry.name, input: input.text, reason: "\(error)")
            } catch {
                throw TrainingError.extractionFailed(program: entry.name, input: input.text, reason: "\(error)")
            }
            // Inputs and targets grow with every input: stop before they outgrow the limit.
            do {
                try limit.check(MemoryLimit.bytes(of: [2, layers.count, d]), for: "storing the trace rows of \(e + 1) inputs")
            } catch {
                throw TrainingError.invalidSetting("memory", reason: "\(error)")
            }
            progress(e + 1)
        }
        let rows = layers.count
        let metadata = TraceMetadata(program: entry.name, generator: generator, seed: seed, fill: fill,
                                     residualLabels: compiled.layout.labels, examples: inputs.count, rows: rows, shards: [],
                                     layers: policy)
        return try TraceDataset(
            metadata: metadata, inputs: try Matrix(rows: rows, columns: d, values: inputValues),
            targets: try Matrix(rows: rows, columns: d, values: targetValues),
            layer: layers, position: positions, example: examples)
    }
}
