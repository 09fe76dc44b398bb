import Foundation
import RASP
import AltaTestSupport
import Testing

@testable import RASPText

/// The REPL quirks of RASP-TEXT §14 (and the precedence table of §5.2), with the REPL's results.
@Suite struct REPLQuirkTests {
    /// The value of a constant expression, computed at definition time.
    func constant(_ expression: String) throws -> MetaValue {
        let file = SourceFile(name: "test.rasp", text: expression)
        var parser = try Parser(file: file)
        let expr = try parser.parseExpression()
        return try Elaborator().evaluate(expr, in: Elaborator().base, file: file)
    }

    func atom(_ expression: String) throws -> Value? {
        if case .atom(let v) = try constant(expression) { return v }
        return nil
    }

    @Test func precedenceOnConstants() throws {
        #expect(try atom("True or False and False")?.isIdentical(to: false) == true)
        #expect(try atom("1 if True else 2 if False else 3")?.isIdentical(to: 3) == true)
        #expect(try atom("7 % 3 * 2")?.isIdentical(to: 1) == true)
        #expect(try atom("7 * 3 % 2")?.isIdentical(to: 1) == true)
        #expect(try atom("2 ^ 3 ^ 2")?.isIdentical(to: 64) == true)
        #expect(try atom("-2 ^ 2")?.isIdentical(to: 4) == true)
        #expect(try atom("10 / 4")?.isIdentical(to: 2.5) == true)
        #expect(try atom("-7 % 3")?.isIdentical(to: 2) == true)
        #expect(try atom("7 % -3")?.isIdentical(to: -2) == true)
        #expect(try atom("2 ^ -1")?.isIdentical(to: 0.5) == true)
        #expect(try atom("3 and 5")?.isIdentical(to: 5) == true)
        #expect(try atom("0 or \"x\"")?.isIdentical(to: "x") == true)
        #expect(try atom("round(2.5)")?.isIdentical(to: 2) == true)
        #expect(try atom("round(-0.5)")?.isIdentical(to: 0) == true)
        #expect(try atom("007")?.isIdentical(to: 7) == true)
    }

    @Test func precedenceOnSOps() throws {
        let words = TextTest.words
        #expect(try TextTest.repl("x = not indices == 1;", words("a b c")) == "[T, F, F]")
        #expect(try TextTest.repl("x = 0 < indices < 3;", words("a b c d e")) == "[T]*5")
        #expect(try TextTest.repl("x = tokens == \"a\" or tokens == \"b\" and indices > 0;", words("a b c a")) == "[F, T, F, T]")
        #expect(
            try TextTest.repl(
                "x = \"big\" if indices > 2 else \"odd\" if indices % 2 == 1 else \"even\";", words("a b c d e"))
                == "[even, odd, even, big, even]")
        #expect(try TextTest.repl("x = \"a\" in tokens or True;", words("a b")) == "[F]*2")
    }

    @Test func notEqualIsOnlyASelectOperator() {
        assertDiagnostic("x = tokens 1️⃣!= \"a\";", .syntax, "'!=' is only a select operator; write 'not (a == b)'")
    }

    @Test func severalStatementsOnOneLineAreAccepted() throws {
        // The REPL's line reader rejects this (§14.3); Alta parses whole files (§3's recommendation).
        #expect(try TextTest.repl("a = indices; b = a + 1;", TextTest.words("x y")) == "[1, 2]")
    }

    @Test func averagingStringsOrBoolsNeedsOneSelectedKey() throws {
        let strings = "x = aggregate(select(indices, indices, <=), tokens);"
        // Lowered s-ops are labelled after their variable: `x` is `x_1`.
        expectError(RASPEvaluationError(label: "x_1", reason: .nonNumericMean(["a", "b"])),
                    message: "x_1: Only types int, bool, and float are supported for aggregation. Received sequence: ['a', 'b']") {
            try TextTest.program(strings).evaluate(TextTest.words("a b"))
        }
        #expect(try TextTest.repl(strings, TextTest.words("a")) == "[a]")
        let bools = "x = aggregate(select(indices, indices, <=), tokens == \"a\");"
        expectError(RASPEvaluationError(label: "x_1", reason: .nonNumericMean([true, false])),
                    message: "x_1: Only types int, bool, and float are supported for aggregation. Received sequence: [True, False]") {
            try TextTest.program(bools).evaluate(TextTest.words("a b"))
        }
        // Tracr averages bools.
        #expect(try TextTest.program(bools).evaluate(TextTest.words("a b"), semantics: .tracr) == [true, 0.5])
    }

    @Test func omittedDefaultIsZeroEvenForStrings() throws {
        let source = "x = aggregate(select(indices, indices - 1, ==), tokens);"
        let program = try TextTest.program(source)
        #expect(try program.evaluate(TextTest.words("a"), semantics: .repl) == [0])
        // Longer inputs mix 0 with strings, which the REPL refuses.
        expectError(RASPEvaluationError(label: "x_1", reason: .function(.typeError("sequence with values of different types: [0, a]"))),
                    message: "x_1: function raised TypeError: sequence with values of different types: [0, a]") {
            try program.evaluate(TextTest.words("a b"))
        }
        #expect(try program.evaluate(TextTest.words("a b"), semantics: .tracr) == [nil, "a"])
    }

    @Test func roundIsHalfToEven() throws {
        #expect(try TextTest.repl("x = round(indices / 2);", TextTest.words("a b c d e f")) == "[0, 0, 1, 2, 2, 2]")
    }

    @Test func logicOnSOpsGivesBools() throws {
        #expect(try TextTest.replTyped("x = indices and 1;", TextTest.words("a b c")) == "[F, T, T] (bools)")
        #expect(try TextTest.replTyped("x = indices or 0;", TextTest.words("a b")) == "[F, T] (bools)")
        #expect(try TextTest.replTyped("x = not indices;", TextTest.words("a b")) == "[T, F] (bools)")
    }

    @Test func libraryNamesCannotBeReboundButTokensCan() throws {
        assertDiagnostic("1️⃣sort = 3;", .type, "'sort' is a library name and cannot be assigned")
        assertDiagnostic("1️⃣indices = 3;", .type, "'indices' is a reserved name and cannot be assigned")
        assertDiagnostic("1️⃣length = 3;", .type, "'length' is a built-in and cannot be assigned")
        let program = try TextTest.program("tokens = tokens_int; x = tokens + 1;")
        #expect(program.tokenType == .int)
        #expect(try program.evaluate([1, 2]) == [2, 3])
    }

    @Test func loadedFilesSeeOnlyTheBaseEnvironment() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rasptext-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "y = secret + 1;\n".write(to: directory.appendingPathComponent("peek.rasp"), atomically: true, encoding: .utf8)
        try "double = indices * 2;\n_hidden = indices;\n".write(
            to: directory.appendingPathComponent("lib.rasp"), atomically: true, encoding: .utf8)
        let peek = "secret = 1;\nload \"peek\";\n"
        let result = Result { () throws(Diagnostic) -> RASPTextProgram in
            try RASPTextProgram(source: peek, fileName: "main.rasp", directory: directory.path)
        }
        guard case .failure(let diagnostic) = result else {
            Issue.record("a loaded file saw the loader's variable")
            return
        }
        #expect(diagnostic.message == "unknown name 'secret'")
        #expect(diagnostic.location == RASPText.SourceLocation(line: 1, column: 5))
        #expect(diagnostic.fileName.hasSuffix("peek.rasp"))
        let program = try RASPTextProgram(source: "load \"lib\";\nx = double + 1;\n", fileName: "main.rasp", directory: directory.path)
        #expect(try program.evaluate(TextTest.words("a b")) == [1, 3])
        assertDiagnostic("load \"tracrlib\";\nx = 1️⃣_any_negative;", .unknownName, "unknown name '_any_negative'")
    }

    @Test func oneNameSeveralValuesBindsAList() throws {
        #expect(try TextTest.repl("l = 1, 2;\nx = indices + l[1];", TextTest.words("a b")) == "[2, 3]")
        #expect(try TextTest.repl("a, b = 1, 2;\nx = indices + a + b;", TextTest.words("a")) == "[3]")
        assertDiagnostic("1️⃣a, b = 1, 2, 3;", .argumentCount, "cannot assign 3 values to 2 names")
        assertDiagnostic("x = 1️⃣indices(\"abc\");", .notCompilable, "applying an s-op to an input is REPL-only; give inputs to 'alta eval' instead")
    }

    @Test func exitStopsReadingTheFile() throws {
        let program = try TextTest.program("x = indices;\nexit\ny = tokens;\nz = undefined_name;")
        #expect(program.outputName == "x")
        #expect(program.sops.map(\.name) == ["x"])
        #expect(try TextTest.program("x = indices + 1;\nx;").outputName == "x")
        #expect(try TextTest.program("x = indices;\nx + 1;").outputName == nil)
    }

    @Test func bindingsDoNotChangeEarlierNodes() throws {
        #expect(try TextTest.repl("a = indices;\nb = a;\na = a + 1;\nb;", TextTest.words("x y")) == "[0, 1]")
    }

    @Test func recursionThroughAtomConditions() throws {
        let source = "def f(n) { return 0 if n == 0 else f(n - 1) + 1; }\nx = indices + f(3);"
        #expect(try TextTest.repl(source, TextTest.words("a b")) == "[3, 4]")
    }

    @Test func loopsListsAndComprehensions() throws {
        let source = """
            a = indices;
            for i in range(4) { a = a + i; }
            d = {"a": 1, "b": 2};
            w = d[tokens] + a;
            sq = [i * i for i in range(3)];
            x = sq[tokens_asis] if False else w;
            """
        #expect(try TextTest.repl(source, TextTest.words("a b")) == "[7, 9]")
        #expect(try TextTest.repl("l = [10, 20, 30];\nx = l[indices];", TextTest.words("a b c")) == "[10, 20, 30]")
        #expect(try TextTest.repl("x = indices in [0, 2];", TextTest.words("a b c")) == "[T, F, T]")
    }

    @Test func indexingAnSOpByAConstant() throws {
        #expect(try TextTest.repl("x = tokens[1];", TextTest.words("a b c")) == "[b]*3")
        #expect(try TextTest.repl("x = tokens[-1];", TextTest.words("a b c")) == "[c]*3")
        #expect(try TextTest.repl("x = tokens_int[5];", [1, 2]) == "[0]*2")
    }
}
