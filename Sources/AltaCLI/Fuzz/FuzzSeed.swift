import AltaPrograms
import AltaTransformer
import Foundation

/// A correct exported model folder that fuzz cases mutate, and an input it runs on.
struct FuzzSeed: Sendable {
    /// The program it was compiled from.
    let name: String
    /// The folder's files (`config.json`, `model.safetensors`).
    let files: [String: Data]
    /// A valid `--input` for `alta run` (tokens without BOS).
    let input: String
    /// Where the unmutated folder is (for command lines that name a model folder).
    let folder: URL

    /// The three seeds: a stacked RASP program (`reverse`), a RASP program with a
    /// numerical output (`frac_prevs`) and a looped ALTA program
    /// (`parity_sequential_absolute`), compiled in-process and exported under `directory`.
    static func standard(in directory: URL) throws -> [FuzzSeed] {
        var models: [(String, TransformerModel)] = []
        for name in ["reverse", "frac_prevs"] {
            guard let entry = ProgramLookup.rasp(name) else { throw CLIError("fuzz seed \(name) is not in the library") }
            models.append((name, try CompileOptions.compileRASP(entry).model))
        }
        let parity = try ProgramLookup.alta("parity_sequential_absolute")
        models.append((parity.name, try ALTACompilation.compile(parity, maxLength: nil).model))
        return try models.map { name, model in try FuzzSeed(name: name, model: model, directory: directory) }
    }

    /// Exports `model` to `directory/seed-name` and reads the files back.
    init(name: String, model: TransformerModel, directory: URL) throws {
        let folder = directory.appendingPathComponent("seed-\(name)", isDirectory: true)
        try model.export(to: folder, name: name)
        var files: [String: Data] = [:]
        for file in [TransformerModel.configFileName, TransformerModel.weightsFileName] {
            files[file] = try Data(contentsOf: folder.appendingPathComponent(file))
        }
        let encoder = model.inputEncoder
        let plain = encoder.tokens.filter { $0 != encoder.bos && $0 != encoder.pad }
        let length = max(1, min(3, model.maxSequenceLength - 1))
        self.name = name
        self.files = files
        self.folder = folder
        self.input = plain.isEmpty ? "" : (0..<length).map { plain[$0 % plain.count] }.joined(separator: " ")
    }
}
