import Testing

@testable import RASPText

@Suite struct SourceFileTests {
    @Test func locationsAndLines() {
        let file = SourceFile(name: "a.rasp", text: "x = 1;\n  y = 2;\n")
        #expect(file.location(ofOffset: 0) == RASPText.SourceLocation(line: 1, column: 1))
        #expect(file.location(ofOffset: 9) == RASPText.SourceLocation(line: 2, column: 3))
        #expect(file.lineText(2) == "  y = 2;")
        #expect(file.lineText(3) == "")
        #expect(file.lineText(9) == "")
    }

    @Test func diagnosticRendersLocationLineAndCaret() {
        let file = SourceFile(name: "a.rasp", text: "x = 1;\n  y = zz;\n")
        let d = Diagnostic(.unknownName, "unknown name 'zz'", at: RASPText.SourceLocation(line: 2, column: 7), in: file)
        #expect(d.description == "a.rasp:2:7: error: unknown name 'zz'\n  y = zz;\n      ^")
    }
}
