import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation

/// A compiled ALTA model whose MLP is a trained one (ALTA.md §13.3): the compiled token and
/// position embeddings and attention, with the learned MLP in place of the compiled
/// discretising MLP at every loop iteration.
///
/// The learned MLP must have been trained with "subtract residual" targets (`alta train
/// --subtract-residual`: it predicts the state after the MLP minus the state before it), so
/// its prediction is exactly what the MLP sublayer adds to the residual. It runs two ways
/// that give the same bits:
///
/// * ``runHooked(_:maxLayers:)`` through the runtime's hooks: a read hook keeps
///   `hook_resid_mid` of each step, a replace hook swaps `hook_mlp_out` for the learned MLP
///   of it;
/// * ``substituted``: a `TransformerModel` whose feed-forward *is* the learned MLP, which
///   runs and exports like any other model.
///
/// ```swift
/// let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: mlp)
/// let table = try learned.accuracy(perLength: [8, 16], samples: 20, seed: 0)
/// ```
public struct LearnedMLPModel: Sendable {
    /// The library program.
    public let entry: ALTAProgramEntry
    /// The compiled program (its MLP is the one replaced).
    public let compiled: ALTACompiledProgram
    /// The learned MLP, `d_model → d_model`, predicting output − input.
    public let mlp: MLP
    /// The compiled model with the learned MLP as every layer's feed-forward.
    public let substituted: TransformerModel

    /// A model from a compiled program and a learned MLP.
    ///
    /// - Throws: `TrainingError.shapeMismatch` when the MLP does not map the model's
    ///   `d_model` to itself, `.invalidSetting("activation", …)` for an activation the
    ///   runtime lacks.
    public init(entry: ALTAProgramEntry, compiled: ALTACompiledProgram, mlp: MLP) throws {
        let d = compiled.model.dModel
        guard mlp.sizes.first == d, mlp.sizes.last == d else {
            throw TrainingError.shapeMismatch(
                "the learned MLP maps \(mlp.sizes.first ?? 0) to \(mlp.sizes.last ?? 0) dimensions; \(entry.name)'s residual has \(d)")
        }
        self.entry = entry
        self.compiled = compiled
        self.mlp = mlp
        var layers: [LinearLayer] = []
        for i in 0..<mlp.layerCount {
            layers.append(LinearLayer(weight: .dense(mlp.parameters[2 * i]), bias: mlp.parameters[2 * i + 1].values))
        }
        var model = compiled.model
        for l in model.layers.indices {
            model.layers[l].feedForward = FeedForward(layers: layers, activation: mlp.activation)
        }
        model.metadata["learned_mlp"] = mlp.sizes.map(String.init).joined(separator: ",") + " " + mlp.activation.rawValue
        try model.validate()
        self.substituted = model
    }

    /// A model from a compiled program and an `alta train` checkpoint's bytes (`path` names
    /// it in errors); throws `TrainingError.invalidSetting("checkpoint", …)` when the
    /// checkpoint was not trained with subtract-residual targets.
    public init(entry: ALTAProgramEntry, compiled: ALTACompiledProgram, checkpoint data: [UInt8], path: String) throws {
        let file = try SafeTensorsFile.decode(data)
        if let text = file.metadata["configuration"] {
            let configuration: MLPConfiguration
            do {
                configuration = try JSONDecoder().decode(MLPConfiguration.self, from: Data(text.utf8))
            } catch {
                throw TrainingError.unreadableCheckpoint(path: path, reason: "the configuration metadata is not readable: \(error)")
            }
            guard configuration.subtractResidual else {
                throw TrainingError.invalidSetting("checkpoint", reason: "\(path) was trained without --subtract-residual; "
                    + "a learned MLP inside the model must predict output − input")
            }
        }
        try self.init(entry: entry, compiled: compiled, mlp: try MLPCheckpoint.decode(Data(data), path: path))
    }

    /// The layer cap for an input of `tokenCount` tokens: the entry's own limit.
    public func layerCap(forTokenCount tokenCount: Int) -> Int {
        entry.layerLimit(forTokenCount: tokenCount).maxLayers
    }

    /// Runs `tokens` through the compiled model with the learned MLP put in by hooks, to
    /// halting or `maxLayers` (default: the entry's limit).
    public func runHooked(_ tokens: [[String]], maxLayers: Int? = nil) throws -> ForwardResult {
        let cap = maxLayers ?? tokens.map { layerCap(forTokenCount: $0.count) }.max() ?? 1
        let box = ResidualBox()
        var hooks = Hooks()
        let mlp = self.mlp
        for step in 0..<cap {
            hooks.read(.residMid(step: step)) { _, residual in box.residual = residual }
            hooks.replace(.mlpOut(step: step)) { _, output in
                guard let residual = box.residual, let prediction = try? mlp.forward(residual) else {
                    return Matrix(rows: output.rows, columns: output.columns + 1)   // refused by the runtime's shape check
                }
                return prediction
            }
        }
        return try compiled.model.run(tokens, options: RunOptions(maxLayers: cap, threads: 1, hooks: hooks))
    }

    /// Runs `tokens` through ``substituted`` (no hooks), to halting or `maxLayers`.
    public func runSubstituted(_ tokens: [[String]], maxLayers: Int? = nil) throws -> ForwardResult {
        let cap = maxLayers ?? tokens.map { layerCap(forTokenCount: $0.count) }.max() ?? 1
        return try substituted.run(tokens, options: RunOptions(maxLayers: cap, threads: 1))
    }

    /// The output text of sequence `index` of `result`, decoded as the model decodes every
    /// run (argmax of the output variable's scores per position, then the text encoding);
    /// nil when that text encoding refuses the outputs.
    public func outputText(of result: ForwardResult, sequence index: Int) -> String? {
        try? substituted.text(of: result.outputs(of: index))
    }

    /// `count` random bit strings of `length` bits drawn from `SplitMix64(seed:)` (the parity
    /// programs' inputs beyond the exhaustive trace lengths).
    public static func randomBitStrings(length: Int, count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in String((0..<length).map { _ in random.int(in: 0...1) == 1 ? "1" : "0" }) }
    }

    /// Accuracy of the substituted model against the interpreter on `samples` random inputs
    /// of each length (`LengthInputs`: bit strings for parity programs, additions of that
    /// many digits per operand), each run to halting or its cap.
    ///
    /// - Throws: `TrainingError.invalidSetting` for a program without random inputs of a
    ///   length, a length the compiled model cannot hold, or fewer than one sample.
    public func accuracy(perLength lengths: [Int], samples: Int, seed: UInt64, maxLayers: Int? = nil) throws -> [LengthAccuracy] {
        guard LengthInputs.supports(entry) else { throw LengthInputs.unsupported(entry) }
        guard samples >= 1 else { throw TrainingError.invalidSetting("samples", reason: "at least one sample is needed, not \(samples)") }
        let interpreter = ALTAInterpreter(program: compiled.program)
        var table: [LengthAccuracy] = []
        for (k, length) in lengths.enumerated() {
            let texts = try LengthInputs.random(for: entry, length: length, count: samples, seed: seed &+ UInt64(k))
            var correct = 0
            for text in texts {
                let tokens = try entry.tokens(text)
                guard tokens.count <= compiled.model.maxSequenceLength else {
                    throw TrainingError.invalidSetting("lengths", reason: "inputs of length \(length) take \(tokens.count) tokens; the compiled model holds at most \(compiled.model.maxSequenceLength)")
                }
                let expected = try entry.decode(interpreter.run(try entry.encode(text), layers: entry.layerLimit(forTokenCount: tokens.count), trace: false).output)
                let result = try runSubstituted([tokens], maxLayers: maxLayers)
                if outputText(of: result, sequence: 0) == expected { correct += 1 }
            }
            table.append(LengthAccuracy(length: length, samples: samples, correct: correct))
        }
        return table
    }
}

/// The residual a read hook saw last, for the replace hook that follows it (one thread).
private final class ResidualBox: @unchecked Sendable {
    var residual: Matrix?
}
