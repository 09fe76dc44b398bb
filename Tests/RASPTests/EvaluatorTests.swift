import AltaPrograms
import RASP
import AltaTestSupport
import Testing

/// Evaluator semantics for nulls, means and errors (§2, §4, §19 item 4).
@Suite struct EvaluatorTests {
    @Test func primitivesAndConstants() throws {
        #expect(try evaluate(tokens, on: ["x", "y"]) == ["x", "y"])
        #expect(try evaluate(indices, on: ["x", "y", "z"]) == [0, 1, 2])
        #expect(try evaluate(length, on: ["x", "y", "z"]) == [3, 3, 3])
        #expect(try evaluate(Full("f"), on: [1, 2]) == ["f", "f"])
        #expect(try evaluate(ConstantSOp([1, nil, "a"]), on: [0, 0, 0]) == [1, nil, "a"])
        #expect(try evaluate(tokens, on: []) == [])
        expectError(RASPEvaluationError(label: "constant_sop_1", reason: .constantLength(constant: 2, input: 1)),
                    message: "constant_sop_1: Constant len 2 doesn't match input len 1.") {
            try evaluate(ConstantSOp([1, 2]), on: [0])
        }
        #expect(try evaluate(ConstantSOp([1, 2], checkLength: false), on: [0]) == [1, 2])
    }

    @Test func mapsPropagateNullWithoutCallingTheFunction() throws {
        let nulls = ConstantSOp([nil, 2, nil])
        let counted = Map({ x in try x * 2 }, nulls)
        #expect(try evaluate(counted, on: [0, 0, 0]) == [nil, 4, nil])
        let pair = SequenceMap({ x, y in try x + y }, nulls, ConstantSOp([1, nil, 3]))
        #expect(try evaluate(pair, on: [0, 0, 0]) == [nil, nil, nil])
        let toNull = Map({ x in x == 2 ? nil : x }, tokens)
        #expect(try evaluate(toNull, on: [1, 2]) == [1, nil])
    }

    @Test func aggregateMeansFollowTracr() throws {
        let all = Select(indices, indices, .true)
        let none = Select(indices, indices, .false)
        // One selected value is returned unchanged, whatever its type.
        #expect(try evaluate(Aggregate(Select(indices, indices, .eq), tokens), on: [true, "s", 2]) == [true, "s", 2])
        let single = try evaluate(Aggregate(Select(indices, indices, .eq), tokens), on: [true])
        #expect(single[0].map { $0.isIdentical(to: true) } == true)
        // Several numbers: the mean, always a float.
        let mean = try evaluate(Aggregate(all, tokens), on: [1, 1])
        #expect(ExactTypes.identical(mean, [1.0, 1.0]))
        #expect(try evaluate(Aggregate(all, tokens), on: [true, false]) == [0.5, 0.5])
        #expect(try evaluate(Aggregate(all, tokens), on: [1, 2.5, true]) == [1.5, 1.5, 1.5])
        // None selected: the default.
        #expect(try evaluate(Aggregate(none, tokens, default: 0), on: [1, 2]) == [0, 0])
        #expect(try evaluate(Aggregate(none, tokens), on: [1, 2]) == [nil, nil])
        // Several non-numbers (or a null among several): Tracr's ValueError.
        expectError(RASPEvaluationError(label: "aggregate_1", reason: .nonNumericMean(["a", "a"])),
                    message: "aggregate_1: Only types int, bool, and float are supported for aggregation. Received sequence: ['a', 'a']") {
            try evaluate(Aggregate(all, tokens), on: ["a", "a"])
        }
        let withNull = Aggregate(all, ConstantSOp([1, nil]))
        expectError(RASPEvaluationError(label: "aggregate_1", reason: .nonNumericMean([1, nil])),
                    message: "aggregate_1: Only types int, bool, and float are supported for aggregation. Received sequence: [1, None]") {
            try evaluate(withNull, on: [0, 0])
        }
    }

    /// Tracr issue #25: a null from a categorical Aggregate stays null through a second
    /// Aggregate (the evaluator is the reference the compiled model must reproduce).
    @Test func issue25NullDefaultsStayNull() throws {
        let entry = try #require(RASPLibrary.entry(named: "issue25_double_aggregate"))
        #expect(try entry.evaluate([1, 2, 3, 4]) == [2, 3, nil, nil])
        #expect(try entry.evaluate([4]) == [nil])
        let sel = Select(indices, tokens, .eq)
        let inner = Aggregate(sel, indices)
        #expect(try evaluate(inner, on: [1, 2, 3, 4]) == [1, 2, 3, nil])
        // A Map over the null also stays null rather than computing with a stand-in value.
        #expect(try evaluate(inner + 1, on: [1, 2, 3, 4]) == [2, 3, 4, nil])
    }

    @Test func functionErrorsNameTheExpression() throws {
        // Map(x + 1) over Map(1 / x) is fused into one Map, which the error names.
        expectError(RASPEvaluationError(label: "map_1", reason: .function(.divisionByZero("division by zero"))),
                    message: "map_1: function raised ZeroDivisionError: division by zero") {
            try evaluate((1 / indices) + 1, on: [0, 0])
        }
        // A named inner Map is not fused: the error names it.
        let divide = (1 / indices).named("inverse")
        expectError(RASPEvaluationError(label: "inverse_2", reason: .function(.divisionByZero("division by zero"))),
                    message: "inverse_2: function raised ZeroDivisionError: division by zero") {
            try evaluate(divide + 1, on: [0, 0])
        }
        expectError(RASPEvaluationError(label: "map_1", reason: .function(.typeError("unsupported operand type(s) for -: 'str' and 'int'"))),
                    message: "map_1: function raised TypeError: unsupported operand type(s) for -: 'str' and 'int'") {
            try evaluate(tokens - 1, on: ["a"])
        }
    }

    @Test func sharedSubexpressionsAndTraces() throws {
        let hist = TracrLib.makeHist()
        let doubled = hist + hist
        #expect(try evaluate(doubled, on: ["a", "b", "a"]) == [4, 2, 4])
        let trace = try Evaluator().trace(TracrLib.makeReverse(tokens), on: ["a", "b", "c"])
        #expect(trace.output == ["c", "b", "a"])
        #expect(trace.values(labelled: "length_5") == [3, 3, 3])
        #expect(trace.values(labelled: "opp_idx_4") == [3, 2, 1])
        #expect(trace.values(labelled: "opp_idx-1_3") == [2, 1, 0])
        #expect(trace.matrix(labelled: "reverse_selector_2") == [[false, false, true], [false, true, false], [true, false, false]])
        #expect(trace.values(labelled: "nonexistent") == nil)
    }

    @Test func causalLibraryProgramsChangeMeaning() throws {
        let reverse = TracrLib.makeReverse(tokens)
        // Under a causal mask, length is the prefix length, so reverse returns the first token.
        #expect(try evaluate(reverse, on: ["a", "b", "c"], causal: true) == ["a", "a", "a"])
        #expect(try evaluate(TracrLib.makeFracPrevs(tokens == "a"), on: ["a", "b", "a"], causal: true)
            == evaluate(TracrLib.makeFracPrevs(tokens == "a"), on: ["a", "b", "a"]))
    }

    @Test func callSyntaxEvaluates() throws {
        #expect(try (tokens + 1)([1, 2]) == [2, 3])
        #expect(try Select(tokens, tokens, .eq)([1, 1]) == [[true, true], [true, true]])
    }
}
