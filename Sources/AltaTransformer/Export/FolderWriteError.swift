/// Why Alta refused or failed to write a folder (an export or a folder of pictures). Each
/// names the folder; a refusal leaves the disk exactly as it was.
public enum FolderWriteError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The folder path is empty.
    case emptyPath
    /// The folder exists, is not empty and was not written by Alta; `contents` lists what
    /// it holds (sorted).
    case notAltaFolder(path: String, contents: [String])
    /// The folder is an Alta folder that also holds files Alta did not write (sorted).
    case foreignFiles(path: String, names: [String])
    /// The folder is the current folder or contains it, which Alta never replaces.
    case currentFolder(path: String)
    /// The folder holds Alta's other kind of folder (e.g. a model export where pictures
    /// were to go).
    case otherKind(path: String, found: FolderKind, writing: FolderKind)
    /// The path is a file (or something else that is not a folder).
    case notAFolder(path: String)
    /// The path is a symbolic link; Alta replaces only real folders.
    case symbolicLink(path: String)
    /// A file name to write is empty, has a `/`, is `.`/`..` or is the manifest's name.
    case invalidFileName(String)
    /// Reading or writing the file system failed (nothing of the old folder was changed).
    case file(FileError)

    public var description: String {
        switch self {
        case .emptyPath:
            return "cannot write a folder: the folder name is empty"
        case let .notAltaFolder(path, contents):
            return "cannot write folder '\(path)': it is not empty and was not written by Alta (it holds \(Self.list(contents))); Alta replaces only folders it wrote, so choose a new folder"
        case let .foreignFiles(path, names):
            return "cannot write folder '\(path)': it holds files Alta did not write (\(Self.list(names))); move them away or choose a new folder"
        case let .currentFolder(path):
            return "cannot write folder '\(path)': it is the current folder (or holds it), which Alta never replaces; name a folder inside it, e.g. '\(path == "." ? "" : path + "/")model'"
        case let .otherKind(path, found, writing):
            return "cannot write folder '\(path)': it holds an Alta \(found.phrase), and \(writing.plural) go in a folder of their own"
        case let .notAFolder(path):
            return "cannot write folder '\(path)': it is a file, not a folder"
        case let .symbolicLink(path):
            return "cannot write folder '\(path)': it is a symbolic link; give the folder it points to"
        case let .invalidFileName(name):
            return "cannot write file '\(name)' into a folder: a file name must be non-empty, without '/', not '.' or '..' and not '\(FolderManifest.fileName)'"
        case let .file(error):
            return error.description
        }
    }

    /// Up to five names, then how many more.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(5).joined(separator: ", ")
        return names.count > 5 ? "\(shown) and \(names.count - 5) more" : shown
    }
}
