import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTestSupport
import AltaTraining
import Foundation
import Testing

/// `alta evaluate-mlp` through the real executable.
@Suite(.serialized) struct EvaluateMLPCommandTests {
    static let name = "sparse_parity_sequential_relative"

    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-evaluate-mlp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    /// A checkpoint holding the compiled parity MLP itself (no training configuration).
    static func compiledMLPCheckpoint() throws -> Data {
        let entry = try ALTALibrary.entry(named: name)
        let compiled = try ALTATransformerCompiler.compile(try entry.program(), maxLength: 9)
        let ff = compiled.model.layers[0].feedForward
        var parameters: [Matrix] = []
        for layer in ff.layers {
            parameters.append(layer.weight.dense)
            parameters.append(try Matrix(rows: 1, columns: layer.outputWidth, values: layer.bias))
        }
        let mlp = try MLP(sizes: [compiled.model.dModel] + ff.layers.map(\.outputWidth), activation: ff.activation, parameters: parameters)
        return try MLPCheckpoint.encode(mlp)
    }

    @Test func theCompiledMLPAsCheckpointIsExactAndExports() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createDirectory(at: work.appendingPathComponent("ckpt"), withIntermediateDirectories: true)
        try Self.compiledMLPCheckpoint().write(to: work.appendingPathComponent("ckpt/mlp.safetensors"))
        let result = try CommandRunner.run(
            ["evaluate-mlp", Self.name, "--checkpoint", "ckpt", "--lengths", "4,10", "--samples", "3", "-o", "model"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "length  correct  accuracy\n4       3/3      1.00\n10      3/3      1.00\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("model").path).sorted()
        #expect(files == ["accuracy.json", "accuracy.svg", "alta-files.json", "config.json", "model.safetensors", "reference_outputs.json"])
        // The exported model runs like any other.
        let run = try CommandRunner.run(["run", "model", "--input", "1011"], in: work)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "input:  1011\ntokens: START 1 0 1 1\noutput: 1\nlayers: 4 (halted)\n")

        let json = try CommandRunner.run(
            ["evaluate-mlp", Self.name, "--checkpoint", "ckpt/mlp.safetensors", "--lengths", "5", "--samples", "2", "--json"], in: work)
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["correct"] as? Int == 2)
        #expect(rows?.first?["length"] as? Int == 5)
    }

    @Test func errorsNameTheProblem() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let lengths = try CommandRunner.run(["evaluate-mlp", Self.name, "--checkpoint", "x", "--lengths", "4,a"], in: work)
        #expect(lengths.status != 0)
        #expect(lengths.stderr.contains("--lengths must be comma-separated numbers such as 8,16,32, got '4,a'"))
        let missing = try CommandRunner.run(["evaluate-mlp", Self.name, "--checkpoint", "nothing"], in: work)
        #expect(missing.status == 74)
        #expect(missing.stderr.contains("nothing"))
        #expect(missing.stderr.contains("no such file"))
        let notParity = try CommandRunner.run(["evaluate-mlp", "subleq", "--checkpoint", "nothing"], in: work)
        #expect(notParity.status == 1)
        #expect(notParity.stderr == "Error: subleq has no random inputs per length (parity programs and addition have)\n")
    }
}
