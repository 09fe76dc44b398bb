import AltaTensors
import Foundation
import AltaTestSupport
import Testing
@testable import AltaTransformer

@Suite struct ExportTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("alta-export-\(UUID().uuidString)")
    }

    static func assertSameWeights(_ a: TransformerModel, _ b: TransformerModel) {
        #expect(a.tokenEmbedding == b.tokenEmbedding)
        #expect(a.positionEmbedding == b.positionEmbedding)
        #expect(a.unembedding.dense == b.unembedding.dense)
        #expect(a.layers.count == b.layers.count)
        for (la, lb) in zip(a.layers, b.layers) {
            #expect(la.heads.count == lb.heads.count)
            for (ha, hb) in zip(la.heads, lb.heads) {
                #expect(ha.query.dense == hb.query.dense && ha.key.dense == hb.key.dense)
                #expect(ha.value.dense == hb.value.dense && ha.output.dense == hb.output.dense)
                #expect(ha.queryBias == hb.queryBias && ha.keyBias == hb.keyBias && ha.valueBias == hb.valueBias)
                #expect(ha.relativeMask == hb.relativeMask && ha.sinkLogit == hb.sinkLogit)
            }
            #expect(la.attentionOutputBias == lb.attentionOutputBias)
            #expect(la.feedForward.activation == lb.feedForward.activation)
            for (fa, fb) in zip(la.feedForward.layers, lb.feedForward.layers) {
                #expect(fa.weight.dense == fb.weight.dense && fa.bias == fb.bias)
            }
            #expect(la.attentionNorm == lb.attentionNorm && la.feedForwardNorm == lb.feedForwardNorm)
        }
        #expect(a.finalNorm == b.finalNorm)
        #expect(a.layout == b.layout && a.causal == b.causal && a.attentionScale == b.attentionScale)
        #expect(a.residualLabels == b.residualLabels && a.inputEncoder == b.inputEncoder)
        #expect(a.outputEncoder == b.outputEncoder && a.metadata == b.metadata && a.textEncoding == b.textEncoding)
    }

    /// Exports `model` in each encoding and loads it back: the same weights and
    /// bit-identical outputs.
    static func roundTrip(_ model: TransformerModel, inputs: [[Int]]) throws {
        for encoding in TensorEncoding.allCases {
            try roundTrip(model, inputs: inputs, encoding: encoding)
        }
    }

    static func roundTrip(_ model: TransformerModel, inputs: [[Int]], encoding: TensorEncoding) throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, name: "test", encoding: encoding)
        let loaded = try TransformerModel.load(from: folder)
        assertSameWeights(model, loaded)
        let before = try model.forward(tokenIDs: inputs)
        let after = try loaded.forward(tokenIDs: inputs)
        for s in inputs.indices {
            #expect(before.outputScores(of: s) == after.outputScores(of: s), "bit-identical outputs")
            #expect(before.outputs(of: s) == after.outputs(of: s))
        }
    }

    @Test(arguments: 0..<6)
    func randomStackedModelsRoundTrip(seed: UInt64) throws {
        let model = try RandomModels.make(seed: 300 + seed, layerCount: 3, causal: seed % 2 == 1)
        try Self.roundTrip(model, inputs: RandomModels.inputs(for: model, count: 4, seed: seed))
    }

    @Test func deepMLPLayerNormAndLoopedModelsRoundTrip() throws {
        for model in [
            try RandomModels.make(seed: 1, mlpDepth: 4, activation: .clippedReLU),
            try RandomModels.make(seed: 2, layerNorm: true),
            try RandomModels.make(seed: 3, looped: true),
            try SpreadingFlagModel.make(),
            try CopyPreviousTokenModel.make(),
        ] {
            try Self.roundTrip(model, inputs: RandomModels.inputs(for: model, count: 3, seed: 4))
        }
    }

    @Test func exportUsesTransformerLensNamesAndShapes() throws {
        let model = try RandomModels.make(seed: 8, layerCount: 2)
        let tensors = model.exportTensors()
        let shape = ExportShape(model)
        let d = model.dModel
        #expect(tensors["embed.W_E"]?.shape == [model.dVocab, d])
        #expect(tensors["pos_embed.W_pos"]?.shape == [model.maxSequenceLength, d])
        #expect(tensors["unembed.W_U"]?.shape == [d, model.dVocabOut])
        for l in 0..<2 {
            #expect(tensors["blocks.\(l).attn.W_Q"]?.shape == [shape.nHeads, d, shape.dHead])
            #expect(tensors["blocks.\(l).attn.W_O"]?.shape == [shape.nHeads, shape.dHead, d])
            #expect(tensors["blocks.\(l).attn.b_Q"]?.shape == [shape.nHeads, shape.dHead])
            #expect(tensors["blocks.\(l).mlp.W_in"]?.shape == [d, shape.mlpWidths[0]])
            #expect(tensors["blocks.\(l).mlp.W_out"]?.shape == [shape.mlpWidths[0], d])
        }
        let config = model.exportConfig(name: "x")
        #expect(config.n_heads == shape.nHeads && config.d_head == shape.dHead)
        #expect(config.normalization_type == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any]
        #expect(json?["normalization_type"] is NSNull, "normalization_type is written as an explicit null")
        #expect(json?["attention_dir"] as? String == "bidirectional")
    }

    @Test func transformerLensNoteSaysHowALoopedModelRuns() throws {
        var model = try RandomModels.make(seed: 3, looped: true)
        #expect(model.exportConfig(name: "x").alta.transformer_lens_note?.hasPrefix("one shared layer applied in a loop with halting") == true)
        model.layout = .looped(maxIterations: 5, halting: nil)
        let config = model.exportConfig(name: "x")
        #expect(config.alta.transformer_lens_compatible == false)
        #expect(config.alta.transformer_lens_note?.hasPrefix("one shared layer applied 5 times") == true)
    }

    @Test func failedExportLeavesThePreviousFolder() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CopyPreviousTokenModel.make()
        try first.export(to: folder)
        let weights = try Data(contentsOf: folder.appendingPathComponent("model.safetensors"))
        // A destination whose parent is a file cannot be written: nothing else changes.
        let blocked = folder.appendingPathComponent("model.safetensors").appendingPathComponent("inner")
        expectError(ExportError.self,
                    message: "cannot write folder '\(blocked.path)': '\(folder.path)/model.safetensors' is a file, not a folder",
                    matching: { if case .folder(.file) = $0 { true } else { false } }) {
            try first.export(to: blocked)
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("model.safetensors")) == weights)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
            .filter { $0.contains(folder.lastPathComponent) && $0.contains("partial") }
        #expect(leftovers.isEmpty)
    }

    @Test func importReportsMissingAndMisshapenTensors() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try CopyPreviousTokenModel.make()
        try model.export(to: folder, encoding: .dense)
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        var file = try SafeTensorsFile.read(from: weightsURL)
        file.tensors["embed.W_E"] = nil
        try file.write(to: weightsURL)
        expectError(ExportError.self, message: "model.safetensors: tensor 'embed.W_E' is missing",
                    matching: { if case .missingTensor("embed.W_E") = $0 { true } else { false } }) {
            try TransformerModel.load(from: folder)
        }
        file.tensors["embed.W_E"] = try SafeTensor(float32: [1, 2], shape: [1, 2])
        try file.write(to: weightsURL)
        expectError(ExportError.self, message: "model.safetensors: tensor 'embed.W_E' has shape [1, 2], expected [5, 18]",
                    matching: { if case .tensorShape(name: "embed.W_E", expected: [5, 18], found: [1, 2]) = $0 { true } else { false } }) {
            try TransformerModel.load(from: folder)
        }
    }

    @Test func importReportsBadConfig() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try CopyPreviousTokenModel.make().export(to: folder)
        let configURL = folder.appendingPathComponent("config.json")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(json["alta"] as? [String: Any])
        alta["mlp_activation"] = "swish"
        json["alta"] = alta
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        expectError(ExportError.self,
                    message: #"config.json: field 'alta.mlp_activation' 'swish' is not one of ["relu", "clipped_relu", "sigmoid", "tanh", "identity"]"#,
                    matching: { if case .invalidConfig(field: "alta.mlp_activation", reason: _) = $0 { true } else { false } }) {
            try TransformerModel.load(from: folder)
        }
        alta.removeValue(forKey: "residual_labels")
        alta["mlp_activation"] = "relu"
        json["alta"] = alta
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        expectError(ExportError.self, message: "config.json: field 'alta.residual_labels' is missing",
                    matching: { if case .invalidConfig(field: "alta.residual_labels", reason: "is missing") = $0 { true } else { false } }) {
            try TransformerModel.load(from: folder)
        }
    }
}
