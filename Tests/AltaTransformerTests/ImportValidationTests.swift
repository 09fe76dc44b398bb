import AltaTensors
import Foundation
import Testing
@testable import AltaTransformer

/// Loading refuses every malformed config.json field and non-finite weights with an error
/// naming the field or tensor, instead of trapping or allocating without bound; a looped
/// model with a huge iteration cap still returns once it halts.
@Suite struct ImportValidationTests {
    /// Exports `model`, lets `edit` change the config JSON, and loads the folder back.
    static func load(
        _ model: TransformerModel, editing edit: (inout [String: Any], inout [String: Any]) -> Void
    ) throws -> Result<TransformerModel, ExportError> {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.export(to: folder, name: "test")
        let configURL = folder.appendingPathComponent("config.json")
        var json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var alta = try #require(json["alta"] as? [String: Any])
        edit(&json, &alta)
        json["alta"] = alta
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
        do {
            return .success(try TransformerModel.load(from: folder))
        } catch {
            return .failure(error)
        }
    }

    /// The message of the error loading fails with, or nil when it loads.
    static func message(
        _ model: TransformerModel, editing edit: (inout [String: Any], inout [String: Any]) -> Void
    ) throws -> String? {
        switch try load(model, editing: edit) {
        case .success: nil
        case let .failure(error): "\(error)"
        }
    }

    @Test func negativeHiddenWidthIsRefusedNamingTheEntry() throws {
        let model = try RandomModels.make(seed: 1, layerCount: 2)
        let message = try Self.message(model) { _, alta in
            alta["mlp_hidden_widths"] = [[-3], [4]]
        }
        #expect(message == "config.json: field 'alta.mlp_hidden_widths[0][0]' must be at least 0, got -3")
    }

    @Test func hugeMLPDepthIsRefusedBeforeAllocating() throws {
        let model = try RandomModels.make(seed: 1, layerCount: 2)
        let message = try Self.message(model) { _, alta in alta["mlp_depth"] = 1 << 53 }
        #expect(message == "config.json: field 'alta.mlp_depth' is 9007199254740992 but alta.mlp_hidden_widths[0] lists 1 hidden widths (depth 2)")
    }

    @Test(arguments: ["n_ctx", "n_heads", "n_layers", "d_model", "d_head", "d_vocab", "d_mlp"])
    func nonPositiveSizesNameTheirField(field: String) throws {
        let model = try CopyPreviousTokenModel.make()
        for value in [0, -1] {
            let message = try Self.message(model) { json, _ in json[field] = value }
            #expect(message == "config.json: field '\(field)' must be at least 1, got \(value)")
        }
    }

    @Test func unknownFormatVersionIsRefused() throws {
        let message = try Self.message(try CopyPreviousTokenModel.make()) { json, alta in
            alta["format_version"] = 2
            json["d_model"] = "no longer an int in format 2"
        }
        #expect(message == "config.json: field 'alta.format_version' is 2, but this Alta reads format 1 only")
    }

    @Test func inconsistentFieldsNameTheFieldAtFault() throws {
        let model = try CopyPreviousTokenModel.make()
        let cases: [(String, ([String: Any], [String: Any]) -> ([String: Any], [String: Any]))] = [
            ("config.json: field 'alta.residual_labels' has 17 labels but d_model is 18",
             { j, a in var a = a; a["residual_labels"] = Array((a["residual_labels"] as? [String] ?? []).dropLast()); return (j, a) }),
            ("config.json: field 'attention_dir' is 'causal' but alta.causal is false",
             { j, a in var (j, a) = (j, a); j["attention_dir"] = "causal"; a["causal"] = false; return (j, a) }),
            ("config.json: field 'attention_dir' 'sideways' is neither 'causal' nor 'bidirectional'",
             { j, a in var j = j; j["attention_dir"] = "sideways"; return (j, a) }),
            ("config.json: field 'act_fn' is 'gelu' but alta.mlp_activation is 'relu'",
             { j, a in var j = j; j["act_fn"] = "gelu"; return (j, a) }),
            ("config.json: field 'alta.layout' 'spiral' is neither 'stacked' nor 'looped'",
             { j, a in var a = a; a["layout"] = "spiral"; return (j, a) }),
            ("config.json: field 'alta.bos_token' 'START' is not among alta.input_tokens",
             { j, a in var a = a; a["bos_token"] = "START"; return (j, a) }),
        ]
        for (expected, change) in cases {
            let message = try Self.message(model) { json, alta in (json, alta) = change(json, alta) }
            #expect(message == expected)
        }
    }

    @Test func nonFiniteWeightIsRefusedNamingTheTensor() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try CopyPreviousTokenModel.make()
        try model.export(to: folder)
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        var file = try SafeTensorsFile.read(from: weightsURL)
        let embedding = try #require(file.tensors["embed.W_E"])
        var values = try embedding.float32Values()
        values[7] = .nan
        file.tensors["embed.W_E"] = try SafeTensor(float32: values, shape: embedding.shape)
        try file.write(to: weightsURL)
        do {
            _ = try TransformerModel.load(from: folder)
            Issue.record("a NaN weight must be refused")
        } catch {
            #expect("\(error)" == "model.safetensors: tensor 'embed.W_E' holds nan at element 7; weights must be finite")
        }
    }

    @Test func loopedModelWithHugeCapReturnsOnceItHalts() throws {
        let model = try SpreadingFlagModel.make()
        let loaded = try Self.load(model) { _, alta in alta["max_iterations"] = Int.max }.get()
        guard case let .looped(cap, _) = loaded.layout else {
            Issue.record("the model must stay looped")
            return
        }
        #expect(cap == Int.max)
        let result = try loaded.run([["0", "1", "1", "0"]])
        #expect(result.layersRun == [3] && result.halted == [true])
    }
}
