import AltaPrograms
import AltaTransformer
import Foundation

/// Resolves the model argument of `run`/`inspect`: an exported folder, or the name of a
/// library program, RASP or ALTA (compiled on the fly with `options`).
enum ModelSource {
    /// Compile options given with a model folder are refused (the folder is compiled already).
    static func load(_ argument: String, options: CompileOptions? = nil) throws -> TransformerModel {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            try options?.refuseAll(forModelFolder: argument)
            do {
                return try TransformerModel.load(from: URL(fileURLWithPath: argument, isDirectory: true))
            } catch {
                throw CLIError("cannot load model folder \(argument): \(error)")
            }
        }
        if let entry = ProgramLookup.rasp(argument) {
            return try (options.map { try $0.compileRASP(entry) } ?? CompileOptions.compileRASP(entry)).model
        }
        if ALTATextEntry.isFile(argument) || !exists,
           let entry = ALTATextEntry.isFile(argument) ? try ProgramLookup.alta(argument) : ProgramLookup.altaIfPresent(argument) {
            try options?.refuseRASPOnlyOptions(forALTA: argument)
            return try ALTACompilation.compile(entry, maxLength: options?.maxLen).model
        }
        if exists || argument.contains("/") {
            let reason = FileError.reason(path: argument, expected: .folder, reading: true, error: nil)
            throw CLIError("cannot load model folder '\(argument)': \(reason)")
        }
        throw CLIError("'\(argument)' is neither a model folder nor a library program (see `alta list`)")
    }
}
