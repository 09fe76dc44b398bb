import AltaPrograms
import AltaTransformer
import Foundation

/// Resolves the model argument of `run`/`inspect`: an exported folder, or the name of a
/// library program, RASP or ALTA (compiled on the fly with `options`).
enum ModelSource {
    static func load(_ argument: String, options: CompileOptions? = nil) throws -> TransformerModel {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            do {
                return try TransformerModel.load(from: URL(fileURLWithPath: argument, isDirectory: true))
            } catch {
                throw CLIError("cannot load model folder \(argument): \(error)")
            }
        }
        if let entry = ProgramLookup.rasp(argument) {
            return try (options.map { try $0.compileRASP(entry) } ?? CompileOptions.compileRASP(entry)).model
        }
        if let entry = ProgramLookup.altaIfPresent(argument) {
            return try ALTACompilation.compile(entry, maxLength: options?.maxLen).model
        }
        throw CLIError("'\(argument)' is neither a model folder nor a library program (see `alta list`)")
    }
}
