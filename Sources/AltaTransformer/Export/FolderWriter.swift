import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a folder of files (a model export or a folder of pictures) so that Alta never
/// deletes or overwrites a file it did not write, and readers see either the old folder or
/// the complete new one.
///
/// The destination may be missing, an empty folder, or a folder Alta wrote earlier: one
/// with an `alta-files.json` manifest (``FolderManifest``) whose files are all Alta's, or an
/// export from before manifests (`config.json` with an `alta` section and only the files
/// an export held). Anything else is refused, naming what the folder holds; so is an Alta
/// folder that also holds other files (they are named), a folder of the other kind, the
/// current folder or one containing it, a symbolic link and an empty path.
///
/// The new files and their manifest are written into a hidden sibling folder in the same
/// parent, which is then renamed into place (the old folder is first renamed aside and
/// restored if that fails). Only then are the old folder's own files removed. A failure at
/// any point leaves the old folder as it was and no temporary folder behind.
public struct FolderWriter {
    /// What the written folder holds.
    public let kind: FolderKind
    /// Writes one new file into the staging folder and flushes it to disk, so the folder
    /// swapped in is complete even after a crash (replaceable in tests to fail half-way).
    var writeFile: (Data, URL) throws -> Void = { data, url in
        try data.write(to: url, options: .withoutOverwriting)
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.synchronize()
    }
    /// The process's current folder (replaceable in tests).
    var currentFolder: () -> String = { FileManager.default.currentDirectoryPath }

    /// A writer for folders of `kind`.
    public init(kind: FolderKind) {
        self.kind = kind
    }

    /// Makes `folder` hold exactly `files` (name → contents) plus the manifest.
    public func replace(_ folder: URL, with files: [String: Data]) throws(FolderWriteError) {
        let display = folder.relativePath
        guard !display.isEmpty else { throw .emptyPath }
        for name in files.keys where !Self.isValidName(name) { throw .invalidFileName(name) }
        let fm = FileManager.default
        let target = folder.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let existing = try inspect(target, display: display)

        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .file(FileError(action: "write folder", path: display, expected: .folder, reading: false, error: error))
        }
        let token = UUID().uuidString
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).alta-partial-\(token)")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            let reason = FileError.reason(path: parent.path, expected: .folder, reading: false, error: error)
            throw .file(FileError(action: "write folder", path: display, reason: "cannot create a folder beside it: \(reason)"))
        }
        var written: [String] = []
        do {
            for name in files.keys.sorted() {
                guard let data = files[name] else { continue }
                written.append(name)  // before writing: a half-written file is removed too
                do {
                    try writeFile(data, staging.appendingPathComponent(name))
                } catch {
                    let reason = FileError.reason(path: staging.appendingPathComponent(name).path, expected: .file, reading: false, error: error)
                    throw FolderWriteError.file(FileError(action: "write", path: (display as NSString).appendingPathComponent(name), reason: reason))
                }
            }
            let manifest: Data
            written.append(FolderManifest.fileName)
            do {
                manifest = try FolderManifest(kind: kind, files: Array(files.keys)).encoded()
                try writeFile(manifest, staging.appendingPathComponent(FolderManifest.fileName))
            } catch {
                let reason = FileError.reason(path: staging.path, expected: .folder, reading: false, error: error)
                throw FolderWriteError.file(FileError(action: "write", path: (display as NSString).appendingPathComponent(FolderManifest.fileName), reason: reason))
            }
            try swap(staging, into: target, existing: existing, display: display, token: token)
        } catch let error as FolderWriteError {
            Self.removeOwnFolder(staging, files: written)
            throw error
        } catch {
            Self.removeOwnFolder(staging, files: written)
            throw .file(FileError(action: "write folder", path: display, expected: .folder, reading: false, error: error))
        }
    }

    /// What is at the destination now.
    enum Existing {
        /// Nothing, or an empty folder (which `rename` replaces atomically).
        case nothing
        /// A folder Alta wrote, with these files (all regular files, manifest included).
        case altaFolder(files: [String])
    }

    /// Checks the destination and returns what is there; throws when Alta may not replace it.
    func inspect(_ target: URL, display: String) throws(FolderWriteError) -> Existing {
        var status = stat()
        guard lstat(target.path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return .nothing }
            throw .file(FileError(action: "write folder", path: display, reason: FileError.reason(
                path: display, expected: .folder, reading: false, error: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: throw .symbolicLink(path: display)
        default: throw .notAFolder(path: display)
        }
        let contents: [String]
        do {
            contents = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted()
        } catch {
            throw .file(FileError(action: "read folder", path: display, expected: .folder, reading: true, error: error))
        }
        var result = Existing.nothing
        if !contents.isEmpty {
            if let manifest = FolderManifest.read(in: target) {
                let own = Set(manifest.files + [FolderManifest.fileName])
                let foreign = contents.filter { !own.contains($0) || !Self.isRegularFile(target.appendingPathComponent($0)) }
                guard foreign.isEmpty else { throw .foreignFiles(path: display, names: foreign) }
                guard manifest.kind == kind else { throw .otherKind(path: display, found: manifest.kind, writing: kind) }
            } else if let legacy = FolderManifest.legacyExport(in: target, contents: contents),
                      contents.allSatisfy({ Self.isRegularFile(target.appendingPathComponent($0)) }) {
                guard legacy.kind == kind else { throw .otherKind(path: display, found: legacy.kind, writing: kind) }
            } else {
                throw .notAltaFolder(path: display, contents: contents)
            }
            result = .altaFolder(files: contents)
        }
        let resolvedTarget = target.resolvingSymlinksInPath().path
        let resolvedCurrent = URL(fileURLWithPath: currentFolder()).resolvingSymlinksInPath().path
        if resolvedCurrent == resolvedTarget || resolvedTarget == "/"
            || resolvedCurrent.hasPrefix(resolvedTarget.hasSuffix("/") ? resolvedTarget : resolvedTarget + "/") {
            throw .currentFolder(path: display)
        }
        return result
    }

    /// Moves the complete `staging` folder to `target`; an old Alta folder there is renamed
    /// aside first (and put back if the move fails), then its own files are removed.
    func swap(_ staging: URL, into target: URL, existing: Existing, display: String, token: String) throws(FolderWriteError) {
        func failure(_ code: Int32) -> FolderWriteError {
            .file(FileError(action: "write folder", path: display, reason: FileError.words(errno: code, expected: .folder)))
        }
        switch existing {
        case .nothing:
            // rename(2) replaces an empty folder atomically and refuses a non-empty one.
            guard rename(staging.path, target.path) == 0 else {
                let code = errno
                throw code == ENOTEMPTY || code == EEXIST ? FolderWriteError.notAltaFolder(path: display, contents: Self.contents(of: target)) : failure(code)
            }
        case let .altaFolder(files):
            let previous = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).alta-previous-\(token)")
            guard rename(target.path, previous.path) == 0 else { throw failure(errno) }
            guard rename(staging.path, target.path) == 0 else {
                let code = errno
                _ = rename(previous.path, target.path)
                throw failure(code)
            }
            Self.removeOwnFolder(previous, files: files)
        }
    }

    /// Removes `files` from `folder`, then the folder if that left it empty (a file someone
    /// else put there meanwhile is kept, and so is the folder holding it).
    static func removeOwnFolder(_ folder: URL, files: [String]) {
        for name in files { _ = unlink(folder.appendingPathComponent(name).path) }
        _ = rmdir(folder.path)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
            && name != FolderManifest.fileName
    }

    static func isRegularFile(_ url: URL) -> Bool {
        var status = stat()
        return lstat(url.path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    static func contents(of folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}
