import AltaTestSupport
import Foundation
import Testing

/// `alta repl` with piped input: statements, values per position on the example, `load`,
/// errors that do not end the session.
@Suite(.serialized) struct ReplCommandTests {
    @Test func printsEveryAssignedSOpOnTheExample() throws {
        let input = """
            set example "abc"
            opposite = length - indices - 1;
            flip = select(indices, opposite, ==);
            reverse = aggregate(flip, tokens);
            def double(s) {
              y = s + s;
              return y;
            }
            d = double(indices);
            set example [1, 2]
            reverse = aggregate(flip, tokens);

            """
        let result = try CommandRunner.run(["repl"], input: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            example: a b c
            opposite = [2, 1, 0] (ints)
            flip: selector
            reverse = [c, b, a] (strings)
            d = [0, 2, 4] (ints)
            example: 1 2
            reverse = [2, 1] (strings)

            """)
    }

    @Test func withoutAnExampleItPrintsTheEncoding() throws {
        let result = try CommandRunner.run(["repl"], input: Data("n = numerical(indices + 1); c = indices == 0;\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "n: numerical s-op\nc: categorical s-op\n")
    }

    @Test func loadReadsAFileFromTheWorkingDirectory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "shifted = indices + 1;\n".write(to: folder.appendingPathComponent("lib.rasp"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["repl"], in: folder, input: Data("set example \"xy\"\nload \"lib\";\ntwice = shifted * 2;\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "example: x y\nshifted = [1, 2] (ints)\ntwice = [2, 4] (ints)\n")
    }

    @Test func errorsArePrintedAndTheSessionGoesOn() throws {
        let input = "set example \"ab\"\nx = tokns;\nx = tokens;\nset example ab\nopen = indices + (1;\n"
        let result = try CommandRunner.run(["repl"], input: Data(input.utf8))
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("example: a b\n<input>:2:5: error: unknown name 'tokns'\nx = tokns;\n    ^\nx = [a, b] (strings)\n"))
        #expect(result.stdout.contains("error: set example takes a string (\"abc\") or a list ([1, 2, 3]), not 'ab'\n"))
        #expect(result.stdout.contains("<input>:5:"))
        #expect(result.stderr == "Error: the session had 3 errors\n")
        let unfinished = try CommandRunner.run(["repl"], input: Data("def f(x) {\n  return x;\n".utf8))
        #expect(unfinished.status == 1)
        #expect(unfinished.stderr == "Error: the input ended inside a statement (a statement ends with ';' or '}')\n")
    }
}
