import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal POSIX file access for safetensors: sequential reads of a regular file with
/// exact lengths, and atomic replace-by-rename writes. Errors carry the path and the reason in words.
struct POSIXFile {
    private let descriptor: Int32
    private let path: String
    /// The file's size in bytes when it was opened.
    let length: Int

    /// Opens a regular file for reading.
    init(openingForReading url: URL) throws(SafeTensorsError) {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fileReadFailed(path: path, reason: Self.lastError()) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = Self.lastError()
            _ = posixClose(descriptor)
            throw .fileReadFailed(path: path, reason: reason)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            _ = posixClose(descriptor)
            throw .fileReadFailed(path: path, reason: "not a regular file")
        }
        self.descriptor = descriptor
        self.path = path
        self.length = Int(status.st_size)
    }

    func close() {
        _ = posixClose(descriptor)
    }

    /// The next `count` bytes; throws if the file ends sooner (it shrank while being read).
    func read(count: Int) throws(SafeTensorsError) -> [UInt8] {
        var failure: SafeTensorsError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let result = posixRead(descriptor, buffer.baseAddress! + initialized, count - initialized)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = .fileReadFailed(path: path, reason: Self.lastError())
                    return
                }
                if result == 0 {
                    failure = .fileReadFailed(path: path, reason: "the file ended early (it changed while being read)")
                    return
                }
                initialized += result
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes `bytes` to a new temporary file next to `url`, flushes it, and renames it over
    /// `url`. On failure the temporary file is removed and `url` is untouched.
    static func writeAtomically(_ bytes: [UInt8], to url: URL) throws(SafeTensorsError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporaryPath = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .fileWriteFailed(path: path, reason: "cannot create a temporary file in '\(directory)': \(lastError())")
        }
        var renamed = false
        defer {
            if !renamed { _ = unlink(temporaryPath) }
        }
        var written = 0
        var writeError: String?
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = posixWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    writeError = lastError()
                    return
                }
                written += result
            }
        }
        if writeError == nil, fsync(descriptor) != 0 { writeError = lastError() }
        if posixClose(descriptor) != 0, writeError == nil { writeError = lastError() }
        if let writeError { throw .fileWriteFailed(path: path, reason: writeError) }
        guard rename(temporaryPath, path) == 0 else {
            throw .fileWriteFailed(path: path, reason: lastError())
        }
        renamed = true
    }

    /// `errno` in words (the same words as every other file error).
    private static func lastError() -> String {
        FileError.words(errno: errno, expected: .file)
    }
}

// The POSIX calls whose names clash with members above, reached unambiguously.
private func posixClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
