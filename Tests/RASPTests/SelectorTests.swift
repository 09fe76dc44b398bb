import RASP
import AltaTestSupport
import Testing

/// Select orientation, comparisons and the selector combinators (§3).
@Suite struct SelectorTests {
    @Test func selectIsIndexedQueryThenKeyAndReadsKeyOpQuery() throws {
        // keys = tokens, queries = indices; LT selects keys smaller than the query.
        let matrix = try evaluate(Select(tokens, indices, .lt), on: [2, 0, 1])
        #expect(matrix == [[false, false, false], [false, true, false], [false, true, true]])
        // A custom predicate receives (key, query) in that order.
        let probe = Select(tokens, indices, description: "key == 0 and query == 1") { key, query in
            key == .int(0) && query == .int(1)
        }
        #expect(try evaluate(probe, on: [0, 5]) == [[false, false], [true, false]])
    }

    @Test func everyComparisonMeansKeyOpQuery() throws {
        let values: [Value] = [1, 2, 3]
        for comparison in Comparison.allCases {
            let matrix = try evaluate(Select(tokens, tokens, comparison), on: values)
            for (q, query) in values.enumerated() {
                for (k, key) in values.enumerated() {
                    let expected: Bool
                    switch comparison {
                    case .eq: expected = key == query
                    case .neq: expected = key != query
                    case .lt: expected = try key.pythonLessThan(query)
                    case .leq: expected = try key.pythonLessThanOrEqual(query)
                    case .gt: expected = try key.pythonGreaterThan(query)
                    case .geq: expected = try key.pythonGreaterThanOrEqual(query)
                    case .true: expected = true
                    case .false: expected = false
                    }
                    #expect(matrix[q][k] == expected, "\(comparison.tracrName) key \(key) query \(query)")
                }
            }
            #expect(Comparison(tracrName: comparison.tracrName) == comparison)
        }
        #expect(try evaluate(SelectorWidth(Select(tokens, tokens, .lt)), on: [3, 1, 2]) == [2, 0, 1])
    }

    @Test func comparisonsRejectNullKeysAndQueriesLikeTracr() throws {
        #expect(throws: RASPValueError.valueError("key is None!")) { try Comparison.eq(key: nil, query: 1) }
        #expect(throws: RASPValueError.valueError("query is None!")) { try Comparison.true(key: 1, query: nil) }
        let shifted = Aggregate(Select(indices, indices, description: "q == k + 1") { k, q in q == (try k + 1) }, tokens)
        expectError(RASPEvaluationError(label: "select_2", reason: .predicate(.valueError("key is None!"))),
                    message: "select_2: predicate raised ValueError: key is None!") {
            try evaluate(SelectorWidth(Select(shifted, tokens, .eq)), on: ["a", "b"])
        }
        // A custom predicate treats a null key as "not selected", as compiled weights do.
        let custom = SelectorWidth(Select(shifted, tokens, description: "k == q") { k, q in k == q })
        #expect(try evaluate(custom, on: ["a", "a"]) == [1, 1])
    }

    /// Tracr's rasp_test checks simplified == unsimplified over a product of keys, queries and
    /// comparisons; this is the same check.
    @Test func simplifiedCombinationsEvaluateLikeTheCompositeOnes() throws {
        let operands: [SOp] = [tokens, indices, Full(1)]
        let input: [Value] = [2, 0, 1, 1]
        var simplifiedCount = 0
        for keys1 in operands {
            for queries1 in operands {
                for keys2 in operands {
                    for queries2 in [queries1, indices] {
                        for c1 in Comparison.allCases {
                            for c2 in [Comparison.eq, .lt, .true, .geq] {
                                let a = Select(keys1, queries1, c1)
                                let b = Select(keys2, queries2, c2)
                                let and = a & b
                                let or = a | b
                                if case .select = and.kind { simplifiedCount += 1 }
                                #expect(try evaluate(and, on: input) == evaluate(SelectorAnd(a, b), on: input))
                                #expect(try evaluate(or, on: input) == evaluate(SelectorOr(a, b), on: input))
                                #expect(try evaluate(~a, on: input) == evaluate(SelectorNot(a), on: input))
                                #expect(try evaluate(!a, on: input) == evaluate(SelectorNot(a), on: input))
                            }
                        }
                    }
                }
            }
        }
        #expect(simplifiedCount > 0)
    }

    @Test func simplificationRulesMatchTracr() throws {
        let sameKeys = Select(tokens, indices, .eq) & Select(tokens, indices, .lt)
        guard case .select(let k, let q, _) = sameKeys.kind else {
            Issue.record("same keys and queries must merge into one Select")
            return
        }
        #expect(k === tokens && q === indices)

        let full = Select(Full(1), indices, .lt) | Select(tokens, indices, .eq)
        guard case .select(let fk, let fq, _) = full.kind else {
            Issue.record("a Full key matches any keys")
            return
        }
        #expect(fk === tokens && fq === indices)

        // Separately built but identical SOps do not merge.
        let separate = Select(tokens == 1, indices, .eq) & Select(tokens == 1, indices, .eq)
        guard case .and = separate.kind else {
            Issue.record("identical but distinct SOps must not merge")
            return
        }
        let notComposite = ~SelectorAnd(Select(tokens, tokens, .eq), Select(indices, indices, .lt))
        guard case .not = notComposite.kind else {
            Issue.record("~ of a composite stays a SelectorNot")
            return
        }
        #expect(notComposite.isComposite && !Select(tokens, tokens, .eq).isComposite)
        #expect(try evaluate(~Select(tokens, tokens, .eq), on: [1, 2]) == [[false, true], [true, false]])
        #expect(selectorAnd(Select(tokens, tokens, .eq), Select(tokens, tokens, .lt), simplify: false).isComposite)
    }

    @Test func causalEvaluationMasksEverySelector() throws {
        let all = Select(tokens, tokens, .true)
        #expect(try evaluate(all, on: [1, 2, 3], causal: true) == [[true, false, false], [true, true, false], [true, true, true]])
        let constant = ConstantSelector([[true, true, true], [false, true, true], [true, false, true]])
        #expect(try evaluate(constant, on: [0, 0, 0], causal: true) == [[true, false, false], [false, true, false], [true, false, true]])
        #expect(try evaluate(SelectorWidth(all), on: ["a", "b", "c"], causal: true) == [1, 2, 3])
        // The length primitive is not a selector and stays the full length.
        #expect(try evaluate(length, on: ["a", "b", "c"], causal: true) == [3, 3, 3])
        // Composite selectors are masked too.
        let notAll = SelectorNot(Select(tokens, tokens, .false))
        #expect(try evaluate(SelectorWidth(notAll), on: [1, 1], causal: true) == [1, 2])
    }
}
