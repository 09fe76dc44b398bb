import AltaPrograms
import RASP
import Testing

/// Tracr's shared conformance table (`tracr/compiler/test_cases.py`, §21), carried over as
/// data: the evaluator must reproduce every expected output (compared with Python equality,
/// as Tracr's `lib_test` does). Universal cases also hold under the causal evaluator.
@Suite struct TracrTestCaseTableTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let build: @Sendable () throws -> SOp
        let input: [Value]
        let expected: [Value?]
        var description: String { name }
    }

    private static func chars(_ s: String) -> [Value] { s.map { .string(String($0)) } }

    static let universal: [Case] = [
        Case(name: "frac_prevs_1", build: { TracrLib.makeFracPrevs(tokens == "l") }, input: chars("hello"),
             expected: [0.0, 0.0, .float(1.0 / 3), 0.5, 0.4]),
        Case(name: "frac_prevs_2", build: { TracrLib.makeFracPrevs(tokens == "(") }, input: chars("a()b(c))"),
             expected: [0.0, 0.5, .float(1.0 / 3), 0.25, 0.4, .float(2.0 / 6), .float(2.0 / 7), 0.25]),
        Case(name: "frac_prevs_3", build: { TracrLib.makeFracPrevs(tokens == ")") }, input: chars("a()b(c))"),
             expected: [0.0, 0.0, .float(1.0 / 3), 0.25, 0.2, .float(1.0 / 6), .float(2.0 / 7), 0.375]),
        Case(name: "shift_by_one", build: { TracrLib.shiftBy(1, tokens) }, input: chars("abcd"), expected: [nil, "a", "b", "c"]),
        Case(name: "shift_by_two", build: { TracrLib.shiftBy(2, tokens) }, input: chars("abcd"), expected: [nil, nil, "a", "b"]),
        Case(name: "detect_pattern_a", build: { try TracrLib.detectPattern(tokens, "a") }, input: chars("bacd"),
             expected: [false, true, false, false]),
        Case(name: "detect_pattern_ab", build: { try TracrLib.detectPattern(tokens, "ab") }, input: chars("aaba"),
             expected: [nil, false, true, false]),
        Case(name: "detect_pattern_ab_2", build: { try TracrLib.detectPattern(tokens, "ab") }, input: chars("abaa"),
             expected: [nil, true, false, false]),
        Case(name: "detect_pattern_ab_3", build: { try TracrLib.detectPattern(tokens, "ab") }, input: chars("aaaa"),
             expected: [nil, false, false, false]),
        Case(name: "detect_pattern_abc", build: { try TracrLib.detectPattern(tokens, "abc") }, input: chars("abcabc"),
             expected: [nil, nil, true, false, false, true]),
    ]

    static let nonCausal: [Case] = [
        Case(name: "reverse_1", build: { TracrLib.makeReverse(tokens) }, input: chars("abcd"), expected: chars("dcba")),
        Case(name: "reverse_2", build: { TracrLib.makeReverse(tokens) }, input: chars("abc"), expected: chars("cba")),
        Case(name: "reverse_3", build: { TracrLib.makeReverse(tokens) }, input: chars("ad"), expected: chars("da")),
        Case(name: "reverse_4", build: { TracrLib.makeReverse(tokens) }, input: ["c"], expected: ["c"]),
        Case(name: "length_categorical", build: { categorical(TracrLib.makeLength()) }, input: chars("abc"), expected: [3, 3, 3]),
        Case(name: "length_numerical", build: { numerical(TracrLib.makeLength()) }, input: chars("ad"), expected: [2, 2]),
        Case(name: "pair_balance_1", build: { TracrLib.makePairBalance(tokens, open: "(", close: ")") },
             input: chars("a()b(c))"), expected: [0.0, 0.5, 0.0, 0.0, 0.2, .float(1.0 / 6), 0.0, -0.125]),
        Case(name: "shuffle_dyck2_1", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}"]) }, input: chars("({)}"),
             expected: [1, 1, 1, 1]),
        Case(name: "shuffle_dyck2_2", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}"]) }, input: chars("(){)}"),
             expected: [0, 0, 0, 0, 0]),
        Case(name: "shuffle_dyck2_3", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}"]) }, input: chars("{}("),
             expected: [0, 0, 0]),
        Case(name: "shuffle_dyck3_1", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}", "[]"]) },
             input: chars("({)[}]"), expected: [1, 1, 1, 1, 1, 1]),
        Case(name: "shuffle_dyck3_2", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}", "[]"]) },
             input: chars("(){)}"), expected: [0, 0, 0, 0, 0]),
        Case(name: "shuffle_dyck3_3", build: { try TracrLib.makeShuffleDyck(pairs: ["()", "{}", "[]"]) },
             input: chars("{}[(]"), expected: [0, 0, 0, 0, 0]),
        Case(name: "hist", build: { TracrLib.makeHist() }, input: chars("abac"), expected: [2, 1, 2, 1]),
        Case(name: "sort_unique_1", build: { TracrLib.makeSortUnique(vals: tokens, keys: tokens) }, input: [2, 4, 3, 1],
             expected: [1, 2, 3, 4]),
        Case(name: "sort_unique_2", build: { TracrLib.makeSortUnique(vals: tokens, keys: 1 - indices) }, input: chars("abcd"),
             expected: chars("dcba")),
        Case(name: "sort_1", build: { TracrLib.makeSort(vals: tokens, keys: tokens, maxSeqLen: 5, minKey: 1) },
             input: [2, 4, 3, 1], expected: [1, 2, 3, 4]),
        Case(name: "sort_2", build: { TracrLib.makeSort(vals: tokens, keys: 1 - indices, maxSeqLen: 5, minKey: 1) },
             input: chars("abcd"), expected: chars("dcba")),
        Case(name: "sort_3", build: { TracrLib.makeSort(vals: tokens, keys: tokens, maxSeqLen: 5, minKey: 1) },
             input: [2, 4, 1, 2], expected: [1, 2, 2, 4]),
        Case(name: "sort_freq", build: { TracrLib.makeSortFreq(maxSeqLen: 5) }, input: [2, 4, 2, 1], expected: [2, 2, 4, 1]),
        Case(name: "count_less_freq_1", build: { TracrLib.makeCountLessFreq(2) }, input: chars("aaabbc"),
             expected: [3, 3, 3, 3, 3, 3]),
        Case(name: "count_less_freq_2", build: { TracrLib.makeCountLessFreq(2) }, input: chars("aacbbc"),
             expected: [6, 6, 6, 6, 6, 6]),
        Case(name: "count_1", build: { TracrLib.makeCount(tokens, "a") }, input: chars("aaabbc"), expected: [3, 3, 3, 3, 3, 3]),
        Case(name: "count_2", build: { TracrLib.makeCount(tokens, "a") }, input: chars("cabc"), expected: [1, 1, 1, 1]),
        Case(name: "count_3", build: { TracrLib.makeCount(tokens, "a") }, input: chars("bbc"), expected: [0, 0, 0]),
        Case(name: "nary_sequencemap_1",
             build: { TracrLib.makeNarySequenceMap({ a in try a[0] + a[1] - a[2] }, tokens, tokens, indices) },
             input: [1, 2, 3], expected: [2, 3, 4]),
        Case(name: "nary_sequencemap_2",
             build: { TracrLib.makeNarySequenceMap({ a in try a[0] * a[1] / a[2] }, indices, indices, tokens) },
             input: [1, 2, 3], expected: [0, 0.5, .float(4.0 / 3)]),
    ]

    @Test(arguments: universal + nonCausal)
    func evaluatorReproducesTheTable(_ testCase: Case) throws {
        let actual = try evaluate(testCase.build(), on: testCase.input)
        #expect(actual == testCase.expected, "\(Value.pythonListRepr(actual))")
    }

    @Test(arguments: universal)
    func universalCasesHoldCausally(_ testCase: Case) throws {
        #expect(try evaluate(testCase.build(), on: testCase.input, causal: true) == testCase.expected)
    }

    @Test func causalSelectorWidthIsThePrefixLength() throws {
        let program = SelectorWidth(Select(tokens, tokens, .true))
        #expect(try evaluate(program, on: Self.chars("abcd"), causal: true) == [1, 2, 3, 4])
    }

    @Test func libraryArgumentErrors() {
        #expect(throws: TracrLib.ArgumentError.emptyPattern) { try TracrLib.detectPattern(tokens, "") }
        #expect(throws: TracrLib.ArgumentError.noPairs) { try TracrLib.makeShuffleDyck(pairs: []) }
        #expect(throws: TracrLib.ArgumentError.badPair("(")) { try TracrLib.makeShuffleDyck(pairs: ["("]) }
    }

    @Test func libraryNamesMatchTracr() throws {
        #expect(try RASPGraph(TracrLib.detectPattern(tokens, [1, 2])).outputLabel == "detect_pattern([1, 2])_1")
        #expect(RASPGraph(TracrLib.makeCount(tokens, 3)).outputLabel == "count_3_1")
        #expect(RASPGraph(TracrLib.shiftBy(3, tokens)).outputLabel == "shift_by(3)_1")
        #expect(try RASPGraph(TracrLib.makeShuffleDyck(pairs: ["()"])).outputLabel == "shuffle_dyck_1")
    }
}
