import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import Testing

/// `.automatic` picks the sparse-rows backend for compiled ALTA models with mostly-zero
/// weights, also once exported and loaded from their folder (what `alta run FOLDER` does),
/// and the loaded model runs exactly as the compiled one; the tiny relative-position
/// parity (15% non-zero) stays on feature-major, which runs it faster.
@Suite struct RuntimeBackendChoiceTests {
    @Test(arguments: ["sparse_parity_sum_mod_2", "addition", "sort_unique"])
    func compiledAndLoadedModelsRunSparse(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let compiled = try entry.program().compile(maxLength: entry.randomInputs?.maxTokens)
        #expect(compiled.model.layerWeightDensity <= RuntimeBackend.sparseDensityThreshold)
        #expect(try PreparedModel(compiled.model).backend == .sparseRows)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-backend-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try compiled.model.export(to: folder, name: name)
        let loaded = try TransformerModel.load(from: folder)
        let prepared = try PreparedModel(loaded)
        #expect(prepared.backend == .sparseRows)
        let batch = try entry.exampleInputs.map { try entry.encode($0) }.filter { $0.count <= loaded.maxSequenceLength }
        let direct = try PreparedModel(compiled.model, backend: .featureMajor).forward(tokenIDs: batch)
        let viaFolder = try prepared.forward(tokenIDs: batch)
        #expect(viaFolder.finalResiduals == direct.finalResiduals)
        #expect(viaFolder.outputs == direct.outputs)
        #expect(viaFolder.layersRun == direct.layersRun)
    }

    @Test func smallDenserModelsStayFeatureMajor() throws {
        let compiled = try ALTAParity.sequentialRelative(form: .rules).compile(maxLength: 8)
        #expect(compiled.model.layerWeightDensity > RuntimeBackend.sparseDensityThreshold)
        #expect(try PreparedModel(compiled.model).backend == .featureMajor)
    }
}
