import AltaTestSupport
import Foundation
import Testing

/// `alta eval FILE.rasp` and `alta check FILE.rasp` through the executable.
@Suite(.serialized) struct RASPTextCommandTests {
    static let program = """
        #@ max_seq_len 6
        opposite = length - indices - 1;
        reversed = aggregate(select(indices, opposite, ==), tokens);
        previous = aggregate(select(indices, indices - 1, ==), tokens_int);
        """

    /// A scratch folder with `prog.rasp` holding `text`.
    static func folder(_ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-rasptext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("prog.rasp"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func evalUsesTheREPLSemanticsByDefaultAndTracrOnRequest() throws {
        let folder = try Self.folder(Self.program)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("prog.rasp").path
        let repl = try CommandRunner.run(["eval", path, "--input", "7 8 9"])
        #expect(repl.status == 0)
        #expect(repl.stdout == "input:  7 8 9\noutput: 0 7 8\n")
        let tracr = try CommandRunner.run(["eval", path, "--input", "7 8 9", "--semantics", "tracr"])
        #expect(tracr.stdout == "input:  7 8 9\noutput: - 7 8\n")
        let chosen = try CommandRunner.run(["eval", path, "--input", "7 8 9", "--output", "reversed"])
        #expect(chosen.stdout == "input:  7 8 9\noutput: 9 8 7\n")
        let notInts = try CommandRunner.run(["eval", path, "--input", "a b"])
        #expect(notInts.status != 0 && notInts.stderr.contains("'a b' does not read as int tokens (the program uses tokens_int)"))
        let tooLong = try CommandRunner.run(["eval", path, "--input", "1 2 3 4 5 6 7"])
        #expect(tooLong.status != 0 && tooLong.stderr.contains("max_seq_len 6"))
        let flagged = try CommandRunner.run(["eval", path, "--input", "1 2 3 4 5 6 7", "--max-len", "8", "--causal"])
        #expect(flagged.stdout == "input:  1 2 3 4 5 6 7\noutput: 0 1 2 3 4 5 6\n")
        let vocab = try CommandRunner.run(["eval", path, "--input", "1 4", "--vocab", "1,2,3"])
        #expect(vocab.status != 0 && vocab.stderr.contains("token '4' at position 1 is not in the vocabulary"))
        let badSemantics = try CommandRunner.run(["eval", path, "--input", "a", "--semantics", "python"])
        #expect(badSemantics.status != 0 && badSemantics.stderr.contains("--semantics must be repl or tracr, not 'python'"))
    }

    @Test func errorsShowTheLocationLineAndCaret() throws {
        let folder = try Self.folder("a = indices;\nb = a + tokns;\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("prog.rasp").path
        let result = try CommandRunner.run(["eval", path, "--input", "a"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(path):2:9: error: unknown name 'tokns'\nb = a + tokns;\n        ^"))
    }

    @Test func checkReportsDifferencesAndCompileErrors() throws {
        let folder = try Self.folder(Self.program)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("prog.rasp").path
        let ok = try CommandRunner.run(["check", path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\(path):4:12: warning: where this aggregate selects nothing, the REPL gives 0 and Tracr gives None"))
        #expect(ok.stdout.hasSuffix("\(path): output 'previous'; 2 warnings, 0 compile errors\n"))
        let mean = try Self.folder("x = aggregate(select(indices, indices, <=), tokens);\n")
        defer { try? FileManager.default.removeItem(at: mean) }
        let failing = try CommandRunner.run(["check", mean.appendingPathComponent("prog.rasp").path])
        #expect(failing.status != 0)
        #expect(failing.stdout.contains("error: categorical aggregate may average different values"))
        #expect(failing.stderr.contains("evaluates but does not compile (1 compile error)"))
        let large = try Self.folder("#@ vocab range(200)\n#@ max_seq_len 4\nx = tokens * 1000 + tokens;\n")
        defer { try? FileManager.default.removeItem(at: large) }
        let tooLarge = try CommandRunner.run(["check", large.appendingPathComponent("prog.rasp").path])
        #expect(tooLarge.status != 0)
        #expect(tooLarge.stdout.contains("prog.rasp:3:1: error: this s-op takes 40000 values, more than the compiler's 20000 for a categorical s-op"))
    }
}
