import AltaTraining
import AltaTransformer
import Foundation

/// The `--checkpoint` of the commands that run a learned MLP: a folder written by `alta
/// train` (its `mlp.safetensors` is read) or the file itself.
enum CheckpointFile {
    /// The checkpoint file's path and bytes; a `FileError` naming the path when unreadable.
    static func read(_ argument: String) throws -> (path: String, bytes: [UInt8]) {
        var path = argument
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            path = (path as NSString).appendingPathComponent(MLPCheckpoint.fileName)
        }
        return (path, [UInt8](try FileError.readData(path, what: "checkpoint")))
    }
}
