import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or folder Alta could not read or write, in words: what Alta tried, the path as
/// it was given, and why — "it is a folder, not a file", "no such file", "permission denied",
/// "'afile' is a file, not a folder" — instead of Foundation's "NSCocoaErrorDomain error 256".
public struct FileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What the path was expected to be.
    public enum Expected: Sendable {
        case file, folder
    }

    /// What Alta tried, e.g. "read input file" or "write".
    public let action: String
    /// The path as the user or the caller gave it.
    public let path: String
    /// Why it failed, as a phrase.
    public let reason: String

    public var description: String { "cannot \(action) '\(path)': \(reason)" }

    /// An error with a reason already in words.
    public init(action: String, path: String, reason: String) {
        self.action = action
        self.path = path
        self.reason = reason
    }

    /// Describes `error`, raised while doing `action` on `path`. The reason comes from the
    /// file system first (a part of the path that is a file, a folder where a file was
    /// expected, a missing file when reading), then from the POSIX or Cocoa error code.
    public init(action: String, path: String, expected: Expected, reading: Bool, error: Error?) {
        self.init(action: action, path: path,
                  reason: Self.reason(path: path, expected: expected, reading: reading, error: error))
    }

    /// The reason `path` could not be used, as a phrase.
    public static func reason(path: String, expected: Expected, reading: Bool, error: Error?) -> String {
        if let problem = pathProblem(path, expected: expected, reading: reading) { return problem }
        if let code = posixCode(of: error) { return words(errno: code, expected: expected) }
        if let cocoa = error as? CocoaError, let text = words(cocoa, expected: expected) { return text }
        return error.map { $0.localizedDescription } ?? "unknown failure"
    }

    /// Reads the whole file at `path`, refusing a folder.
    public static func readData(_ path: String, what: String = "file") throws(FileError) -> Data {
        let action = "read \(what)"
        if case .folder = kind(of: path) {
            throw FileError(action: action, path: path, reason: "it is a folder, not a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FileError(action: action, path: path, expected: .file, reading: true, error: error)
        }
    }

    /// Reads the file at `path` as UTF-8 text.
    public static func readText(_ path: String, what: String = "file") throws(FileError) -> String {
        let data = try readData(path, what: what)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(action: "read \(what)", path: path, reason: "it is not UTF-8 text")
        }
        return text
    }

    // MARK: - Diagnosis

    enum Kind: Equatable {
        case missing, folder, other
        case inaccessible(errno: Int32)
    }

    /// What is at `path` (following symbolic links).
    static func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .inaccessible(errno: code)
        }
        return status.st_mode & S_IFMT == S_IFDIR ? .folder : .other
    }

    /// A problem visible in the file system: a leading part of the path that is a file, a
    /// missing file to read, or the path itself of the wrong kind.
    static func pathProblem(_ path: String, expected: Expected, reading: Bool) -> String? {
        guard !path.isEmpty else { return "the path is empty" }
        var prefix = path.hasPrefix("/") ? "/" : ""
        let parts = path.split(separator: "/").map(String.init)
        for part in parts.dropLast() {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            switch kind(of: prefix) {
            case .folder: continue
            case .other: return "'\(prefix)' is a file, not a folder"
            case .missing: return reading ? missing(expected) : nil
            case let .inaccessible(code): return words(errno: code, expected: expected)
            }
        }
        switch kind(of: path) {
        case .missing: return reading ? missing(expected) : nil
        case .folder: return expected == .file ? "it is a folder, not a file" : nil
        case .other: return expected == .folder ? "it is a file, not a folder" : nil
        case let .inaccessible(code): return words(errno: code, expected: expected)
        }
    }

    static func missing(_ expected: Expected) -> String {
        expected == .file ? "no such file" : "no such folder"
    }

    /// The POSIX error code inside `error`, looking through underlying errors.
    static func posixCode(of error: Error?) -> Int32? {
        guard let error else { return nil }
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? Error { return posixCode(of: underlying) }
        return nil
    }

    static func words(errno code: Int32, expected: Expected) -> String {
        switch code {
        case ENOENT: missing(expected)
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "the disk quota is exceeded"
        case EISDIR: "it is a folder, not a file"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case EEXIST: "it already exists"
        case ENOTEMPTY: "the folder is not empty"
        case ENAMETOOLONG: "the name is too long"
        case ELOOP: "too many symbolic links"
        case EXDEV: "it is on another file system"
        default: String(cString: strerror(code))
        }
    }

    static func words(_ error: CocoaError, expected: Expected) -> String? {
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: missing(expected)
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "no space left on the device"
        case .fileWriteVolumeReadOnly: "the file system is read-only"
        case .fileWriteFileExists: "it already exists"
        case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: "it is not UTF-8 text"
        default: nil
        }
    }
}
