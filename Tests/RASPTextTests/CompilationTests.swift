import AltaTensors
import RASP
import RASPCompiler
import Testing

@testable import RASPText

/// `.rasp` programs compile through `RASPModelCompiler`, and the compiled weights compute what
/// the Tracr semantics evaluates (the REPL's may differ, as the warnings say).
@Suite struct CompilationTests {
    static let programs: [(name: String, source: String, vocabulary: [Value])] = [
        ("histogram", "same = select(tokens, tokens, ==);\nhistogram = selector_width(same);", ["a", "b", "c"]),
        ("reverse", "opposite = length - indices - 1;\nreversed = aggregate(select(indices, opposite, ==), tokens);", ["a", "b", "c"]),
        ("stable sort with a composite selector", """
            keys = tokens_int;
            goes_before = select(keys, keys, <) or (select(keys, keys, ==) and select(indices, indices, <));
            target = selector_width(goes_before);
            sorted = aggregate(select(target, indices, ==), keys);
            """, [1, 2, 3]),
        ("others holding my token", "x = selector_width(select(tokens, tokens, ==) and not select(indices, indices, ==));", ["a", "b"]),
        ("fraction of a so far", "frac_a = aggregate(select(indices, indices, <=), indicator(tokens == \"a\"));", ["a", "b"]),
        ("shift with position arithmetic", "prev = aggregate(select(indices, indices - 1, ==), tokens);", ["a", "b", "c"]),
        ("running total with aggregate_sum", "total = aggregate_sum(select(indices, indices, <=), tokens_int);", [0, 1, 2]),
        ("conditional over three s-ops", "x = tokens if indices > 0 else \"-\";\ny = x if tokens == \"a\" else indices;", ["a", "b"]),
        ("library calls", "x = count(tokens, \"a\");\ny = mark_first_instance(tokens, \"b\");\nz = y and x > 1;", ["a", "b"]),
        ("atom in s-op", "x = \"a\" in tokens;", ["a", "b"]),
        ("constant index", "x = tokens[-1];", ["a", "b"]),
        ("tuple-valued s-ops in tables", """
            pair = sequence_map_table({"a": {"a": ("a", "a"), "b": ("a", "b")}, "b": {"a": ("b", "a"), "b": ("b", "b")}}, tokens, tokens);
            last = aggregate(select(indices, length - 1, ==), tokens);
            triple = sequence_map_table({("a", "a"): {"a": ("a", "a", "a"), "b": ("a", "a", "b")}, ("a", "b"): {"a": ("a", "b", "a"), "b": ("a", "b", "b")}, ("b", "a"): {"a": ("b", "a", "a"), "b": ("b", "a", "b")}, ("b", "b"): {"a": ("b", "b", "a"), "b": ("b", "b", "b")}}, pair, last);
            a_count = map_table({("a", "a", "a"): 3, ("a", "a", "b"): 2, ("a", "b", "a"): 2, ("a", "b", "b"): 1, ("b", "a", "a"): 2, ("b", "a", "b"): 1, ("b", "b", "a"): 1, ("b", "b", "b"): 0}, triple);
            """, ["a", "b"]),
    ]

    @Test(arguments: programs.indices)
    func compiledWeightsMatchTracrSemantics(index: Int) throws {
        let (name, source, vocabulary) = Self.programs[index]
        let program = try TextTest.program(source)
        #expect(program.compileErrors.isEmpty, "\(name): \(program.compileErrors.map(\.summary))")
        let maxSeqLen = 4
        let compiled = try RASPModelCompiler.compile(program.output, vocabulary: vocabulary, maxSeqLen: maxSeqLen)
        var rng = SplitMix64(seed: 0xC0DE + UInt64(index))
        var inputs: [[Value]] = []
        for _ in 0..<12 {
            let length = Int.random(in: 1...maxSeqLen, using: &rng)
            inputs.append((0..<length).map { _ in vocabulary.randomElement(using: &rng)! })
        }
        let (outputs, _) = try compiled.run(inputs)
        for (input, output) in zip(inputs, outputs) {
            let expected = try program.evaluate(input, semantics: .tracr)
            if program.output.isNumerical {
                let close = zip(expected, output).allSatisfy { e, a in abs((e?.doubleValue ?? 0) - (a?.doubleValue ?? .nan)) < 1e-4 }
                #expect(close && expected.count == output.count, "\(name) on \(input): \(expected) vs \(output)")
            } else {
                #expect(output == expected, "\(name) on \(input)")
            }
        }
    }

    @Test func reverseRunsOnTheWeights() throws {
        let program = try TextTest.program(
            "#@ vocab [\"a\", \"b\", \"c\"]\n#@ max_seq_len 5\nopposite = length - indices - 1;\nr = aggregate(select(indices, opposite, ==), tokens);")
        let compiled = try RASPModelCompiler.compile(
            program.output, vocabulary: try #require(program.vocabulary), maxSeqLen: try #require(program.maxSeqLen))
        let (outputs, _) = try compiled.run([["a", "b", "c"], ["c", "a"]])
        #expect(outputs == [["c", "b", "a"], ["a", "c"]])
        #expect(compiled.outputLabel.hasPrefix("r_"))
    }
}
