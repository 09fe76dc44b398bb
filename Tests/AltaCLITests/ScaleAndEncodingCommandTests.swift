import AltaTestSupport
import AltaTransformer
import Foundation
import Testing

/// `alta compile [--dense]` encodings and `alta bench scale` through the real executable.
@Suite(.serialized) struct ScaleAndEncodingCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func compileStoresMostlyZeroTensorsSparseUnlessDense() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("alta-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let sparse = root.appendingPathComponent("sparse").path
        let dense = root.appendingPathComponent("dense").path
        let compiled = try CommandRunner.run(["compile", "reverse", "--max-len", "12", "-o", sparse, "--json"])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let summary = try Self.json(compiled.stdout)
        #expect((summary["peak_rss_bytes"] as? Int ?? 0) > 0)
        #expect((summary["seconds"] as? Double ?? 0) >= (summary["compile_seconds"] as? Double ?? 1))
        #expect(try CommandRunner.run(["compile", "reverse", "--max-len", "12", "-o", dense, "--dense"]).status == 0)

        let sparseFile = try SafeTensorsFile.read(from: URL(fileURLWithPath: sparse).appendingPathComponent("model.safetensors"))
        let denseFile = try SafeTensorsFile.read(from: URL(fileURLWithPath: dense).appendingPathComponent("model.safetensors"))
        #expect(sparseFile.tensors["blocks.0.mlp.W_in.sparse_values"] != nil && sparseFile.tensors["blocks.0.mlp.W_in"] == nil)
        #expect(denseFile.tensors["blocks.0.mlp.W_in"] != nil)
        #expect(!denseFile.tensors.keys.contains { $0.contains(".sparse_") })
        #expect(try TransformerModel.load(from: URL(fileURLWithPath: sparse)) == TransformerModel.load(from: URL(fileURLWithPath: dense)))

        for folder in [sparse, dense] {
            let run = try CommandRunner.run(["run", folder, "--input", "a b c"])
            #expect(run.status == 0 && run.stdout.contains("output: BOS c b a"), "\(run.stdout)\(run.stderr)")
        }
    }

    @Test func benchScaleReportsEveryLengthAndTheSlopes() throws {
        let result = try CommandRunner.run(["bench", "scale", "--programs", "reverse", "--lengths", "8,16,32", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result.stdout)
        #expect(report["benchmark"] as? String == "scale" && report["encoding"] as? String == "automatic")
        let program = try #require((report["programs"] as? [[String: Any]])?.first)
        #expect(program["program"] as? String == "reverse")
        let points = try #require(program["points"] as? [[String: Any]])
        #expect(points.compactMap { $0["n"] as? Int } == [8, 16, 32])
        for point in points {
            #expect((point["export_bytes"] as? Int ?? 0) > 0 && (point["peak_rss_bytes"] as? Int ?? 0) > 0)
            #expect(point["load_seconds"] is Double && point["compile_seconds"] is Double)
        }
        let nonZero = points.compactMap { $0["nonzero"] as? Int }
        #expect(nonZero.count == 3 && nonZero[0] < nonZero[1] && nonZero[1] < nonZero[2])
        let slopes = try #require(program["log_log_slopes"] as? [String: Any])
        #expect(Set(slopes.keys) == [
            "alta_compile_seconds", "compile_seconds", "peak_rss_bytes", "export_bytes", "load_seconds", "nonzero",
        ])
        // reverse's non-zeros grow about with N² (the length − index table).
        let slope = try #require(slopes["nonzero"] as? Double)
        #expect(slope > 1.5 && slope < 2.2)
    }
}
