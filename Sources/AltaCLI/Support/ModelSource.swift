import AltaTransformer
import Foundation

/// Resolves the model argument of `run`/`inspect`: an exported folder.
enum ModelSource {
    static func load(_ argument: String) throws -> TransformerModel {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            do {
                return try TransformerModel.load(from: URL(fileURLWithPath: argument, isDirectory: true))
            } catch {
                throw CLIError("cannot load model folder \(argument): \(error)")
            }
        }
        throw CLIError("'\(argument)' is not a model folder (export one with `alta example` or `alta compile`)")
    }
}
