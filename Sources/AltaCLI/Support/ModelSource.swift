import AltaPrograms
import AltaTransformer
import Foundation

/// Resolves the model argument of `run`/`inspect`: an exported folder, or the name of a
/// library program, RASP or ALTA (compiled on the fly with `options`).
enum ModelSource {
    /// The program `argument` names when it is not a model folder (a library name or a
    /// program file); `nil` for a folder or a path that names no program.
    static func program(_ argument: String, options: CompileOptions?) throws -> ProgramLookup.Program? {
        if RASPTextFile.isFile(argument) || ALTATextEntry.isFile(argument) {
            return try ProgramLookup.resolve(
                argument, vocab: options?.vocab, maxLen: options?.maxLen, causal: options?.causal ?? false,
                output: options?.outputSOp)
        }
        if FileManager.default.fileExists(atPath: argument) { return nil }
        if options?.outputSOp != nil { throw ProgramLookup.outputSOpRefused(argument) }
        return try? ProgramLookup.resolve(argument)
    }

    /// Compile options given with a model folder are refused (the folder is compiled already).
    static func load(_ argument: String, options: CompileOptions? = nil) throws -> TransformerModel {
        try loadWithProgram(argument, options: options).model
    }

    /// The model, and the program it was compiled from (`nil` for a model folder).
    static func loadWithProgram(
        _ argument: String, options: CompileOptions? = nil
    ) throws -> (model: TransformerModel, program: ProgramLookup.Program?) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            try options?.refuseAll(forModelFolder: argument)
            do {
                return (try TransformerModel.load(from: URL(fileURLWithPath: argument, isDirectory: true)), nil)
            } catch {
                throw CLIError("cannot load model folder \(argument): \(error)", cause: error)
            }
        }
        let resolved = try program(argument, options: options)
        switch resolved {
        case .rasp(let entry)?:
            return (try (options.map { try $0.compileRASP(entry) } ?? CompileOptions.compileRASP(entry)).model, resolved)
        case .alta(let entry)?:
            try options?.refuseRASPOnlyOptions(forALTA: argument)
            return (try ALTACompilation.compile(entry, maxLength: options?.maxLen).model, resolved)
        case nil:
            break
        }
        if exists || argument.contains("/") {
            let reason = FileError.reason(path: argument, expected: .folder, reading: true, error: nil)
            throw CLIError("cannot load model folder '\(argument)': \(reason)")
        }
        throw CLIError("'\(argument)' is neither a model folder nor a library program (see `alta list`)")
    }
}
