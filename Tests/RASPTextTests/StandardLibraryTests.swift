import AltaPrograms
import AltaTensors
import RASP
import RASPCompiler
import Testing

@testable import RASPText

/// The `.rasp` standard library against the Swift DSL library: each Tracr library program
/// written with `tracrlib.rasp` evaluates (Tracr semantics) like the registry program of the
/// same name on seeded random inputs, and compiles to the same residual labels.
@Suite struct StandardLibraryTests {
    /// Registry name → the `.rasp` program building it.
    static let programs: [(name: String, source: String)] = [
        ("length", "result = categorical(make_length());"),
        ("length_numerical", "result = numerical(make_length());"),
        ("reverse", "result = make_reverse(tokens);"),
        ("hist", "result = make_hist();"),
        ("sort_unique", "result = make_sort_unique(tokens, tokens);"),
        ("sort", "result = make_sort(tokens, tokens, 5, 1);"),
        ("sort_freq", "result = make_sort_freq(5);"),
        ("frac_prevs", "result = make_frac_prevs(tokens == \"a\");"),
        ("pair_balance", "result = make_pair_balance(tokens, \"(\", \")\");"),
        ("shuffle_dyck1", "result = make_shuffle_dyck([\"()\"]);"),
        ("shuffle_dyck2", "result = named(make_shuffle_dyck([\"()\", \"{}\"]), \"shuffle_dyck2\");"),
        ("shift_by_1", "result = shift_by(1, tokens);"),
        ("shift_by_2", "result = shift_by(2, tokens);"),
        ("detect_pattern_abc", "result = detect_pattern(tokens, \"abc\");"),
        ("count_less_freq_2", "result = make_count_less_freq(2);"),
        ("count_a", "result = make_count(tokens, \"a\");"),
    ]

    static func load(_ source: String) throws -> RASPTextProgram {
        try TextTest.program("load \"tracrlib\";\n#@ semantics tracr\n" + source)
    }

    @Test(arguments: programs.map(\.name))
    func evaluatesLikeTheSwiftLibrary(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let source = try #require(Self.programs.first { $0.name == name }?.source)
        let program = try Self.load(source)
        #expect(program.semantics == .tracr)
        var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(name.count))
        for _ in 0..<40 {
            let length = Int.random(in: 1...entry.maxSeqLen, using: &rng)
            let input = (0..<length).map { _ in entry.vocabulary.randomElement(using: &rng)! }
            let expected = try entry.evaluate(input)
            let actual = try program.evaluate(input)
            #expect(actual == expected, "\(name) on \(input)")
        }
    }

    @Test(arguments: programs.map(\.name))
    func compilesToTheSameResidualLabels(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let source = try #require(Self.programs.first { $0.name == name }?.source)
        let program = try Self.load(source)
        let expected = try RASPModelCompiler.compile(
            entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal)
        let actual = try RASPModelCompiler.compile(
            program.output, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal)
        #expect(actual.model.residualLabels == expected.model.residualLabels)
        #expect(actual.outputLabel == expected.outputLabel)
    }

    @Test func replLibraryFunctions() throws {
        let words = TextTest.words
        #expect(try TextTest.repl("x = count(tokens, \"a\");", words("a b a")) == "[2]*3")
        #expect(try TextTest.repl("x = contains(tokens, \"z\");", words("a b")) == "[F]*2")
        #expect(try TextTest.repl("x = has_focus(select(tokens, \"a\", ==));", words("a b")) == "[T]*2")
        #expect(try TextTest.repl("x = has_focus(select(\"a\", tokens, ==));", words("a b")) == "[T, F]")
        #expect(try TextTest.repl("x = max(indices, 1);", words("a b c")) == "[1, 1, 2]")
        #expect(try TextTest.repl("x = min(indices, 1);", words("a b c")) == "[0, 1, 1]")
        #expect(try TextTest.replTyped("x = average(tokens_int);", [1, 2]) == "[1.5]*2 (floats)")
        #expect(try TextTest.repl("x = load_from_location(tokens, 2);", words("a b c")) == "[c]*3")
        #expect(try TextTest.repl("x = shift(tokens, -1, \"_\");", words("a b c")) == "[b, c, _]")
        #expect(try TextTest.repl("x = mark_last_instance(tokens, \"a\");", words("a b a b")) == "[F, F, T, F]")
        #expect(try TextTest.repl("x = mark_first_instance(tokens, \"b\");", words("a b a b")) == "[F, T, F, F]")
        #expect(try TextTest.repl("x = aggregate(select_from_last(tokens, \"a\"), indices);", words("a b a b")) == "[2]*4")
        #expect(try TextTest.repl("x = aggregate(select_from_first(tokens, \"b\"), indices);", words("a b a b")) == "[1]*4")
        #expect(try TextTest.repl("x = sort(tokens, tokens_int);", [3, 1, 2, 1]) == "[1, 1, 2, 3]")
        #expect(try TextTest.repl("x = aggregate(select_next_identical(tokens), indices, 9);", words("a b a a")) == "[2, 9, 3, 9]")
        #expect(try TextTest.repl("x = selector_width(full_s);", words("a b")) == "[2]*2")
    }
}
