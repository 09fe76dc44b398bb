import RASP
import Testing

@testable import RASPText

/// Shared helpers for the `.rasp` front-end tests.
enum TextTest {
    /// Reads `source` as `test.rasp`.
    static func program(_ source: String, options: RASPTextOptions = RASPTextOptions()) throws -> RASPTextProgram {
        try RASPTextProgram(source: source, fileName: "test.rasp", options: options)
    }

    /// Space-separated tokens as string values (`"a b c"` → `["a", "b", "c"]`).
    static func words(_ text: String) -> [Value] {
        text.split(separator: " ").map { .string(String($0)) }
    }

    /// The REPL-printed output of `source` on `input` (REPL semantics).
    static func repl(_ source: String, _ input: [Value]) throws -> String {
        REPLFormat.values(try program(source).evaluate(input, semantics: .repl))
    }

    /// The output's values written out one by one (the reference's spelling where the REPL
    /// would print `[v]*n`).
    static func replList(_ source: String, _ input: [Value]) throws -> String {
        "[" + (try program(source).evaluate(input, semantics: .repl)).map(REPLFormat.element).joined(separator: ", ") + "]"
    }

    /// The REPL-printed output with its type word.
    static func replTyped(_ source: String, _ input: [Value]) throws -> String {
        REPLFormat.valuesWithType(try program(source).evaluate(input, semantics: .repl))
    }
}

/// Source with one location marker `1️⃣`, swift-format style: the text without the marker and
/// the marker's `line:column`.
struct MarkedSource {
    let text: String
    let location: RASPText.SourceLocation

    init(_ marked: String) {
        var line = 1
        var column = 1
        var found = RASPText.SourceLocation(line: 0, column: 0)
        var text = ""
        for character in marked {
            if character == "1️⃣" {
                found = RASPText.SourceLocation(line: line, column: column)
                continue
            }
            text.append(character)
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.location = found
    }
}

/// Asserts that reading the marked source fails with `message` (kind `kind`) at the marker.
func assertDiagnostic(
    _ marked: String, _ kind: Diagnostic.Kind, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let source = MarkedSource(marked)
    do {
        _ = try TextTest.program(source.text)
        Issue.record("expected an error: \(message)", sourceLocation: sourceLocation)
    } catch let diagnostic as Diagnostic {
        #expect(diagnostic.location == source.location, sourceLocation: sourceLocation)
        #expect(diagnostic.message == message, sourceLocation: sourceLocation)
        #expect(diagnostic.kind == kind, sourceLocation: sourceLocation)
        #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    } catch {
        Issue.record("not a Diagnostic: \(error)", sourceLocation: sourceLocation)
    }
}

/// Asserts that the marked source reads, and that the program carries `message` at the marker
/// among its compile errors (or, with `warning`, its warnings).
func assertProgramNote(
    _ marked: String, _ kind: Diagnostic.Kind, _ message: String, warning: Bool = false,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let source = MarkedSource(marked)
    do {
        let program = try TextTest.program(source.text)
        let notes = (warning ? program.warnings : program.compileErrors).filter { $0.fileName == "test.rasp" }
        let match = notes.first { $0.location == source.location && $0.message == message && $0.kind == kind }
        #expect(match != nil, "got \(notes.map(\.summary))", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
    }
}
