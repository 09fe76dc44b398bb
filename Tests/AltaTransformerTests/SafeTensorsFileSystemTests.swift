import AltaTransformer
import Foundation
import Testing

@Suite("SafeTensors: reading and writing files")
struct SafeTensorsFileSystemTests {
    /// A fresh empty folder, removed by `cleanUp`.
    private static func makeFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    private static func makeExample() throws -> SafeTensorsFile {
        SafeTensorsFile(
            tensors: [
                "blocks.0.attn.W_Q": try SafeTensor(float32: (0..<24).map { Float($0) }, shape: [2, 4, 3]),
                "embed.W_E": try SafeTensor(float32: (0..<20).map { Float($0) / 7 }, shape: [5, 4]),
                "scale": try SafeTensor(float16: [0.5], shape: []),
            ],
            metadata: ["producer": "alta 0.1.0", "format": "pt"])
    }

    @Test("write then read round-trips, the file holds exactly the encoded bytes, no temp files remain")
    func writeAndRead() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try Self.makeExample()
        let url = folder.appendingPathComponent("model.safetensors")
        try example.write(to: url)
        #expect(try SafeTensorsFile.read(from: url) == example)
        #expect(try [UInt8](Data(contentsOf: url)) == example.encoded())
        #expect(try Self.contents(of: folder) == ["model.safetensors"])

        // Overwriting replaces the contents.
        let smaller = SafeTensorsFile(tensors: ["x": try SafeTensor(int64: [1, 2], shape: [2])])
        try smaller.write(to: url)
        #expect(try SafeTensorsFile.read(from: url) == smaller)
        #expect(try Self.contents(of: folder) == ["model.safetensors"])
    }

    @Test("a failed write leaves an existing file unchanged and no temporary files")
    func failedWrites() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try Self.makeExample()
        let url = folder.appendingPathComponent("model.safetensors")
        try example.write(to: url)
        let before = try Data(contentsOf: url)

        // Encoding fails before the disk is touched.
        let bad = SafeTensorsFile(tensors: ["__metadata__": try SafeTensor(uint8: [1], shape: [1])])
        #expect(throws: SafeTensorsError.reservedTensorName("__metadata__")) { try bad.write(to: url) }
        #expect(try Data(contentsOf: url) == before)
        #expect(try Self.contents(of: folder) == ["model.safetensors"])

        // The rename fails because the destination is a non-empty directory.
        let blocker = folder.appendingPathComponent("blocked.safetensors")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
        try Data([1, 2, 3]).write(to: blocker.appendingPathComponent("keep"))
        #expect {
            try example.write(to: blocker)
        } throws: { error in
            guard case let .fileWriteFailed(path, _)? = error as? SafeTensorsError else { return false }
            return path == blocker.path
        }
        #expect(try Self.contents(of: folder) == ["blocked.safetensors", "model.safetensors"])
        #expect(try Self.contents(of: blocker) == ["keep"])
        #expect(try Data(contentsOf: url) == before)

        // The folder does not exist: the temporary file cannot even be created.
        let missing = folder.appendingPathComponent("no-such-folder/model.safetensors")
        #expect {
            try example.write(to: missing)
        } throws: { error in
            guard case let .fileWriteFailed(path, reason)? = error as? SafeTensorsError else { return false }
            return path == missing.path && reason.contains("temporary file")
        }
        #expect(try Self.contents(of: folder) == ["blocked.safetensors", "model.safetensors"])
    }

    @Test("reading checks the header length against the limit and the file size before reading it")
    func hostileFilesOnDisk() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func read(_ bytes: [UInt8]) throws -> SafeTensorsError? {
            let url = folder.appendingPathComponent("f-\(UUID().uuidString)")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                _ = try SafeTensorsFile.read(from: url)
                return nil
            } catch {
                return error
            }
        }
        #expect(try read([1, 2, 3]) == .headerTooSmall(fileLength: 3))
        #expect(try read(handMadeSafeTensors(header: "{}", declaredLength: 99_999_999)) == .invalidHeaderLength(headerLength: 99_999_999, fileLength: 10))
        #expect(try read(handMadeSafeTensors(header: "{}", declaredLength: 1 << 63)) == .headerTooLarge(headerLength: 1 << 63))
        // A header claiming an enormous tensor is rejected before any data is read.
        let huge = #"{"t":{"dtype":"F64","shape":[1000000000000],"data_offsets":[0,8000000000000]}}"#
        #expect(try read(handMadeSafeTensors(header: huge, data: [0, 0])) == .dataBeyondEndOfFile(tensor: "t", end: 8_000_000_000_000, dataLength: 2))
        #expect(try read(handMadeSafeTensors(header: "{}", data: [9])) == .trailingBytes(count: 1, byteOffset: 10))
        #expect(try read(handMadeSafeTensors(header: "{}")) == nil)
    }

    @Test("missing files and folders are read errors naming the path")
    func unreadable() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("absent.safetensors")
        #expect {
            try SafeTensorsFile.read(from: missing)
        } throws: { error in
            guard case let .fileReadFailed(path, _)? = error as? SafeTensorsError else { return false }
            return path == missing.path && (error as? SafeTensorsError)?.description.contains("absent.safetensors") == true
        }
        #expect(throws: SafeTensorsError.fileReadFailed(path: folder.path, reason: "not a regular file")) {
            try SafeTensorsFile.read(from: folder)
        }
    }
}
