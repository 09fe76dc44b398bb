import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import Testing
@testable import AltaTraining

@Suite struct LearnedMLPModelTests {
    static let name = "sparse_parity_sequential_relative"

    static func compiled(maxBits: Int) throws -> (ALTAProgramEntry, ALTACompiledProgram) {
        let entry = try ALTALibrary.entry(named: name)
        let length = maxBits + 1
        let options = ALTACompilerOptions(
            maxLayers: max(1, entry.layerLimit(forTokenCount: length).maxLayers),
            tokens: entry.inputTokens, outputValues: entry.outputValues, textEncoding: entry.encoding)
        return (entry, try ALTATransformerCompiler.compile(try entry.program(), maxLength: length, options: options))
    }

    /// The compiled MLP as a plain `MLP` (its dense weights, clipped ReLU): it predicts
    /// exactly what the compiled sublayer adds, as a subtract-residual MLP does.
    static func compiledMLP(_ compiled: ALTACompiledProgram) throws -> MLP {
        let ff = compiled.model.layers[0].feedForward
        let sizes = [compiled.model.dModel] + ff.layers.map(\.outputWidth)
        var parameters: [Matrix] = []
        for layer in ff.layers {
            parameters.append(layer.weight.dense)
            parameters.append(try Matrix(rows: 1, columns: layer.outputWidth, values: layer.bias))
        }
        return try MLP(sizes: sizes, activation: ff.activation, parameters: parameters)
    }

    @Test func theCompiledMLPAsALearnedOneIsExactOnParity() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 12)
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: try Self.compiledMLP(compiled))
        let table = try learned.accuracy(perLength: [4, 12], samples: 5, seed: 1)
        #expect(table == [LengthAccuracy(length: 4, samples: 5, correct: 5), LengthAccuracy(length: 12, samples: 5, correct: 5)])
    }

    @Test func hookedRunEqualsSubstitutedModelRun() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 8)
        var random = SplitMix64(seed: 3)
        let d = compiled.model.dModel
        let mlp = try MLP(sizes: [d, 16, d], activation: .relu, initialisation: .he, random: &random)
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: mlp)
        let tokens = try ["10110", "0", "11111111"].map { try entry.tokens($0) }
        for sequence in tokens {
            let hooked = try learned.runHooked([sequence])
            let substituted = try learned.runSubstituted([sequence])
            #expect(hooked.layersRun == substituted.layersRun)
            #expect(hooked.finalResidual(of: 0).values == substituted.finalResidual(of: 0).values)
        }
    }

    @Test func aZeroMLPNeverUpdatesTheState() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 8)
        let d = compiled.model.dModel
        let zero = try MLP(sizes: [d, 4, d], activation: .relu,
                           parameters: [Matrix(rows: d, columns: 4), Matrix(rows: 1, columns: 4), Matrix(rows: 4, columns: d), Matrix(rows: 1, columns: d)])
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: zero)
        let tokens = try entry.tokens("1011")
        let result = try learned.runSubstituted([tokens])
        // Without MLP updates the program never halts: it runs the whole cap.
        #expect(result.halted == [false])
        #expect(result.layersRun == [learned.layerCap(forTokenCount: tokens.count)])
    }

    @Test func aZeroMLPScoresTheAccuracyOfNeverUpdating() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 10)
        let d = compiled.model.dModel
        let zero = try MLP(sizes: [d, 2, d], activation: .relu,
                           parameters: [Matrix(rows: d, columns: 2), Matrix(rows: 1, columns: 2), Matrix(rows: 2, columns: d), Matrix(rows: 1, columns: d)])
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: zero)
        let texts = LearnedMLPModel.randomBitStrings(length: 10, count: 12, seed: 7)
        // The MLP never writes: each input's output is read from the state the embeddings
        // and attention leave (the parity variable as the embedding sets it).
        var agreeing = 0
        for text in texts {
            let tokens = try entry.tokens(text)
            let result = try learned.runSubstituted([tokens])
            var embedded = Hooks()
            let box = MatrixBox()
            embedded.read(.residPre(step: 0)) { _, residual in box.value = residual }
            _ = try compiled.model.run([tokens], options: RunOptions(maxLayers: 1, hooks: embedded))
            let parity = try #require(compiled.model.residualLabels.firstIndex(of: "parity:0"))
            let last = tokens.count - 1
            #expect(result.finalResidual(of: 0)[last, parity] == box.value?[last, parity])
            if learned.outputText(of: result, sequence: 0) == (try entry.run(text).output) { agreeing += 1 }
        }
        #expect(agreeing < 12)
        #expect(try learned.accuracy(perLength: [10], samples: 12, seed: 7) == [LengthAccuracy(length: 10, samples: 12, correct: agreeing)])
    }

    @Test func aCheckpointTrainedWithoutSubtractResidualIsRefused() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 4)
        var random = SplitMix64(seed: 0)
        let d = compiled.model.dModel
        let mlp = try MLP(sizes: [d, 4, d], activation: .relu, initialisation: .he, random: &random)
        let bytes = try MLPCheckpoint.encode(mlp, configuration: MLPConfiguration())
        #expect(throws: TrainingError.invalidSetting("checkpoint", reason: "run/mlp.safetensors was trained without --subtract-residual; "
            + "a learned MLP inside the model must predict output − input")) {
            _ = try LearnedMLPModel(entry: entry, compiled: compiled, checkpoint: [UInt8](bytes), path: "run/mlp.safetensors")
        }
        var configuration = MLPConfiguration()
        configuration.subtractResidual = true
        let accepted = try LearnedMLPModel(entry: entry, compiled: compiled,
                                           checkpoint: [UInt8](try MLPCheckpoint.encode(mlp, configuration: configuration)), path: "x")
        #expect(accepted.mlp == mlp)
    }

    @Test func aMLPOfTheWrongWidthIsRefused() throws {
        let (entry, compiled) = try Self.compiled(maxBits: 4)
        var random = SplitMix64(seed: 0)
        let mlp = try MLP(sizes: [3, 4, 3], activation: .relu, initialisation: .he, random: &random)
        #expect(throws: TrainingError.shapeMismatch(
            "the learned MLP maps 3 to 3 dimensions; sparse_parity_sequential_relative's residual has \(compiled.model.dModel)")) {
            _ = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: mlp)
        }
    }
}

private final class MatrixBox: @unchecked Sendable {
    var value: Matrix?
}
