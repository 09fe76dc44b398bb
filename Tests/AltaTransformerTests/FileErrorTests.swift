import Foundation
import AltaTestSupport
import Testing
@testable import AltaTransformer

/// `FileError`: file-system failures in words, with the path.
@Suite struct FileErrorTests {
    @Test func readsNameWhatIsWrongWithThePath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("alta-file-error-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("afile").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))

        expectError(FileError(action: "read input file", path: root.path, reason: "it is a folder, not a file"),
                    message: "cannot read input file '\(root.path)': it is a folder, not a file") {
            try FileError.readData(root.path, what: "input file")
        }
        expectError(FileError(action: "read file", path: root.path + "/none.txt", reason: "no such file"),
                    message: "cannot read file '\(root.path)/none.txt': no such file") {
            try FileError.readData(root.path + "/none.txt")
        }
        expectError(FileError(action: "read file", path: root.path + "/none/x.txt", reason: "no such file"),
                    message: "cannot read file '\(root.path)/none/x.txt': no such file") {
            try FileError.readData(root.path + "/none/x.txt")
        }
        expectError(FileError(action: "read file", path: file + "/sub", reason: "'\(file)' is a file, not a folder"),
                    message: "cannot read file '\(file)/sub': '\(file)' is a file, not a folder") {
            try FileError.readData(file + "/sub")
        }

        let binary = root.appendingPathComponent("binary")
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: binary)
        expectError(FileError(action: "read input file", path: binary.path, reason: "it is not UTF-8 text"),
                    message: "cannot read input file '\(binary.path)': it is not UTF-8 text") {
            try FileError.readText(binary.path, what: "input file")
        }
        #expect(try FileError.readText(file) == "x")
    }

    @Test func errorCodesBecomeWords() {
        let path = "/"  // exists and is a folder, so only the error code can explain
        func reason(_ error: Error) -> String {
            FileError.reason(path: path, expected: .folder, reading: false, error: error)
        }
        #expect(reason(NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))) == "permission denied")
        #expect(reason(POSIXError(.EROFS)) == "the file system is read-only")
        #expect(reason(CocoaError(.fileWriteNoPermission)) == "permission denied")
        #expect(reason(CocoaError(.fileWriteOutOfSpace)) == "no space left on the device")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: 256,
                              userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        #expect(reason(wrapped) == "no space left on the device", "the POSIX code under Cocoa's 256 is used")
        #expect(reason(POSIXError(.E2BIG)) == String(cString: strerror(E2BIG)))
    }
}
