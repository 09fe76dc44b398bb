import AltaPrograms
import AltaTensors
import RASP
import Testing

/// `Sum` (Tracr issue #6): evaluation, validation and value sets.
@Suite struct SumTests {
    // MARK: - Evaluation

    @Test func prefixSumAndEmptySelections() throws {
        let prefix = numerical(Sum(Select(indices, indices, .leq), tokens))
        #expect(try prefix([3, 1, 2]) == [3, 4, 6])
        // Keys strictly before the query: the first row selects nothing → 0.
        let before = numerical(Sum(Select(indices, indices, .lt), tokens))
        #expect(try before([3, 1, 2]) == [0, 3, 4])
        #expect(try before([3, 1, 2])[0] == .int(0))
        // An explicit default is returned for empty rows (it does not compile unless 0).
        let withDefault = numerical(Sum(Select(indices, indices, .lt), tokens, default: nil))
        #expect(try withDefault([3, 1]) == [nil, 3])
    }

    @Test func pythonArithmeticNegativeAndFractionalValues() throws {
        let value = numerical(Map({ x in try x * 0.5 - 2 }, tokens))
        let all = numerical(Sum(Select(tokens, tokens, .true), value))
        #expect(try all([1, 4, 3]) == [.float(-2.0), .float(-2.0), .float(-2.0)])
        // Ints stay ints, bools count as ints, a float makes the sum a float.
        let isOne = Map({ x in .bool(x == 1) }, tokens)
        let count = numerical(Sum(Select(tokens, tokens, .true), isOne))
        let out = try count([1, 2, 1])
        #expect(out == [2, 2, 2])
        if case .int? = out[0] {} else { Issue.record("a sum of bools is an int, got \(String(describing: out[0]))") }
        // A single selected bool is summed too (an Aggregate would return it unchanged).
        let own = numerical(Sum(Select(indices, indices, .eq), isOne))
        #expect(try own([1, 2]) == [.int(1), .int(0)])
    }

    @Test func causalEvaluationMasksLaterKeys() throws {
        let all = numerical(Sum(Select(tokens, tokens, .true), tokens))
        #expect(try evaluate(all, on: [1, 2, 3], causal: true) == [1, 3, 6])
        #expect(try evaluate(all, on: [1, 2, 3], causal: false) == [6, 6, 6])
    }

    @Test func nonNumbersAreAnErrorNamingTheSum() throws {
        let program = numerical(Sum(Select(tokens, tokens, .true), tokens))
        #expect {
            try program(["a", "b"])
        } throws: { error in
            guard let error = error as? RASPEvaluationError, case .nonNumericSum = error.reason else { return false }
            return error.label == "sum_1" && error.description.contains("Sum only adds numbers")
        }
    }

    /// Differential: on seeded random inputs and selectors, the evaluator's Sum equals the
    /// sum over the selector matrix of the evaluated values, and equals width × mean.
    @Test func agreesWithTheSelectorMatrixAndWidthTimesMean() throws {
        var rng = SplitMix64(seed: 17)
        let comparisons: [Comparison] = [.eq, .lt, .leq, .gt, .geq, .neq, .true, .false]
        for _ in 0..<200 {
            let selector = Select(tokens, indices, comparisons[rng.int(in: 0...7)])
            let values = numerical(Map({ x in try x * 1.5 - 2 }, tokens))
            let sum = numerical(Sum(selector, values))
            let width = SelectorWidth(selector)
            let mean = numerical(Aggregate(selector, values, default: 0))
            let input = (0..<rng.int(in: 1...6)).map { _ in Value.int(rng.int(in: 0...4)) }
            let matrix = try evaluate(selector, on: input)
            let xs = try evaluate(values, on: input).map { $0?.doubleValue ?? .nan }
            let sums = try evaluate(sum, on: input)
            let widths = try evaluate(width, on: input)
            let means = try evaluate(mean, on: input)
            for q in input.indices {
                var expected = 0.0
                for k in input.indices where matrix[q][k] { expected += xs[k] }
                let got = sums[q]?.doubleValue ?? .nan
                #expect(abs(got - expected) < 1e-9, "row \(q) of \(input)")
                let product = Double(widths[q]?.doubleValue ?? 0) * (means[q]?.doubleValue ?? 0)
                #expect(abs(got - product) < 1e-9)
            }
        }
    }

    // MARK: - Validation

    @Test func validationRules() throws {
        let validator = RASPValidator()
        let sel = Select(indices, indices, .leq)
        #expect(validator.staticErrors(numerical(Sum(sel, tokens))).isEmpty)
        let categorical = Sum(sel, tokens)
        let errors = validator.staticErrors(categorical)
        #expect(errors.map(\.reason) == [.categoricalSum])
        #expect(errors.first?.label == "sum_1")
        #expect(errors.first?.description.contains("numerical(Sum(") == true)
        #expect(validator.staticErrors(numerical(Sum(sel, tokens, default: 1))).map(\.reason) == [.sumDefault(1)])
        #expect(validator.staticErrors(numerical(Sum(sel, tokens, default: 0.0))).isEmpty)
        // Values must be numbers (categorical or numerical encoding both fine).
        #expect(validator.valueSetErrors(numerical(Sum(sel, tokens)), vocabulary: [1, 2], maxSeqLen: 4).isEmpty)
        let letters = validator.valueSetErrors(numerical(Sum(sel, tokens)), vocabulary: ["a", 1], maxSeqLen: 4)
        #expect(letters.map(\.reason) == [.sumNonNumericValues(["a"])])
        #expect(letters.first?.label == "sum_1")
        // No dynamic rule: any numbers sum exactly.
        #expect(try validator.dynamicErrors(numerical(Sum(sel, numerical(tokens * 0.3))), on: [1, 2, 3]).isEmpty)
    }

    // MARK: - Value sets

    @Test func valueSetsAreEveryAchievableSum() throws {
        let sel = Select(indices, indices, .leq)
        let sum = numerical(Sum(sel, tokens))
        let sets = try ValueSetInference(vocabulary: [0, 2], maxSeqLen: 3).infer(sum)
        #expect(sets.values(of: sum) == [0, 2, 4, 6])
        let fractions = numerical(Sum(sel, numerical(Map({ x in try x - 1.5 }, tokens))))
        let fractionSets = try ValueSetInference(vocabulary: [1, 2], maxSeqLen: 2).infer(fractions)
        // Sums of one or two of {−0.5, 0.5}, plus the default 0.
        #expect(fractionSets.values(of: fractions) == [-1, -0.5, 0, 0.5, 1])
        // A non-zero default is part of the set.
        let withDefault = numerical(Sum(sel, tokens, default: 7))
        #expect(try ValueSetInference(vocabulary: [1], maxSeqLen: 2).infer(withDefault).values(of: withDefault) == [1, 2, 7])
    }

    /// Exhaustive differential check of the set against every input.
    @Test func valueSetContainsEverySumOfEveryInput() throws {
        let vocabulary: [Value] = [-1, 0.25, 2]
        let sel = Select(tokens, indices, .custom("k < q + 1") { k, q in try k.pythonLessThan(try q + 1) })
        let sum = numerical(Sum(sel, tokens))
        let set = Set(try #require(try ValueSetInference(vocabulary: vocabulary, maxSeqLen: 4).infer(sum).values(of: sum)))
        var inputs: [[Value]] = [[]]
        for _ in 1...4 {
            inputs = inputs.flatMap { prefix in vocabulary.map { prefix + [$0] } }
            for input in inputs {
                for value in try sum(input) { #expect(set.contains(try #require(value)), "\(input)") }
            }
        }
    }

    @Test func explodingSetsAreRefused() throws {
        // Integers on a grid: exactly the reachable sums.
        #expect(Set(try SumValueSet.values(of: [0, 5], maxTerms: 3, limit: 100).map(\.doubleValue)) == [0, 5, 10, 15])
        #expect(Set(try SumValueSet.values(of: [true, 0.5], maxTerms: 2, limit: 100).map(\.doubleValue)) == [0.5, 1, 1.5, 2])
        #expect(throws: SumValueSet.Failure.tooLarge(limit: 3)) {
            try SumValueSet.values(of: [0, 5], maxTerms: 3, limit: 3)
        }
        // Incommensurable floats grow combinatorially.
        #expect(throws: SumValueSet.Failure.tooLarge(limit: 50)) {
            try SumValueSet.values(of: [0.1, 0.7071, 1.4142, 3.1416], maxTerms: 6, limit: 50)
        }
        #expect(throws: SumValueSet.Failure.nonNumeric(["x"])) {
            try SumValueSet.values(of: [1, "x"], maxTerms: 2, limit: 50)
        }
        // Through inference, the failure names the Sum.
        let sum = numerical(Sum(Select(indices, indices, .leq), numerical(Map({ x in try x * 0.7071 + 0.1 }, tokens))))
        #expect {
            try ValueSetInference(vocabulary: [0, 1, 2, 3], maxSeqLen: 8, maxSumValues: 20).infer(sum)
        } throws: { error in
            guard let error = error as? ValueSetError, case .sumTooLarge = error.reason else { return false }
            return error.label == "sum_1"
        }
    }
}
