import ALTA
import ALTAText
import AltaPrograms
import AltaTestSupport
import Foundation
import Testing

/// The README's `.alta` example elaborates to the library program it names, its encoding
/// line gives the tokens the README shows, and its error example is the real message.
@Suite struct ALTATextReadmeTests {
    static func readme() throws -> String {
        try String(contentsOf: PackageRoot.url().appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The first fenced block of `language` in `text`.
    static func block(_ language: String, in text: String) throws -> String {
        let start = try #require(text.range(of: "```\(language)\n"))
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test func exampleIsTheLibraryProgram() throws {
        let source = try Self.block("alta", in: try Self.readme())
        let text = try ALTATextProgram(source: source, file: "parity.alta")
        let library = try ALTALibrary.entry(named: "sparse_parity_sequential_relative").program()
        #expect(text.program.rules == library.rules)
        #expect(text.program.variables == library.variables)
        #expect(try text.encoding?.tokens(for: "1011") == [2, 1, 0, 1, 1])
    }

    @Test func errorExampleIsTheRealMessage() throws {
        let readme = try Self.readme()
        let source = try Self.block("alta", in: readme)
            .replacingOccurrences(of: "set parity = parity_left ^ parity", with: "set parity = parity_left + parity")
        let section = try #require(readme.range(of: "Every error names"))
        let shown = try Self.block("text", in: String(readme[section.upperBound...]))
        do {
            _ = try ALTATextProgram(source: source, file: "parity.alta")
            Issue.record("no diagnostic")
        } catch {
            #expect(error.description + "\n" == shown)
        }
    }
}
