import AltaPrograms
import AltaTensors
import RASP
import RASPCompiler
import Testing

/// Every library program, built and compiled for several maximum lengths, does what it is for:
/// its compiled weights (and the evaluator) agree on seeded random inputs with an independent
/// Swift statement of the program's purpose (sort by sorting, reverse by reversing, Dyck by
/// counters, …) — not only with the evaluator, which runs the same program.
@Suite struct LibraryIntentTests {
    static let names = RASPLibrary.all.map(\.name)

    @Test func everyProgramHasAnIntent() {
        let missing = Set(Self.names).subtracting(LibraryIntent.all.keys)
        let stale = Set(LibraryIntent.all.keys).subtracting(Self.names)
        #expect(missing.isEmpty, "library programs without an intent statement: \(missing.sorted())")
        #expect(stale.isEmpty, "intent statements without a library program: \(stale.sorted())")
    }

    @Test(arguments: names)
    func compiledProgramDoesWhatItIsFor(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let intent = try #require(LibraryIntent.all[name], "\(name) has no intent statement")
        var rng = SplitMix64(seed: UInt64(name.utf8.reduce(11) { $0 &* 31 &+ UInt64($1) }))
        for maxSeqLen in [entry.maxSeqLen] + entry.testLengths {
            let parameters = entry.parameters(forMaxSeqLen: maxSeqLen)
            let program = try entry.build(parameters)
            let compiled = try RASPModelCompiler.compile(
                program, vocabulary: parameters.vocabulary, maxSeqLen: maxSeqLen, causal: parameters.causal,
                bos: entry.compilerBOS, pad: entry.compilerPAD)
            let inputs = entry.testInputs(parameters, using: &rng)
            #expect(inputs.contains { $0.count == maxSeqLen }, "\(name): no input of the full length \(maxSeqLen)")
            let (outputs, _) = try compiled.run(inputs)
            let evaluator = Evaluator(causal: parameters.causal)
            for (input, output) in zip(inputs, outputs) {
                let expected = intent.expected(input)
                let evaluated = try evaluator.evaluate(program, on: input)
                #expect(Match.agrees(expected, evaluated, numerical: intent.numerical),
                    "\(name) (N=\(maxSeqLen)) evaluator on \(input): expected \(expected), got \(evaluated)")
                #expect(Match.agrees(expected, output, numerical: intent.numerical),
                    "\(name) (N=\(maxSeqLen)) weights on \(input): expected \(expected), got \(output)")
            }
        }
    }

    /// The case: sort and sort_freq at --max-len 10 on alternating duplicates.
    @Test(arguments: ["sort", "sort_freq"])
    func sortsBuiltForLengthTenSortTenDuplicates(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let parameters = entry.parameters(maxSeqLen: 10)
        let compiled = try RASPModelCompiler.compile(
            try entry.build(parameters), vocabulary: parameters.vocabulary, maxSeqLen: 10, bos: entry.compilerBOS,
            pad: entry.compilerPAD)
        let input: [Value] = [2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
        let want: [Value?] = name == "sort" ? [1, 1, 1, 1, 1, 2, 2, 2, 2, 2] : [2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
        #expect(try compiled.run([input]).outputs == [want])
        #expect(try entry.evaluate(input, parameters: parameters) == want)
    }

    /// `sort`'s tie-breaking offsets stay below the smallest gap between keys, also where the
    /// smallest key (Tracr's min_key name) would be too large: keys 5 and 6.
    @Test func sortTakesMinKeyFromTheVocabularyGap() throws {
        let entry = try #require(RASPLibrary.entry(named: "sort"))
        let parameters = entry.parameters(vocabulary: [5, 6, 20], maxSeqLen: 8)
        #expect(parameters.smallestNumericGap == 1)
        #expect(RASPBuildParameters(vocabulary: [0.5, 2.0, 1.25], maxSeqLen: 4).smallestNumericGap == 0.75)
        let input: [Value] = [6, 5, 20, 6, 5, 6, 5, 6]
        let compiled = try RASPModelCompiler.compile(try entry.build(parameters), vocabulary: parameters.vocabulary, maxSeqLen: 8)
        let want: [Value?] = [5, 5, 5, 6, 6, 6, 6, 20]
        #expect(try compiled.run([input]).outputs == [want])
    }

    @Test func vocabulariesThatBreakAProgramAreRejected() throws {
        func error(_ name: String, _ vocabulary: [Value], maxSeqLen: Int? = nil) throws -> RASPBuildError? {
            let entry = try #require(RASPLibrary.entry(named: name))
            do {
                _ = try entry.build(entry.parameters(vocabulary: vocabulary, maxSeqLen: maxSeqLen))
                return nil
            } catch {
                return error
            }
        }
        let sort = try error("sort", ["a", "b"])
        #expect(sort == .notNumeric(program: "sort", token: "a", role: "sort keys"))
        #expect(sort?.description == "sort: the vocabulary must hold only numbers (the tokens are sort keys), but it holds 'a'")
        let pattern = try error("detect_pattern_abc", ["a", "b", "x"])
        #expect(pattern == .missingToken(program: "detect_pattern_abc", token: "c", role: "pattern token"))
        #expect(pattern?.description == "detect_pattern_abc: the vocabulary must hold the pattern token 'c'")
        #expect(try error("count_a", ["b", "c"])?.description == "count_a: the vocabulary must hold the counted token 'a'")
        #expect(try error("shuffle_dyck2", ["(", ")", "{"])?.description
            == "shuffle_dyck2: the vocabulary must hold the bracket '}'")
        let divisor = try error("nary_sequencemap_muldiv", [0, 1, 2])
        #expect(divisor == .forbiddenToken(program: "nary_sequencemap_muldiv", token: 0, role: "divisors"))
        #expect(divisor?.description == "nary_sequencemap_muldiv: the vocabulary must not hold 0 (the tokens are divisors)")
        #expect(try error("prim_map_cat", ["x"])?.description
            == "prim_map_cat: the vocabulary must hold only numbers (the tokens are operands), but it holds 'x'")
        #expect(try error("reverse", [])?.description == "reverse: the vocabulary is empty")
        #expect(try error("sort_freq", [1, 2], maxSeqLen: 0)?.description == "sort_freq: max_seq_len must be at least 1, got 0")
        // Programs without an assumption about their tokens take any vocabulary.
        #expect(try error("reverse", ["x", "y"]) == nil)
        #expect(try error("sort_unique", ["p", "q"]) == nil)
    }
}
