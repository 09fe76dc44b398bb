import Foundation

/// Writes a folder of files so that readers see either the old folder or the complete
/// new one, never a half-written mix.
enum FolderWriter {
    static func replace(_ folder: URL, with files: [String: Data]) throws(ExportError) {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let token = UUID().uuidString
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(token)")
        let previous = parent.appendingPathComponent(".\(folder.lastPathComponent).previous-\(token)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (name, data) in files {
                try data.write(to: staging.appendingPathComponent(name))
            }
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    try? fm.removeItem(at: staging)
                    throw ExportError.io(path: folder.path, reason: "exists and is not a folder")
                }
                try fm.moveItem(at: folder, to: previous)
                do {
                    try fm.moveItem(at: staging, to: folder)
                } catch {
                    try? fm.moveItem(at: previous, to: folder)
                    throw error
                }
                try? fm.removeItem(at: previous)
            } else {
                try fm.moveItem(at: staging, to: folder)
            }
        } catch let error as ExportError {
            try? fm.removeItem(at: staging)
            throw error
        } catch {
            try? fm.removeItem(at: staging)
            throw .io(path: folder.path, reason: error.localizedDescription)
        }
    }
}
