import RASP
import Testing

@testable import RASPText

/// Diagnostics the swift-format way: each input marks the culprit with `1️⃣`; the test asserts
/// the reported `line:column`, the kind and the exact message.
@Suite struct DiagnosticTests {
    @Test func unknownName() {
        assertDiagnostic("x = 1️⃣tokns == \"a\";", .unknownName, "unknown name 'tokns'")
        assertDiagnostic("def f(a) {\n  return a + 1️⃣b;\n}\ny = f(indices);", .unknownName, "unknown name 'b'")
        assertDiagnostic("x = 1️⃣out;", .notCompilable, "'out' is the REPL's last result; a program must name its values")
    }

    @Test func wrongNumberOfArguments() {
        assertDiagnostic("x = 1️⃣shift(tokens, 1);", .argumentCount, "'shift' takes 3 arguments, got 2")
        assertDiagnostic("x = 1️⃣selector_width();", .argumentCount, "'selector_width' takes 1 argument, got 0")
        assertDiagnostic("x = 1️⃣aggregate(select(indices, indices, ==));", .argumentCount,
            "aggregate takes 2 or 3 arguments (selector, values [, default]), got 1")
        assertDiagnostic("x = indices + 1️⃣round(1, 2);", .argumentCount, "'round' takes 1 argument, got 2")
    }

    @Test func selectorWhereAnSOpIsNeeded() {
        assertDiagnostic("s = select(tokens, tokens, ==);\nx = 1️⃣s + 1;", .selectorWhereSOpNeeded, "'+' needs an s-op, not a selector")
        assertDiagnostic("s = select(tokens, tokens, ==);\nx = aggregate(s, 1️⃣s);", .selectorWhereSOpNeeded,
            "aggregate's values needs an s-op, not a selector")
        assertDiagnostic("x = aggregate(1️⃣tokens, tokens);", .selectorWhereSOpNeeded, "aggregate needs a selector, not an s-op")
        assertDiagnostic("s = select(tokens, tokens, ==);\nx = s and 1️⃣indices;", .selectorWhereSOpNeeded,
            "'and' cannot combine a selector with a non-selector; both sides must be selectors")
        assertDiagnostic("x = selector_width(1️⃣indices);", .selectorWhereSOpNeeded, "selector_width needs a selector, not an s-op")
    }

    @Test func encodingMismatch() {
        assertDiagnostic("n = numerical(tokens_int + 1);\nx = select(1️⃣n, indices, ==);", .encodingMismatch,
            "select needs categorical keys, but this s-op is numerical")
        assertDiagnostic("n = numerical(tokens_int + 1);\nx = select(indices, 1️⃣n, ==);", .encodingMismatch,
            "select needs categorical queries, but this s-op is numerical")
    }

    @Test func categoricalAggregateThatMayAverage() {
        assertProgramNote("x = 1️⃣aggregate(select(indices, indices, <=), tokens_int);", .categoricalMean,
            "categorical aggregate may average different values (its selector can select several keys); mark the values numerical(…) for a mean")
    }

    @Test func constructsThatDoNotCompile() {
        assertDiagnostic("x = 1️⃣[1, 2] + tokens;", .notCompilable,
            "'+' needs an s-op, not a list: lists and dicts exist only while the program is built and cannot become weights")
        assertDiagnostic("x = aggregate(select(indices, indices, ==), 1️⃣{\"a\": 1});", .notCompilable,
            "aggregate's values needs an s-op, not a dict: lists and dicts exist only while the program is built and cannot become weights")
        assertDiagnostic("x = indices;\n1️⃣draw(x);", .notCompilable, "'draw' is REPL-only (it draws the computation graph); it cannot be compiled")
        assertDiagnostic("1️⃣set example \"abc\"\nx = indices;", .notCompilable,
            "'set example' is a REPL command; it cannot be part of a compiled program")
        assertDiagnostic("x = indices;\n1️⃣full seq display on", .notCompilable,
            "'full seq display' is a REPL command; it cannot be part of a compiled program")
        assertDiagnostic("x = indices;\n  1️⃣examples off", .notCompilable,
            "'examples off' is a REPL command; it cannot be part of a compiled program")
        assertProgramNote("x = aggregate(select(indices, indices - 1, ==), tokens, 1️⃣\"_\");", .notCompilable,
            "a categorical aggregate's default must be omitted to compile (Tracr gives None where nothing is selected; got '_')")
        assertProgramNote("x = numerical(aggregate(select(indices, indices, <), numerical(tokens_int), 1️⃣2));", .notCompilable,
            "a numerical aggregate's default must be 0 to compile (got 2)")
    }

    @Test func valueSetsTooLarge() {
        assertDiagnostic("#@ vocab 1️⃣range(30000)\nx = indices;", .valueSetTooLarge,
            "a vocabulary of 30000 tokens is too large for the compiler (at most 20000)")
        assertDiagnostic("#@ max_seq_len 1️⃣100000\nx = indices;", .valueSetTooLarge,
            "max_seq_len 100000 is too large for the compiler (at most 10000)")
        assertDiagnostic("l = 1️⃣range(1000000);", .valueSetTooLarge, "range of 1000000 values is too large (at most 100000)")
    }

    @Test func tupleMisuse() {
        assertDiagnostic("x = map_table({(1, 1️⃣tokens): 2}, tokens);", .type, "a tuple's element must be a constant, not an s-op")
        assertDiagnostic("x = (1, 21️⃣;", .syntax, "expected ',' or ')', found ';'")
    }

    @Test func syntaxErrors() {
        assertDiagnostic("x = indices +1️⃣;", .syntax, "expected an expression, found ';'")
        assertDiagnostic("x = indices1️⃣\ny = 2;", .syntax, "expected ';' after the assignment, found 'y'")
        assertDiagnostic("x = 1️⃣.5;", .syntax, "unexpected character '.'")
        assertDiagnostic("x = 51️⃣.;", .syntax, "a float needs digits after the point")
        assertDiagnostic("x = 1️⃣'a';", .syntax, "strings use double quotes")
        assertDiagnostic("x = 1️⃣\"abc;", .syntax, "unterminated string")
        assertDiagnostic("1️⃣selector = 3;", .notCompilable, "'selector' is a REPL command; it cannot be part of a compiled program")
        assertDiagnostic("def f(x) {\n  y = x;\n1️⃣}", .syntax, "function 'f' must end with a return statement")
        assertDiagnostic("x = select(indices, indices, 1️⃣=);", .syntax,
            "expected a comparison (==, !=, <, >, <=, >=) as select's third argument, found '='")
        assertDiagnostic("x = 1️⃣select (indices, indices, ==);", .syntax, "write 'select(' without a space: 'select (' is not the built-in")
        assertDiagnostic("1️⃣return 3;", .syntax, "'return' outside a function")
    }

    @Test func typeErrors() {
        assertDiagnostic("x = indices + (1 1️⃣/ 0);", .type, "ZeroDivisionError: division by zero")
        assertDiagnostic("x = tokens[1️⃣indices];", .type, "an s-op can only be indexed by a constant int, not an s-op")
        assertDiagnostic("l = [1, 2];\nx = indices + l[1️⃣5];", .type, "list index 5 out of range (the list has 2 elements)")
        assertDiagnostic("def f(n) { return 1️⃣f(n); }\nx = f(1);", .type,
            "calls nested too deeply (more than 100); is the recursion unbounded?")
    }

    @Test func headerSettings() throws {
        assertDiagnostic("#@ 1️⃣vocabulary [1]\nx = indices;", .header,
            "unknown setting 'vocabulary' (known: vocab, max_seq_len, output, causal, bos, pad, semantics)")
        assertDiagnostic("#@ max_seq_len 1️⃣0\nx = indices;", .header, "max_seq_len must be a positive int")
        assertDiagnostic("#@ max_seq_len 8 1️⃣9\nx = indices;", .header, "unexpected text after the value of 'max_seq_len'")
        assertDiagnostic("x = indices;\n#@ semantics 1️⃣python", .header, "semantics must be repl or tracr")
        assertDiagnostic("def f() {\n  1️⃣#@ causal True\n  return indices;\n}", .header, "'#@' settings belong at the top level of the main file")
        assertDiagnostic("#@ output 1️⃣nothing\nx = indices;", .unknownName, "the output 'nothing' is not defined")
        let program = try TextTest.program(
            "#@ vocab [\"a\", \"b\"]\n#@ max_seq_len 4\n#@ causal True\n#@ output first\nfirst = indices;\nsecond = indices + 1;")
        #expect(program.vocabulary == ["a", "b"])
        #expect(program.maxSeqLen == 4)
        #expect(program.causal)
        #expect(program.outputName == "first")
        #expect(program.sops.map(\.name) == ["first", "second"])
        var options = RASPTextOptions()
        options.output = "second"
        options.maxSeqLen = 7
        let overridden = try TextTest.program("#@ max_seq_len 4\nfirst = indices;\nsecond = indices + 1;", options: options)
        #expect(overridden.outputName == "second")
        #expect(overridden.maxSeqLen == 7)
        #expect(try TextTest.program("first = indices;\nsecond = indices + 1;").outputName == "second")
    }

    @Test func renderedWithFileLineAndCaret() {
        let result = Result { () throws(Diagnostic) -> RASPTextProgram in
            try RASPTextProgram(source: "a = indices;\nb = a + tokns;\n", fileName: "prog.rasp")
        }
        guard case .failure(let diagnostic) = result else {
            Issue.record("expected an error")
            return
        }
        #expect(diagnostic.description == "prog.rasp:2:9: error: unknown name 'tokns'\nb = a + tokns;\n        ^")
    }

    @Test func semanticDifferenceWarnings() throws {
        assertProgramNote("x = 1️⃣aggregate(select(indices, indices - 1, ==), tokens_int);", .semanticDifference,
            "where this aggregate selects nothing, the REPL gives 0 and Tracr gives None", warning: true)
        // A note inside a library function is reported where the program calls it.
        assertProgramNote("x = 1️⃣load_from_location(tokens_int, indices + 1);", .semanticDifference,
            "in 'load_from_location': where this aggregate selects nothing, the REPL gives 0 and Tracr gives None", warning: true)
        assertProgramNote("x = indices;\ny = 1️⃣shift(tokens, 1, \"_\");", .notCompilable,
            "in 'shift': a categorical aggregate's default must be omitted to compile (Tracr gives None where nothing is selected; got '_')")
        let program = try TextTest.program("x = aggregate(select(indices, indices - 1, ==), tokens_int);")
        #expect(try program.evaluate([5, 6], semantics: .repl) == [0, 5])
        #expect(try program.evaluate([5, 6], semantics: .tracr) == [nil, 5])
        // A numerical mean has the same default in both.
        let mean = try TextTest.program("x = aggregate(select(indices, indices, <), indicator(tokens == \"a\"));")
        #expect(mean.warnings.isEmpty)
        #expect(try mean.evaluate(TextTest.words("a a"), semantics: .tracr) == [0, 1])
    }
}

/// Warnings where the REPL's precedence (§5.2) differs from Python's and no parentheses say
/// which grouping is meant.
@Suite struct PrecedenceWarningTests {
    @Test func mixedAndOr() {
        assertProgramNote("x = tokens == \"a\" or tokens == \"b\" 1️⃣and indices > 0;", .precedence,
            "'and' and 'or' share one precedence level in RASP: 'a or b and c' is '(a or b) and c'; add parentheses", warning: true)
    }

    @Test func chainedConditionals() {
        assertProgramNote("x = 1 if indices > 2 else 2 1️⃣if indices > 0 else 3;", .precedence,
            "conditionals chain to the left in RASP: 'x if a else y if b else z' is '(x if a else y) if b else z'; add parentheses", warning: true)
    }

    @Test func chainedComparisons() {
        assertProgramNote("x = 0 < indices 1️⃣< 3;", .precedence,
            "comparisons do not chain in RASP: 'a < b < c' is '(a < b) < c'; add parentheses", warning: true)
    }

    @Test func moduloBeforeMultiplication() {
        assertProgramNote("x = indices 1️⃣% 3 * 2;", .precedence,
            "'%' binds more loosely than '*' and '/' in RASP: 'a % b * c' is 'a % (b * c)'; add parentheses", warning: true)
    }

    @Test func notBeforeComparison() {
        assertProgramNote("x = not indices 1️⃣== 1;", .precedence,
            "'not' binds tighter than '==' in RASP: 'not a == b' is '(not a) == b'; add parentheses", warning: true)
    }

    @Test func parenthesesSilenceTheWarnings() throws {
        let program = try TextTest.program("""
            a = (tokens == "a" or tokens == "b") and indices > 0;
            b = (1 if indices > 2 else 2) if indices > 0 else 3;
            c = (0 < indices) < 3;
            d = indices % (3 * 2);
            e = indices * 3 % 2;
            f = (not indices) == 1;
            """)
        #expect(program.warnings.filter { $0.kind == .precedence }.isEmpty)
    }
}

/// Value sets checked as the compiler infers them, reported at the s-op's source position.
@Suite struct ValueSetDiagnosticTests {
    func diagnostics(_ marked: String) throws -> (MarkedSource, [Diagnostic]) {
        let source = MarkedSource(marked)
        return (source, try TextTest.program(source.text).valueSetDiagnostics())
    }

    @Test func categoricalValueSetTooLarge() throws {
        let (source, found) = try diagnostics("#@ vocab range(200)\n#@ max_seq_len 4\n1️⃣x = tokens * 1000 + tokens;")
        let first = try #require(found.first)
        #expect(first.location == source.location)
        #expect(first.kind == .valueSetTooLarge)
        #expect(first.message == "this s-op takes 40000 values, more than the compiler's 20000 for a categorical s-op")
    }

    @Test func functionFailingOnAValueItWillMeet() throws {
        let (source, found) = try diagnostics("#@ vocab [1, 2]\n#@ max_seq_len 4\ny = indices;\nx = 1️⃣tokens + \"a\" if indices > 9 else tokens;")
        let first = try #require(found.first)
        #expect(first.location == source.location)
        #expect(first.message == "function raised TypeError: unsupported operand type(s) for +: 'int' and 'str' during value-set inference")
    }

    @Test func nothingToCheckWithoutAVocabulary() throws {
        #expect(try TextTest.program("x = tokens * 1000 + tokens;").valueSetDiagnostics().isEmpty)
        #expect(try TextTest.program("#@ vocab [1, 2]\n#@ max_seq_len 3\nx = tokens * 10 + tokens;").valueSetDiagnostics().isEmpty)
    }
}
