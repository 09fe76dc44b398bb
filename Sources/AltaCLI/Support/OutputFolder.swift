import AltaTransformer
import Foundation

/// A folder a command writes (`-o DIR`, `--svg DIR`): the name is checked, and the folder is
/// written by the library's `FolderWriter`, which replaces only folders Alta wrote and
/// leaves an old folder intact when writing fails.
enum OutputFolder {
    /// The folder named by `path`, given with `option`; an empty name is refused.
    static func url(_ path: String, option: String) throws -> URL {
        guard !path.isEmpty else { throw CLIError("\(option) is empty: give the name of a folder") }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Exports `model` (with its reference outputs on `samples` and any `extraFiles`) to
    /// `path` with its tensors stored as `encoding` says, showing the stages on a terminal
    /// when they take over a second.
    static func export(_ model: TransformerModel, name: String, samples: [[String]], to path: String,
                       option: String = "--output", extraFiles: [String: Data] = [:],
                       encoding: TensorEncoding = .automatic) throws {
        let folder = try url(path, option: option)
        var files = extraFiles
        do {
            // Refuse a model too large to export before running the samples through it.
            try model.checkExportMemory(encoding: encoding)
            files[ReferenceOutputs.fileName] = try ProgressReporter.during("computing reference outputs") {
                try ReferenceOutputs.make(model: model, sequences: samples)
            }
            try ProgressReporter.during("writing \(path)") { try model.export(to: folder, name: name, extraFiles: files, encoding: encoding) }
        } catch let ExportError.folder(error) {
            throw error
        } catch {
            throw CLIError("export to '\(path)' failed: \(error)", cause: error)
        }
    }

    /// Writes `files` (name → contents) as a folder of pictures at `path`.
    static func writePictures(_ files: [String: Data], to path: String, option: String = "--svg") throws {
        let folder = try url(path, option: option)
        try FolderWriter(kind: .pictures).replace(folder, with: files)
    }
}
