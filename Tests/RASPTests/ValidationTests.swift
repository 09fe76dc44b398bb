import AltaPrograms
import RASP
import AltaTestSupport
import Testing

/// Static, value-set and dynamic validation (§5, §19 items 1, 2, 3, 5, 15).
@Suite struct ValidationTests {
    @Test func everyLibraryProgramValidatesCleanOnItsExamples() throws {
        let reference = try TracrReference.library()
        for program in reference.programs {
            let entry = try #require(RASPLibrary.entry(named: program.name))
            let inputs = program.examples.map(\.input)
            let errors = try RASPValidator().errors(
                entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, inputs: inputs,
                causal: entry.causal)
            #expect(errors.isEmpty, "\(program.name): \(errors)")
        }
    }

    @Test func staticRulesInTracrsOrderWithOneReasonPerExpression() {
        let validator = RASPValidator()
        let sel = Select(tokens, tokens, .eq)
        // Encoding mismatch is reported before the default (Tracr's order).
        let both = numerical(Aggregate(sel, tokens, default: 1))
        #expect(validator.staticErrors(both).map(\.reason) == [.aggregateEncodingMismatch(input: .categorical, output: .numerical)])
        #expect(
            validator.staticErrors(both)[0].description
                == "aggregate_1: An aggregate's output encoding must match its input encoding. "
                + "Input: Encoding.CATEGORICAL, Output: Encoding.NUMERICAL")
        #expect(validator.staticErrors(numerical(Aggregate(sel, numerical(tokens + 1), default: 1))).map(\.reason)
            == [.numericalAggregateDefault(1)])
        // 0.0 and False equal 0 in Python, so they are accepted as the numerical default.
        #expect(validator.staticErrors(numerical(Aggregate(sel, numerical(tokens == 1), default: 0.0))).isEmpty)
        #expect(validator.staticErrors(numerical(Aggregate(sel, numerical(tokens == 1), default: false))).isEmpty)
        let queries = SelectorWidth(Select(tokens, numerical(tokens + 1), .eq))
        #expect(validator.staticErrors(queries).map(\.reason) == [.selectQueriesNotCategorical])
        #expect(validator.staticErrors(SequenceMap({ x, _ in x }, tokens, numerical(tokens + 1))).map(\.reason)
            == [.nonLinearSequenceMapEncoding])
        #expect(validator.staticErrors(numerical(LinearSequenceMap(numerical(tokens + 1), tokens, 1, 1))).map(\.reason)
            == [.linearSequenceMapEncoding])
        #expect(validator.staticErrors(SelectorWidth(ConstantSelector([[true]])) + tokens).map(\.reason) == [.constantSelector])
        #expect(validator.staticErrors(tokens + ConstantSOp([1])).map(\.reason) == [.constantSOp])
        #expect(validator.staticErrors(indices + 1).map(\.reason) == [.missingTokens])
        #expect(RASPValidationReason.numericalIndices.description == "indices should always be categorical.")
    }

    /// Tracr de-duplicates by *name*, so a bad unnamed Aggregate under a good one named
    /// `aggregate` was never checked (§5.1). Here every expression is checked.
    @Test func nestedUnnamedExpressionsAreAllChecked() {
        let sel = Select(indices, indices, .eq)
        let bad = Aggregate(sel, tokens, default: 1)
        let good = Aggregate(sel, bad)
        let errors = RASPValidator().staticErrors(good)
        #expect(errors == [RASPValidationError(label: "aggregate_3", reason: .categoricalAggregateDefault(1))])
    }

    @Test func compositeSelectorsAreRejectedUnlessAllowed() throws {
        let composite = SelectorAnd(Select(tokens, tokens, .eq), Select(indices, indices, .lt))
        let program = numerical(Aggregate(composite, numerical(Map({ _ in 1 }, tokens)), default: 0))
        let errors = RASPValidator().staticErrors(program)
        #expect(errors == [RASPValidationError(label: "selector_and_2", reason: .compositeSelector("SelectorAnd"))])
        #expect(RASPValidator(options: .extended).staticErrors(program).isEmpty)
        // Simplifiable combinations are plain Selects and always fine.
        let simple = SelectorWidth(Select(tokens, tokens, .eq) | Select(tokens, tokens, .lt))
        #expect(RASPValidator().staticErrors(simple).isEmpty)
    }

    @Test func valueSetStageChecksBinaryMeansExactlyAndNumericValues() {
        let validator = RASPValidator()
        let all = Select(tokens, tokens, .true)
        // Tracr's int() truncation accepted {0, 0.5}; an exact check does not (§19 item 2).
        let halves = numerical(Aggregate(all, numerical(Map({ x in x == "a" ? 0.5 : 0 }, tokens)), default: 0))
        #expect(validator.valueSetErrors(halves, vocabulary: ["a", "b"], maxSeqLen: 3).map(\.reason)
            == [.numericalAggregateNonBinary([0, 0.5])])
        #expect(RASPValidator(options: .extended).valueSetErrors(halves, vocabulary: ["a", "b"], maxSeqLen: 3).isEmpty)
        let strings = numerical(Map({ x in x }, tokens))
        #expect(validator.valueSetErrors(strings, vocabulary: ["a", 1], maxSeqLen: 3).map(\.reason)
            == [.numericalNonNumericValues(["a"])])
        // Arithmetic errors are skipped like Tracr; other errors are reported.
        #expect(validator.valueSetErrors(1 / tokens, vocabulary: [0, 1, 2], maxSeqLen: 3).isEmpty)
        #expect(validator.valueSetErrors(tokens - 1, vocabulary: ["a"], maxSeqLen: 3).map(\.reason)
            == [.functionError(.typeError("unsupported operand type(s) for -: 'str' and 'int'"))])
    }

    /// The value-set stage hands its sets to compilers; the sums behind means of any values
    /// are limited like a Sum's set.
    @Test func valueSetStageGivesTheSetsOrTheLimitItHit() throws {
        let mean = numerical(Aggregate(Select(tokens, tokens, .leq), numerical(Map({ x in x }, tokens)), default: 0))
        let label = RASPGraph(mean).label(of: mean)
        let sets = try RASPValidator(options: .extended).valueSets(mean, vocabulary: [1, 2], maxSeqLen: 2)
        #expect(sets.values(of: mean) == [0, 1, 1.5, 2])
        let limited = RASPValidator(options: ValidationOptions(allowNumericalMeansOfAnyValues: true, maxSumValues: 5))
        let errors = limited.valueSetErrors(mean, vocabulary: [1, 2, 5], maxSeqLen: 4)
        #expect(errors == [RASPValidationError(label: label, reason: .meanSumsTooLarge(size: 6, limit: 5))])
        #expect(errors.first?.description == "\(label): The sums of up to max_seq_len of its input values, behind "
            + "its means, take 6 distinct values, more than the limit of 5.")
    }

    @Test func dynamicStageFindsAveragingAndNonBinaryInputs() throws {
        let validator = RASPValidator()
        // Categorical averaging: two different values selected in one row.
        let averaging = Aggregate(Select(indices, indices, .true), tokens)
        #expect(try validator.dynamicErrors(averaging, on: [1, 3]).map(\.reason) == [.categoricalAggregateAveraging])
        // All selected values equal: fine (prim_select_aggregate_const).
        #expect(try validator.dynamicErrors(averaging, on: [2, 2]).isEmpty)
        // Caught per row even when the mean happens to be another input value.
        #expect(try validator.dynamicErrors(averaging, on: [1, 3, 2]).map(\.reason) == [.categoricalAggregateAveraging])
        let mean = numerical(Aggregate(Select(indices, indices, .leq), numerical(Map({ x in x }, tokens)), default: 0))
        #expect(try validator.dynamicErrors(mean, on: [0, 1, 1]).isEmpty)
        #expect(try validator.dynamicErrors(mean, on: [0, 2]).map(\.reason) == [.numericalAggregateNonBinaryInput([0, 2])])
        #expect(try RASPValidator(options: .extended).dynamicErrors(mean, on: [0, 2]).isEmpty)
        // The causal mask changes what is averaged.
        let lastTwo = Aggregate(Select(indices, indices, .geq), tokens)
        #expect(try validator.dynamicErrors(lastTwo, on: [1, 2], causal: false).count == 1)
        #expect(try validator.dynamicErrors(lastTwo, on: [1, 2], causal: true).isEmpty)
        expectError(RASPUnsupportedProgramError(errors: [RASPValidationError(label: "aggregate_1", reason: .categoricalAggregateAveraging)]),
                    message: "Unsupported RASP expressions:\naggregate_1: Categorical aggregate does not support Selectors with width > 1 that require aggregation (eg. averaging).") {
            try validator.validate(averaging, vocabulary: [1, 3], maxSeqLen: 2, inputs: [[1, 3]])
        }
    }
}
