import AltaTransformer
import Foundation

/// Writes a report to a single file the way Alta writes folders (``FolderWriter``): a new
/// file, or one that already holds an Alta report (it carries ``HTMLReport/marker``), is
/// written in full beside it and renamed into place; any other existing file — or a folder,
/// a symbolic link, an empty name — is refused and left as it was.
public enum ReportFile {
    /// Why a report was not written.
    public enum WriteError: Error, Equatable, CustomStringConvertible {
        case emptyPath
        case notAReport(String)
        case folder(String)
        case symbolicLink(String)
        case cannotWrite(String, reason: String)

        public var description: String {
            switch self {
            case .emptyPath: "the report file name is empty"
            case .notAReport(let path):
                "'\(path)' exists and is not an Alta report; Alta does not overwrite it (choose another name or remove it first)"
            case .folder(let path): "'\(path)' is a folder; give the name of an .html file"
            case .symbolicLink(let path): "'\(path)' is a symbolic link; Alta does not write through it"
            case let .cannotWrite(path, reason): "cannot write '\(path)': \(reason)"
            }
        }
    }

    /// How many bytes from the start are searched for the marker.
    static let headLength = 4096

    /// Whether the file at `path` holds an Alta report (the marker in its first bytes).
    public static func isReport(atPath path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: headLength) else { return false }
        return String(decoding: head, as: UTF8.self).contains(HTMLReport.marker)
    }

    /// Writes `html` to `path` (see the type's rules).
    public static func write(_ html: String, to path: String) throws(WriteError) {
        guard !path.isEmpty else { throw .emptyPath }
        let fm = FileManager.default
        if let attributes = try? fm.attributesOfItem(atPath: path) {
            let type = attributes[.type] as? FileAttributeType
            if type == .typeSymbolicLink { throw .symbolicLink(path) }
            if type == .typeDirectory { throw .folder(path) }
            guard isReport(atPath: path) else { throw .notAReport(path) }
        }
        let url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        let parent = url.deletingLastPathComponent()
        guard fm.fileExists(atPath: parent.path, isDirectory: &isFolder), isFolder.boolValue else {
            let name = (path as NSString).deletingLastPathComponent
            throw .cannotWrite(path, reason: "its folder '\(name.isEmpty ? parent.path : name)' does not exist")
        }
        let staging = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).alta-partial-\(UUID().uuidString)")
        do {
            try Data(html.utf8).write(to: staging, options: .withoutOverwriting)
        } catch {
            try? fm.removeItem(at: staging)
            throw .cannotWrite(path, reason: FileError.reason(path: path, expected: .file, reading: false, error: error))
        }
        // rename(2) replaces the old report (checked above) in one step.
        if rename(staging.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: staging)
            throw .cannotWrite(path, reason: reason)
        }
    }
}
