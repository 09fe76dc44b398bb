import AltaTestSupport
import Foundation
import Testing

/// `alta eval|run|trace|rules FILE.alta` through the executable.
@Suite struct ALTATextCommandTests {
    static let parity = "Sources/ALTAText/Library/sparse_parity_sequential_relative.alta"

    @Test func evalAndRunAFile() throws {
        let eval = try CommandRunner.run(["eval", Self.parity, "--input", "10110"])
        #expect(eval.status == 0)
        #expect(eval.stdout == "input:  10110\noutput: 0 1 1 0 1 1  (5 layers, halted)\n")
        let run = try CommandRunner.run(["run", "Sources/ALTAText/Library/addition.alta", "--input", "12+34"])
        #expect(run.status == 0)
        // `run` goes through the compiled model and its text encoding (from the file's).
        #expect(run.stdout == "input:  12+34\ntokens: s 1 2 + 3 4 e\noutput: 0 0 0 0 4 6 0\nlayers: 5 (halted)\n")
        let rules = try CommandRunner.run(["rules", Self.parity])
        #expect(rules.status == 0 && rules.stdout.contains("done=0 & done_left=1 => done: 0 -> 1"))
    }

    @Test func aFileWithAnErrorPrintsItsDiagnostic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("altatext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "program p\nvocabulary 2\nvar x: categorical 2\noutput y\n".write(
            to: folder.appendingPathComponent("bad.alta"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["eval", "bad.alta", "--input", "1"], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr == "Error: bad.alta:4:8: error: unknown variable 'y'\noutput y\n       ^\n")
        let input = try CommandRunner.run(["eval", Self.parity, "--input", "1021"])
        #expect(input.status == 65)
        #expect(input.stderr.contains("cannot encode input '1021': '2' at position 2 is not one of 0 1"))
    }
}
