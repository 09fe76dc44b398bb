import RASP
import AltaTestSupport
import Testing

/// The evaluator's two aggregation rule sets: Tracr's (the default) and the RASP REPL's.
@Suite struct EvaluationSemanticsTests {
    let previous = Select(indices, indices, description: "q == k + 1") { k, q in q == (try k + 1) }

    @Test func emptyAggregateWithoutDefault() throws {
        let shifted = Aggregate(previous, tokens)
        #expect(try Evaluator().evaluate(shifted, on: [5, 6]) == [nil, 5])
        #expect(try Evaluator(semantics: .repl).evaluate(shifted, on: [5, 6]) == [0, 5])
        // An explicit default is kept by both.
        let filled = Aggregate(previous, tokens, default: "_")
        #expect(try Evaluator(semantics: .repl).evaluate(filled, on: ["a", "b"]) == ["_", "a"])
        #expect(try Evaluator(semantics: .tracr).evaluate(filled, on: ["a", "b"]) == ["_", "a"])
    }

    @Test func boolsAreAveragedOnlyByTracr() throws {
        let mean = numerical(Aggregate(Select(indices, indices, .leq), tokens == "a", default: 0))
        #expect(try Evaluator().evaluate(mean, on: ["a", "b"]) == [true, 0.5])
        expectError(RASPEvaluationError(label: "aggregate_1", reason: .nonNumericMean([true, false])),
                    message: "aggregate_1: Only types int, bool, and float are supported for aggregation. Received sequence: [True, False]") {
            try Evaluator(semantics: .repl).evaluate(mean, on: ["a", "b"])
        }
        // One selected bool passes through in both.
        #expect(try Evaluator(semantics: .repl).evaluate(mean, on: ["a"]) == [true])
    }
}
