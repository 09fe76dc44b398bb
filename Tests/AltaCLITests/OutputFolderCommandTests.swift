import AltaTestSupport
import Foundation
import Testing

/// `-o DIR`, `--svg DIR` and `--input-file` through the real executable: Alta replaces only
/// folders it wrote, and file errors are in words.
@Suite(.serialized) struct OutputFolderCommandTests {
    /// A fresh working folder, removed by the caller.
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// A folder the user owns: a git checkout and a note.
    static func userFolder(at folder: URL) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: folder.appendingPathComponent(".git/HEAD"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    }

    static func userFolderIsIntact(_ folder: URL) throws -> Bool {
        try listing(folder) == [".git", "notes.txt"]
            && Data(contentsOf: folder.appendingPathComponent(".git/HEAD")) == Data("ref: refs/heads/main\n".utf8)
            && Data(contentsOf: folder.appendingPathComponent("notes.txt")) == Data("mine".utf8)
    }

    @Test func exportsRefuseAFolderAltaDidNotWrite() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.userFolder(at: work.appendingPathComponent("repo"))
        for arguments in [["compile", "reverse", "-o", "repo"], ["example", "copy-previous", "-o", "repo"]] {
            let result = try CommandRunner.run(arguments, in: work)
            #expect(result.status == 74, "\(arguments)")
            #expect(result.stderr == "Error: cannot write folder 'repo': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder\n")
            #expect(try Self.userFolderIsIntact(work.appendingPathComponent("repo")))
        }
        #expect(try Self.listing(work) == ["repo"])
    }

    @Test func outputDotIsRefusedAndTheCurrentFolderKept() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try Self.userFolder(at: work)
        let result = try CommandRunner.run(["compile", "reverse", "-o", "."], in: work)
        #expect(result.status == 74)
        #expect(result.stderr == "Error: cannot write folder '.': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder\n")
        #expect(try Self.userFolderIsIntact(work))
        // An empty current folder is not replaced either.
        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        let inEmpty = try CommandRunner.run(["example", "copy-previous", "-o", "."], in: empty)
        #expect(inEmpty.status == 74)
        #expect(inEmpty.stderr == "Error: cannot write folder '.': it is the current folder (or holds it), which Alta never replaces; name a folder inside it, e.g. 'model'\n")
        #expect(try Self.listing(empty).isEmpty)
        #expect(try Self.listing(work) == [".git", "empty", "notes.txt"])
    }

    @Test func emptyOutputAndAFileInThePathAreErrors() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("x".utf8).write(to: work.appendingPathComponent("afile"))
        for command in [["compile", "reverse"], ["example", "copy-previous"], ["demo"]] {
            let empty = try CommandRunner.run(command + ["-o", ""], in: work)
            #expect(empty.status == 1, "\(command)")
            #expect(empty.stderr == "Error: --output is empty: give the name of a folder\n", "\(command)")
        }
        let svg = try CommandRunner.run(["example", "copy-previous", "--svg", ""], in: work)
        #expect(svg.status == 1 && svg.stderr == "Error: --svg is empty: give the name of a folder\n")
        let sub = try CommandRunner.run(["compile", "reverse", "-o", "afile/sub"], in: work)
        #expect(sub.status == 74)
        #expect(sub.stderr == "Error: cannot write folder 'afile/sub': 'afile' is a file, not a folder\n")
        let onFile = try CommandRunner.run(["example", "copy-previous", "-o", "afile"], in: work)
        #expect(onFile.status == 74)
        #expect(onFile.stderr == "Error: cannot write folder 'afile': it is a file, not a folder\n")
        #expect(try Self.listing(work) == ["afile"])
        #expect(try Data(contentsOf: work.appendingPathComponent("afile")) == Data("x".utf8))
    }

    @Test func anEarlierExportIsReplacedWithoutLeftovers() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try CommandRunner.run(["example", "copy-previous", "-o", "out/m"], in: work)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CommandRunner.run(["compile", "reverse", "-o", "out/m", "--max-len", "4"], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        let folder = work.appendingPathComponent("out/m")
        #expect(try Self.listing(folder) == ["alta-files.json", "circuit.json", "config.json", "model.safetensors", "reference_outputs.json"])
        #expect(try Self.listing(work.appendingPathComponent("out")) == ["m"], "no temporary folder left")
        let run = try CommandRunner.run(["run", "out/m", "--input", "a b c"], in: work)
        #expect(run.status == 0 && run.stdout.contains("output: BOS c b a"), "\(run.stdout)\(run.stderr)")
        // A file the user adds makes the folder theirs too: refused, nothing touched.
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let refused = try CommandRunner.run(["compile", "reverse", "-o", "out/m"], in: work)
        #expect(refused.status == 74)
        #expect(refused.stderr == "Error: cannot write folder 'out/m': it holds files Alta did not write (notes.txt); move them away or choose a new folder\n")
        #expect(try Self.listing(folder) == ["alta-files.json", "circuit.json", "config.json", "model.safetensors", "notes.txt", "reference_outputs.json"])
    }

    @Test func svgFoldersFollowTheSameRule() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try CommandRunner.run(["example", "copy-previous", "--svg", "pics", "--input", "a b", "--input", "c"], in: work)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("pictures: pics/residual-1.svg, pics/attention-1.svg"))
        let second = try CommandRunner.run(["example", "copy-previous", "--svg", "pics", "--input", "a b"], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.listing(work.appendingPathComponent("pics")) == ["alta-files.json", "attention-1.svg", "residual-1.svg"])
        try Self.userFolder(at: work.appendingPathComponent("repo"))
        let refused = try CommandRunner.run(["example", "copy-previous", "--svg", "repo"], in: work)
        #expect(refused.status == 74)
        #expect(refused.stderr == "Error: cannot write folder 'repo': it is not empty and was not written by Alta (it holds .git, notes.txt); Alta replaces only folders it wrote, so choose a new folder\n")
        #expect(try Self.userFolderIsIntact(work.appendingPathComponent("repo")))
        _ = try CommandRunner.run(["example", "copy-previous", "-o", "model"], in: work)
        let intoExport = try CommandRunner.run(["run", "model", "--input", "a", "--svg", "model"], in: work)
        #expect(intoExport.status == 74)
        #expect(intoExport.stderr == "Error: cannot write folder 'model': it holds an Alta model export, and pictures go in a folder of their own\n")
        #expect(try Self.listing(work) == ["model", "pics", "repo"])
    }

    @Test func inputFileErrorsAreInWordsAndDashReadsStandardInput() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        _ = try CommandRunner.run(["example", "copy-previous", "-o", "model"], in: work)
        let stdin = try CommandRunner.run(["run", "model", "--input-file", "-"], in: work, input: Data("a b\n\nc\n".utf8))
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout == "input:  BOS a b\noutput: BOS - a\n\ninput:  BOS c\noutput: BOS -\n")
        let folder = try CommandRunner.run(["run", "model", "--input-file", "model"], in: work)
        #expect(folder.status == 74)
        #expect(folder.stderr == "Error: cannot read input file 'model': it is a folder, not a file\n")
        let missing = try CommandRunner.run(["run", "model", "--input-file", "none.txt"], in: work)
        #expect(missing.stderr == "Error: cannot read input file 'none.txt': no such file\n")
        let underFile = try CommandRunner.run(["run", "model", "--input-file", "model/config.json/x"], in: work)
        #expect(underFile.stderr == "Error: cannot read input file 'model/config.json/x': 'model/config.json' is a file, not a folder\n")
        let modelFile = try CommandRunner.run(["run", "model/config.json", "--input", "a"], in: work)
        #expect(modelFile.stderr == "Error: cannot load model folder 'model/config.json': it is a file, not a folder\n")
    }
}
