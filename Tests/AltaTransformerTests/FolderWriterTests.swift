import AltaTensors
import Foundation
import AltaTestSupport
import Testing
@testable import AltaTransformer

/// `FolderWriter`: Alta replaces only folders it wrote, atomically, and refuses the rest.
@Suite struct FolderWriterTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    static func root() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-folders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Every file under `folder` (relative path → contents).
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = folder.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        for case let name as String in walker {
            var isDirectory: ObjCBool = false
            let path = base + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return out
    }

    static func files(_ pairs: [String: String]) -> [String: Data] {
        pairs.mapValues { Data($0.utf8) }
    }

    /// A folder the user owns: a git checkout and a note.
    static func userFolder(at folder: URL) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: folder.appendingPathComponent(".git/HEAD"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    }

    @Test func writesANewFolderWithItsManifest() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out/m")
        try FolderWriter(kind: .pictures).replace(target, with: Self.files(["a.svg": "1", "b.svg": "2"]))
        #expect(try Self.listing(target) == ["a.svg", "alta-files.json", "b.svg"])
        let manifest = try JSONDecoder().decode(FolderManifest.self, from: Data(contentsOf: target.appendingPathComponent("alta-files.json")))
        #expect(manifest == FolderManifest(kind: .pictures, files: ["a.svg", "b.svg"]))
        #expect(try Self.listing(root.appendingPathComponent("out")) == ["m"], "no temporary folder left")
    }

    @Test func replacesAnEarlierAltaFolderAndKeepsNoTemporaryFolder() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("m")
        let writer = FolderWriter(kind: .model)
        try writer.replace(target, with: Self.files(["a": "old", "b": "old"]))
        try writer.replace(target, with: Self.files(["a": "new", "c": "new"]))
        let files = try Self.snapshot(target)
        #expect(files.keys.sorted() == ["a", "alta-files.json", "c"], "b was Alta's and is gone")
        #expect(files["a"] == Data("new".utf8) && files["c"] == Data("new".utf8))
        #expect(try Self.listing(root) == ["m"])
    }

    @Test func refusesAFolderAltaDidNotWriteAndKeepsGit() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("repo")
        try Self.userFolder(at: target)
        let before = try Self.snapshot(target)
        expectError(FolderWriteError.notAltaFolder(path: target.path, contents: [".git", "notes.txt"]),
                    message: "cannot write folder '\(target.path)': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder") {
            try FolderWriter(kind: .model).replace(target, with: Self.files(["config.json": "{}"]))
        }
        #expect(try Self.snapshot(target) == before)
        #expect(try Self.listing(root) == ["repo"])
    }

    @Test func refusesAnAltaFolderThatAlsoHoldsOtherFiles() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("m")
        let writer = FolderWriter(kind: .model)
        try writer.replace(target, with: Self.files(["a": "old"]))
        try Data("mine".utf8).write(to: target.appendingPathComponent("notes.txt"))
        try FileManager.default.createDirectory(at: target.appendingPathComponent("sub"), withIntermediateDirectories: false)
        let before = try Self.snapshot(target)
        expectError(FolderWriteError.foreignFiles(path: target.path, names: ["notes.txt", "sub"]),
                    message: "cannot write folder '\(target.path)': it holds files Alta did not write (notes.txt, sub); move them away or choose a new folder") {
            try writer.replace(target, with: Self.files(["a": "new"]))
        }
        #expect(try Self.snapshot(target) == before)
    }

    @Test func neverReplacesTheCurrentFolder() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let current = root.appendingPathComponent("here")
        var writer = FolderWriter(kind: .model)
        writer.currentFolder = { current.path }
        // Non-empty and not Alta's: refused as such.
        try Self.userFolder(at: current)
        let before = try Self.snapshot(current)
        expectError(FolderWriteError.notAltaFolder(path: current.path, contents: [".git", "notes.txt"]),
                    message: "cannot write folder '\(current.path)': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder") {
            try writer.replace(current, with: Self.files(["a": "1"]))
        }
        #expect(try Self.snapshot(current) == before)
        // Even an earlier export is not replaced when it is the current folder, nor is a
        // folder holding the current folder.
        let export = root.appendingPathComponent("export")
        try FolderWriter(kind: .model).replace(export, with: Self.files(["a": "old"]))
        writer.currentFolder = { export.path }
        let exportBefore = try Self.snapshot(export)
        expectError(FolderWriteError.currentFolder(path: export.path),
                    message: "cannot write folder '\(export.path)': it is the current folder (or holds it), which Alta never replaces; name a folder inside it, e.g. '\(export.path)/model'") {
            try writer.replace(export, with: Self.files(["a": "new"]))
        }
        #expect(try Self.snapshot(export) == exportBefore)
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("inner"), withIntermediateDirectories: true)
        writer.currentFolder = { empty.appendingPathComponent("inner").path }
        #expect(throws: FolderWriteError.notAltaFolder(path: empty.path, contents: ["inner"])) {
            try writer.replace(empty, with: Self.files(["a": "1"]))
        }
        writer.currentFolder = { empty.appendingPathComponent("inner").path }
        #expect(throws: FolderWriteError.currentFolder(path: empty.appendingPathComponent("inner").path)) {
            try writer.replace(empty.appendingPathComponent("inner"), with: Self.files(["a": "1"]))
        }
        #expect(try Self.listing(empty.appendingPathComponent("inner")).isEmpty)
    }

    /// Fails when writing `name`, after the files before it were written.
    static func failing(on name: String, kind: FolderKind = .model) -> FolderWriter {
        var writer = FolderWriter(kind: kind)
        writer.writeFile = { data, url in
            if url.lastPathComponent == name {
                try Data(data.prefix(1)).write(to: url)  // half a file, then the disk is full
                throw POSIXError(.ENOSPC)
            }
            try data.write(to: url)
        }
        return writer
    }

    @Test func aWriteThatFailsHalfWayLeavesTheOldFolderIntact() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("m")
        try FolderWriter(kind: .model).replace(target, with: Self.files(["a": "old a", "b": "old b", "c": "old c"]))
        let before = try Self.snapshot(target)
        expectError(FolderWriteError.file(FileError(action: "write", path: target.path + "/b", reason: "no space left on the device")),
                    message: "cannot write '\(target.path)/b': no space left on the device") {
            try Self.failing(on: "b").replace(target, with: Self.files(["a": "new a", "b": "new b", "c": "new c"]))
        }
        #expect(try Self.snapshot(target) == before)
        #expect(try Self.listing(root) == ["m"], "no temporary folder left")
        // The manifest is the last file written; failing there changes nothing either.
        expectError(FolderWriteError.file(FileError(action: "write", path: target.path + "/alta-files.json", reason: "no space left on the device")),
                    message: "cannot write '\(target.path)/alta-files.json': no space left on the device") {
            try Self.failing(on: "alta-files.json").replace(target, with: Self.files(["a": "new a"]))
        }
        #expect(try Self.snapshot(target) == before)
        // A new folder that fails half-way does not appear at all.
        let fresh = root.appendingPathComponent("fresh")
        expectError(FolderWriteError.file(FileError(action: "write", path: fresh.path + "/b", reason: "no space left on the device")),
                    message: "cannot write '\(fresh.path)/b': no space left on the device") {
            try Self.failing(on: "b").replace(fresh, with: Self.files(["a": "1", "b": "2"]))
        }
        #expect(try Self.listing(root) == ["m"])
    }

    @Test func aFileInThePathIsNamed() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("afile")
        try Data("x".utf8).write(to: file)
        expectError(FolderWriteError.file(FileError(action: "write folder", path: file.path + "/sub", reason: "'\(file.path)' is a file, not a folder")),
                    message: "cannot write folder '\(file.path)/sub': '\(file.path)' is a file, not a folder") {
            try FolderWriter(kind: .model).replace(file.appendingPathComponent("sub"), with: Self.files(["a": "1"]))
        }
        #expect(throws: FolderWriteError.notAFolder(path: file.path)) {
            try FolderWriter(kind: .model).replace(file, with: Self.files(["a": "1"]))
        }
        #expect(try Data(contentsOf: file) == Data("x".utf8))
        #expect(try Self.listing(root) == ["afile"])
    }

    @Test func refusesSymbolicLinksOtherKindsAndBadNames() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let export = root.appendingPathComponent("m")
        try FolderWriter(kind: .model).replace(export, with: Self.files(["a": "1"]))
        let link = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: export)
        #expect(throws: FolderWriteError.symbolicLink(path: link.path)) {
            try FolderWriter(kind: .model).replace(link, with: Self.files(["a": "2"]))
        }
        expectError(FolderWriteError.otherKind(path: export.path, found: .model, writing: .pictures),
                    message: "cannot write folder '\(export.path)': it holds an Alta model export, and pictures go in a folder of their own") {
            try FolderWriter(kind: .pictures).replace(export, with: Self.files(["residual-1.svg": "<svg/>"]))
        }
        for name in ["", ".", "..", "../escape", "a/b", "alta-files.json"] {
            #expect(throws: FolderWriteError.invalidFileName(name)) {
                try FolderWriter(kind: .model).replace(root.appendingPathComponent("new"), with: Self.files([name: "x"]))
            }
        }
        #expect(try Self.listing(root) == ["link", "m"])
        #expect(try Data(contentsOf: export.appendingPathComponent("a")) == Data("1".utf8))
    }

    @Test func replacesAnEmptyFolderAndAnExportFromBeforeManifests() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        try FolderWriter(kind: .model).replace(empty, with: Self.files(["a": "1"]))
        #expect(try Self.listing(empty) == ["a", "alta-files.json"])

        let legacy = root.appendingPathComponent("legacy")
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: false)
        for (name, text) in [("config.json", #"{"d_model": 4, "alta": {"layout": "stacked"}}"#),
                             ("model.safetensors", "w"), ("reference_outputs.json", "[]"), ("residual-1.svg", "<svg/>")] {
            try Data(text.utf8).write(to: legacy.appendingPathComponent(name))
        }
        try FolderWriter(kind: .model).replace(legacy, with: Self.files(["config.json": "{}"]))
        #expect(try Self.listing(legacy) == ["alta-files.json", "config.json"])

        // The same names with a config.json that is not Alta's are the user's.
        let lookalike = root.appendingPathComponent("lookalike")
        try FileManager.default.createDirectory(at: lookalike, withIntermediateDirectories: false)
        try Data(#"{"d_model": 4}"#.utf8).write(to: lookalike.appendingPathComponent("config.json"))
        try Data("w".utf8).write(to: lookalike.appendingPathComponent("model.safetensors"))
        #expect(throws: FolderWriteError.notAltaFolder(path: lookalike.path, contents: ["config.json", "model.safetensors"])) {
            try FolderWriter(kind: .model).replace(lookalike, with: Self.files(["config.json": "{}"]))
        }
        #expect(try Data(contentsOf: lookalike.appendingPathComponent("model.safetensors")) == Data("w".utf8))
    }

    @Test func modelExportRefusesAUserFolderAndReplacesItsOwn() throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let model = try CopyPreviousTokenModel.make()
        let user = root.appendingPathComponent("user")
        try Self.userFolder(at: user)
        let before = try Self.snapshot(user)
        expectError(ExportError.self, message: "cannot write folder '\(user.path)': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder",
                    matching: { if case .folder(.notAltaFolder(user.path, [".git", "notes.txt"])) = $0 { true } else { false } }) {
            try model.export(to: user)
        }
        #expect(try Self.snapshot(user) == before)
        let export = root.appendingPathComponent("export")
        try model.export(to: export, extraFiles: ["notes.json": Data("{}".utf8)])
        try model.export(to: export)
        #expect(try Self.listing(export) == ["alta-files.json", "config.json", "model.safetensors"])
        #expect(try Self.listing(root) == ["export", "user"])
        _ = try TransformerModel.load(from: export)
    }
}
