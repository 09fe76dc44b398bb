import AltaTensors
import Foundation
import Testing
@testable import AltaTransformer

/// Exports fold the attention scale into `W_Q`/`b_Q` so that TransformerLens's standard
/// `1/√d_head` is right (`use_attn_scale: true`, `attn_scale: √d_head`), padding `d_head`
/// so the factor is a power of two, and Alta's loader takes it out again bit for bit.
@Suite struct AttentionScaleFoldingTests {
    /// A random model with attention scale 1 (as Alta's compiled models) and a head at
    /// least 2 wide, so the export folds a factor above 1.
    static func scaleOneModel() throws -> TransformerModel {
        for seed in UInt64(0)..<50 {
            var model = try RandomModels.make(seed: 700 + seed, layerCount: 2)
            if max(model.maxDHead, model.maxDValue) >= 2 {
                model.attentionScale = 1
                return model
            }
        }
        throw ModelError.inconsistentShape("no random model with a head 2 wide")
    }

    @Test func widthsMakeTheFactorAPowerOfTwo() {
        #expect(ExportShape.foldedWidth(scale: 1, minimum: 1)! == (1, 1))
        #expect(ExportShape.foldedWidth(scale: 1, minimum: 5)! == (16, 4))
        #expect(ExportShape.foldedWidth(scale: 1, minimum: 16)! == (16, 4))
        #expect(ExportShape.foldedWidth(scale: 1, minimum: 17)! == (64, 8))
        #expect(ExportShape.foldedWidth(scale: -1, minimum: 5)! == (16, -4))
        // Tracr's 1/√w needs no padding beyond w itself, or w·4ᵏ.
        #expect(ExportShape.foldedWidth(scale: 1 / Float(7).squareRoot(), minimum: 5)! == (7, 1))
        #expect(ExportShape.foldedWidth(scale: 1 / Float(7).squareRoot(), minimum: 8)! == (28, 2))
        #expect(ExportShape.foldedWidth(scale: 0.5, minimum: 3)! == (4, 1))
        // No whole width fits: not folded.
        #expect(ExportShape.foldedWidth(scale: 0.37, minimum: 3) == nil)
        #expect(ExportShape.foldedWidth(scale: .nan, minimum: 3) == nil)
    }

    @Test func scaleOneIsFoldedIntoTheQueriesAndTakenOutExactly() throws {
        let model = try Self.scaleOneModel()
        let shape = ExportShape(model)
        let config = model.exportConfig(name: "scale-one")
        #expect(config.use_attn_scale && config.attn_scale == Double(shape.dHead).squareRoot())
        #expect(config.alta.query_scale == shape.queryScale && config.alta.attention_scale == 1)
        #expect(shape.queryScale * shape.queryScale == Float(shape.dHead), "√d_head is the power of two folded in")
        #expect(shape.queryScale > 1)
        let tensors = model.exportTensors()
        var anyNonZero = false
        for l in model.layers.indices {
            let stored = try #require(tensors["blocks.\(l).attn.W_Q"]).float32Values()
            let original = ExportedTensor(stacking: model.layers[l].heads.map(\.query), shape: [shape.nHeads, model.dModel, shape.dHead],
                                          rows: model.dModel, columns: shape.dHead).denseValues
            #expect(stored == original.map { $0 * shape.queryScale })
            anyNonZero = anyNonZero || stored.contains { $0 != 0 }
        }
        #expect(anyNonZero)
        try ExportTests.roundTrip(model, inputs: RandomModels.inputs(for: model, count: 3, seed: 1))
    }

    @Test func aScaleNoWidthFitsIsCarriedByAttnScale() throws {
        var model = try RandomModels.make(seed: 5, layerCount: 1)
        model.attentionScale = 0.37
        let config = model.exportConfig(name: "x")
        #expect(config.use_attn_scale && config.alta.query_scale == 1)
        #expect(abs(config.attn_scale - 1 / 0.37) < 1e-6)
        try ExportTests.roundTrip(model, inputs: RandomModels.inputs(for: model, count: 2, seed: 2))
    }

    @Test func strictLoadingBuffersAreWrittenPerLayer() throws {
        let model = try RandomModels.make(seed: 6, layerCount: 2)
        let folder = ExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder)
        let file = try SafeTensorsFile.read(from: folder.appendingPathComponent("model.safetensors"))
        for l in 0..<2 {
            let mask = try #require(file.tensors["blocks.\(l).attn.mask"])
            #expect(mask.dtype == .BOOL && mask.shape == [0, 0])
            let ignore = try #require(file.tensors["blocks.\(l).attn.IGNORE"])
            #expect(ignore.shape == [])
            #expect(try ignore.float32Values() == [-.infinity])
        }
        #expect(file.tensors["blocks.2.attn.mask"] == nil)
    }

    @Test func foldersWithoutQueryScaleLoadAsBefore() throws {
        // A folder written before folding: use_attn_scale false for scale 1, W_Q as is.
        let model = try Self.scaleOneModel()
        let folder = ExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, encoding: .dense)
        let configURL = folder.appendingPathComponent("config.json")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(json["alta"] as? [String: Any])
        let factor = try #require(alta["query_scale"] as? Double)
        alta["query_scale"] = nil
        json["alta"] = alta
        json["use_attn_scale"] = false
        json["attn_scale"] = 1
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        var file = try SafeTensorsFile.read(from: weightsURL)
        for l in model.layers.indices {
            for name in ["blocks.\(l).attn.W_Q", "blocks.\(l).attn.b_Q"] {
                let tensor = try #require(file.tensors[name])
                file.tensors[name] = try SafeTensor(float32: tensor.float32Values().map { $0 / Float(factor) }, shape: tensor.shape)
            }
        }
        try file.write(to: weightsURL)
        let loaded = try TransformerModel.load(from: folder)
        ExportTests.assertSameWeights(model, loaded)
    }

    @Test func aScaleThatDisagreesNamesTheFields() throws {
        let message = try ImportValidationTests.message(try Self.scaleOneModel()) { _, alta in
            alta["query_scale"] = 8
        }
        // The model's widest head is 2 to 4 wide: d_head 4, attn_scale 2, query_scale 2.
        #expect(message == "config.json: field 'attn_scale' is 2.0 with use_attn_scale true and alta.query_scale 8.0, "
            + "which scale attention by 4.0, but alta.attention_scale is 1.0")
        let zero = try ImportValidationTests.message(try Self.scaleOneModel()) { _, alta in alta["query_scale"] = 0 }
        #expect(zero == "config.json: field 'alta.query_scale' must be finite and non-zero, got 0.0")
    }
}
