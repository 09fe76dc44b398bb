import ALTAText
import AltaTestSupport
import Testing

/// Diagnostics, tested the swift-format way: the source marks where the error must point
/// with `1️⃣`, and the test gives the exact message.
@Suite struct ALTATextDiagnosticTests {
    static let marker = "1️⃣"

    /// The source without its marker and the marker's location.
    static func unmark(_ marked: String) -> (String, ALTASourceLocation?) {
        var line = 1
        var column = 1
        var text = ""
        var location: ALTASourceLocation?
        var rest = Substring(marked)
        while !rest.isEmpty {
            if rest.hasPrefix(marker) {
                location = ALTASourceLocation(line: line, column: column)
                rest = rest.dropFirst(marker.count)
                continue
            }
            let c = rest.removeFirst()
            text.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (text, location)
    }

    /// Asserts that `marked` fails with `message` at the marker.
    func expectDiagnostic(_ marked: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (source, location) = Self.unmark(marked)
        let expected = try #require(location, "no marker", sourceLocation: sourceLocation)
        do {
            _ = try ALTATextProgram(source: source, file: "test.alta")
            Issue.record("no diagnostic", sourceLocation: sourceLocation)
        } catch {
            #expect(error.message == message, sourceLocation: sourceLocation)
            #expect(error.location == expected, sourceLocation: sourceLocation)
            #expect(error.file == "test.alta", sourceLocation: sourceLocation)
        }
    }

    /// A small valid program; `rules` replaces its MLP block.
    static func program(rules: String, extra: String = "") -> String {
        """
        program p
        vocabulary 3
        var parity: categorical 2 from token: 0 if token == 2 else token
        var done: categorical 2 from token: 1 if token == 2 else 0
        var q: set 4 values [{0}, {0, 1}] = {0}
        \(extra)
        head parity_left = v_relative(parity, -1)
        head done_left = v_relative(done, -1)
        output parity
        halt when done = 1
        rules:
        \(rules)
        """
    }

    @Test func theBaseProgramIsValid() throws {
        let program = try ALTATextProgram(source: Self.program(rules: "    pass"), file: "p.alta").program
        #expect(program.variables.map(\.name).prefix(3) == ["parity", "done", "q"])
    }

    @Test func rendersFileLineColumnSourceLineAndCaret() throws {
        let source = Self.program(rules: "    for done:\n        set done = dne")
        let expected = ALTATextDiagnostic(
            file: "dir/p.alta", source: source, location: ALTASourceLocation(line: 13, column: 20),
            message: "unknown variable 'dne'")
        expectError(expected, message: """
            dir/p.alta:13:20: error: unknown variable 'dne'
                    set done = dne
                               ^
            """) {
            try ALTATextProgram(source: source, file: "dir/p.alta")
        }
    }

    @Test func unknownVariable() throws {
        try expectDiagnostic(Self.program(rules: "    for done:\n        set done = 1️⃣dne"), "unknown variable 'dne'")
        try expectDiagnostic(Self.program(rules: "    for 1️⃣dne:\n        pass"), "unknown variable 'dne'")
        try expectDiagnostic(Self.program(rules: "    when 1️⃣dne = 1:\n        pass"), "unknown variable 'dne'")
    }

    @Test func ruleSettingAnUndeclaredVariable() throws {
        try expectDiagnostic(Self.program(rules: "    set 1️⃣nothing = 1"), "unknown variable 'nothing'")
    }

    @Test func ruleSettingAHeadOutput() throws {
        try expectDiagnostic(Self.program(rules: "    set 1️⃣done_left = 1"),
                             "'done_left' is an attention-head output; only the automatic reset rules change it")
    }

    @Test func valueOutOfRange() throws {
        try expectDiagnostic(Self.program(rules: "    for done:\n        set parity = 1️⃣done + 1"),
                             "2 is out of range for 'parity' (categorical 0..<2)")
        try expectDiagnostic(Self.program(rules: "    when done = 1️⃣5:\n        pass"),
                             "5 is out of range for 'done' (categorical 0..<2)")
        try expectDiagnostic(Self.program(rules: "    pass", extra: "var bad: categorical 2 from token: 1️⃣token"),
                             "2 is out of range for 'bad' (categorical 0..<2) (for token 2)")
    }

    @Test func wrongKind() throws {
        try expectDiagnostic(Self.program(rules: "    set q = 1️⃣1"),
                             "'q' is a set of 0..<4 (one of 2 listed sets), but the value is integer 1")
        try expectDiagnostic(Self.program(rules: "    set done = 1️⃣{1}"),
                             "'done' is categorical 0..<2, but the value is set {1}")
        try expectDiagnostic(Self.program(rules: "    set q = 1️⃣{2}"),
                             "{2} is out of range for 'q' (a set of 0..<4 (one of 2 listed sets))")
    }

    @Test func readingAnUnboundVariableInRules() throws {
        try expectDiagnostic(Self.program(rules: "    set parity = 1️⃣parity_left"),
                             "'parity_left' has no value here: a rule reads only the variables bound by an enclosing 'for' or 'when'")
    }

    @Test func duplicateDeclarations() throws {
        try expectDiagnostic(Self.program(rules: "    pass", extra: "var 1️⃣done: categorical 2"), "'done' is already declared at 4:5")
        try expectDiagnostic(Self.program(rules: "    pass", extra: "head 1️⃣parity = v_relative(done, 1)"),
                             "'parity' is already declared at 3:5")
        try expectDiagnostic(Self.program(rules: "    pass") + "\n1️⃣output done\n",
                             "the program has two 'output' declarations (the first at 9:1)")
    }

    @Test func syntaxErrors() throws {
        try expectDiagnostic(Self.program(rules: "    for done:\n        set done 1️⃣1"), "expected '=', found '1'")
        try expectDiagnostic(Self.program(rules: "    set done = (1 + 1️⃣"), "expected an expression, found the end of a block")
        try expectDiagnostic(Self.program(rules: "    for done:\n1️⃣set done = 1"), "expected an indented block after ':'")
        try expectDiagnostic(Self.program(rules: "    if true:\n        pass\n   1️⃣pass"),
                             "this line's indentation matches no enclosing block")
        try expectDiagnostic("program p\n1️⃣varr x: categorical 2\n",
                             "unknown declaration 'varr' (expected program, vocabulary, positions, const, var, head, output, halt, layers, rules, update or input)")
        try expectDiagnostic("program p\nvar x: 1️⃣integer 2\n", "expected a kind (categorical, numerical or set), found 'integer'")
        try expectDiagnostic("program 1️⃣\"p\n", "unterminated string")
        try expectDiagnostic("program p 1️⃣$\n", "unexpected character '$'")
    }

    @Test func missingDeclarations() throws {
        try expectDiagnostic("1️⃣program p\nvar x: categorical 2\noutput x\n",
                             "the program declares no vocabulary (write 'vocabulary N', the number of token ids)")
        try expectDiagnostic("1️⃣program p\nvocabulary 2\nvar x: categorical 2\n",
                             "the program declares no output variable (write 'output NAME')")
        try expectDiagnostic("program p\nvocabulary 2\nvar 1️⃣x: categorical 2 from position\noutput x\n",
                             "'x' starts from the position, but the program has no position table (write 'positions N')")
    }

    @Test func headErrors() throws {
        try expectDiagnostic(Self.program(rules: "    pass", extra: "head h = qkv(done, parity, 1️⃣nope)"),
                             "unknown variable 'nope'")
        try expectDiagnostic(Self.program(rules: "    pass", extra: "var n: numerical [0, 1]\nhead 1️⃣h = qkv(done, n, parity)"),
                             "head 'h': key 'n' must be categorical, it is numerical(2 buckets)")
    }

    @Test func updateErrors() throws {
        let update = """
            program p
            vocabulary 3
            var parity: categorical 2 from token: 0 if token == 2 else token
            var done: categorical 2
            output parity
            update:

            """
        try expectDiagnostic(update + "    1️⃣for done:\n        pass", "'for' loops belong in 'rules'; an update reads variables directly")
        try expectDiagnostic(update + "    set parity = parity 1️⃣// done", "division by zero (for parity=0, done=0)")
        try expectDiagnostic(update + "    set parity = 1️⃣parity + 2", "2 is out of range for 'parity' (categorical 0..<2) (for parity=0, done=0)")
    }

    @Test func markerHelperFindsTheLocation() throws {
        let (text, location) = Self.unmark("ab\nc1️⃣")
        #expect(text == "ab\nc")
        #expect(location == ALTASourceLocation(line: 2, column: 2))
    }
}
