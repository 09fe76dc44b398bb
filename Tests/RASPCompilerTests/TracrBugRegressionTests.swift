import AltaPrograms
import AltaTensors
import RASP
import RASPCompiler
import Testing

/// Each Tracr defect of §19 that the compiler fixes, shown on a program where Tracr's
/// output was wrong.
@Suite struct TracrBugRegressionTests {
    /// Every input of length 1…`maxSeqLen` over `vocabulary`.
    static func allInputs(_ vocabulary: [Value], maxSeqLen: Int) -> [[Value]] {
        var level: [[Value]] = [[]]
        var all: [[Value]] = []
        for _ in 0..<maxSeqLen {
            level = level.flatMap { prefix in vocabulary.map { prefix + [$0] } }
            all += level
        }
        return all
    }

    /// Compiled output equals the evaluator on every input (nulls included).
    static func expectExhaustive(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int, causal: Bool = false
    ) throws -> CompiledRASPProgram {
        let compiled = try RASPModelCompiler.compile(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, causal: causal)
        let inputs = allInputs(vocabulary, maxSeqLen: maxSeqLen)
        let (outputs, _) = try compiled.run(inputs)
        for (input, output) in zip(inputs, outputs) {
            let expected = try Evaluator(causal: causal).evaluate(program, on: input)
            #expect(Match.agrees(expected, output, numerical: program.encoding == .numerical),
                "on \(input): expected \(expected), got \(output)")
        }
        return compiled
    }

    static func entry(_ name: String) throws -> RASPProgramEntry {
        try #require(RASPLibrary.entry(named: name))
    }

    /// §19 item 6: a categorical→numerical Map with negative outputs (Tracr clips them).
    @Test func negativeCategoricalToNumericalMap() throws {
        let entry = try Self.entry("known_cat_to_num_map_negative")
        let compiled = try Self.expectExhaustive(entry.build(), vocabulary: entry.vocabulary, maxSeqLen: 3)
        let (outputs, _) = try compiled.run([[1, 2, 3]])
        #expect(outputs[0] == [.float(-1), .float(0), .float(1)])
        // The negative-part neuron exists only when some output is negative.
        #expect(compiled.model.layers[0].feedForward.hiddenWidths == [2])
        let positive = try RASPModelCompiler.compile(
            try Self.entry("prim_map_cat_to_num").build(), vocabulary: [1, 2, 3], maxSeqLen: 5)
        #expect(positive.model.layers[0].feedForward.hiddenWidths == [1])
    }

    /// §19 item 7: two SelectorWidths in one layer each clean BOS with their own neuron.
    @Test func twoSelectorWidthsInOneLayer() throws {
        let entry = try Self.entry("known_two_selector_widths_same_layer")
        let compiled = try Self.expectExhaustive(entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        #expect(compiled.model.layers[0].heads.count == 2)
        let (outputs, _) = try compiled.run([["a", "a", "a"]])
        #expect(outputs[0].allSatisfy { abs($0?.doubleValue ?? 1) < 1e-6 })
    }

    /// §19 item 8: the value set of a numerical mean holds every k/ℓ, so a Map over it is
    /// tabulated on 2/3 too (Tracr reads 2/3 as 1/2).
    @Test func numericalMeanValueSet() throws {
        let entry = try Self.entry("known_mean_value_set_then_map")
        let compiled = try Self.expectExhaustive(entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen)
        let (outputs, _) = try compiled.run([["a", "a", "b"]])
        #expect(outputs[0] == [.bool(true), .bool(true), .bool(true)])
    }

    /// §19 item 9: a head whose output is wider than its query/key spaces.
    @Test func headOutputWiderThanKeySize() throws {
        let letters: [Value] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        let compiled = try Self.expectExhaustive(TracrLib.shiftBy(1, tokens), vocabulary: letters, maxSeqLen: 3)
        let head = try #require(compiled.model.layers[0].heads.first)
        #expect(head.dValue == 10)
        #expect(head.dValue > head.dHead)
    }

    /// Tracr issue #25 / §19 item 4: a categorical Aggregate that selects nothing is null,
    /// and a later Aggregate of it is null too, exactly as in the evaluator.
    @Test func nullDefaultsAgree() throws {
        let entry = try Self.entry("issue25_double_aggregate")
        let compiled = try Self.expectExhaustive(entry.build(), vocabulary: entry.vocabulary, maxSeqLen: 4)
        let (outputs, _) = try compiled.run([[1, 2, 3, 4], [4], [2, 4]])
        #expect(outputs == [[2, 3, nil, nil], [nil], [nil, nil]])
        // shift_by: the first position is null, not a letter.
        let shift = try RASPModelCompiler.compile(TracrLib.shiftBy(1, tokens), vocabulary: ["a", "b", "c"], maxSeqLen: 5)
        let (shifted, _) = try shift.run([["a", "b", "c"], ["b"]])
        #expect(shifted == [[nil, "a", "b"], [nil]])
    }

    /// §19 item 21: a discretising MLP writes nothing at BOS, so a numerical Aggregate that
    /// falls back to BOS returns exactly 0.
    @Test func numericalMLPsAreSilentAtBOS() throws {
        let value = numerical(Map({ x in try x + 1 }, numerical(Map({ x in x }, tokens)), simplify: false))
        let never = Select(tokens, tokens, .custom("k > q + 10") { k, q in try k.pythonGreaterThan(try q + 10) })
        let program = numerical(Aggregate(never, value, default: 0))
        let compiled = try Self.expectExhaustive(program, vocabulary: [1, 2, 3], maxSeqLen: 4)
        let (outputs, _) = try compiled.run([[1, 2, 3]])
        // Only the softmax leakage (e^{-c/2}) remains; Tracr's BOS garbage would read ~1–2.
        #expect(outputs[0].allSatisfy { abs($0?.doubleValue ?? 1) < 1e-7 }, "\(outputs[0])")
    }

    /// §19 item 12: padded positions are never attended to (Tracr counts PAD positions in
    /// `count_less_freq`).
    @Test func paddingIsMasked() throws {
        let entry = try Self.entry("count_less_freq_2")
        let program = try entry.build()
        let compiled = try RASPModelCompiler.compile(program, vocabulary: entry.vocabulary, maxSeqLen: 5)
        for input in Self.allInputs(entry.vocabulary, maxSeqLen: 4) {
            let padded = input + Array(repeating: Value.string("PAD"), count: 5 - input.count)
            let (outputs, _) = try compiled.run([padded])
            let expected = try Evaluator().evaluate(program, on: input)
            #expect(Array(outputs[0].prefix(input.count)) == expected, "padded \(input)")
        }
    }

    /// §19 item 11: the run-time scale is 1 and the coldness is in W_QK, so means stay exact
    /// for long inputs (Tracr: 4.5e-4 error at N = 40).
    @Test func attentionMeansStayExactForLongInputs() throws {
        let program = TracrLib.makeFracPrevs(numerical(Map({ x in .bool(x == "a") }, tokens)))
        let compiled = try RASPModelCompiler.compile(program, vocabulary: ["a", "b"], maxSeqLen: 40)
        #expect(compiled.model.attentionScale == 1)
        #expect(compiled.model.metadata["attention_scale"]?.hasPrefix("1") == true)
        var rng = SplitMix64(seed: 40)
        let inputs: [[Value]] = (0..<10).map { _ in (0..<40).map { _ in rng.chance(0.5) ? "a" : "b" } }
        let (outputs, _) = try compiled.run(inputs)
        for (input, output) in zip(inputs, outputs) {
            let expected = try Evaluator().evaluate(program, on: input)
            for (e, o) in zip(expected, output) {
                #expect(abs((e?.doubleValue ?? 0) - (o?.doubleValue ?? .nan)) < 1e-6)
            }
        }
    }

    /// §19 item 10: discretisation slopes come from the value gaps, so a numerical
    /// SelectorWidth is exact at every width (Tracr with L = 100: 16 → 14.76).
    @Test func selectorWidthExactAtEveryWidth() throws {
        let program = numerical(TracrLib.makeLength())
        let compiled = try RASPModelCompiler.compile(program, vocabulary: ["a", "b"], maxSeqLen: 16)
        let inputs: [[Value]] = (1...16).map { Array(repeating: "a", count: $0) }
        let (outputs, _) = try compiled.run(inputs)
        for (n, output) in zip(1..., outputs) {
            #expect(output.allSatisfy { abs(($0?.doubleValue ?? .nan) - Double(n)) < 1e-4 }, "length \(n): \(output)")
        }
    }

    /// §19 item 1: composite selectors of any shape compile — a conjunction over different
    /// operands (summed logits), a disjunction and a negated conjunction (tuple operands).
    @Test func compositeSelectorsCompile() throws {
        let equal = Select(tokens, tokens, .eq)
        let before = Select(indices, indices, .lt)
        let programs: [SOp] = [
            SelectorWidth(SelectorAnd(equal, before)),
            SelectorWidth(SelectorOr(equal, before)),
            SelectorWidth(SelectorNot(SelectorAnd(equal, before))),
            Aggregate(SelectorAnd(SelectorNot(equal), Select(indices, indices, .custom("k == q - 1") { k, q in k == (try q - 1) })), tokens),
            numerical(Aggregate(SelectorOr(equal, before), numerical(Map({ x in .bool(x == "a") }, tokens)), default: 0)),
        ]
        for program in programs {
            _ = try Self.expectExhaustive(program, vocabulary: ["a", "b", "c"], maxSeqLen: 4)
            _ = try Self.expectExhaustive(program, vocabulary: ["a", "b", "c"], maxSeqLen: 4, causal: true)
        }
    }
}
