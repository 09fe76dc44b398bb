import RASP

/// The registry of RASP programs: every program of `tracr_models.json` under the same name and
/// with the same default vocabulary, maximum length, causal flag and BOS/PAD names, plus the
/// programs that must be rejected (``unsupported``). Each program is built for the parameters
/// it is compiled with (``RASPProgramEntry/build(_:)``).
public enum RASPLibrary {
    /// Every registered program, in name order.
    public static let all: [RASPProgramEntry] = (libPrograms + primitivePrograms + causalPrograms + knownIssuePrograms)
        .sorted { $0.name < $1.name }

    /// The program registered under `name`.
    public static func entry(named name: String) -> RASPProgramEntry? {
        all.first { $0.name == name }
    }

    /// The programs a Tracr-compatible compiler must reject (or, for the assembly-bug case,
    /// compile correctly), in the order of `tracr_models.json`.
    public static let unsupported: [RASPUnsupportedEntry] = unsupportedPrograms

    /// The unsupported program registered under `name`.
    public static func unsupportedEntry(named name: String) -> RASPUnsupportedEntry? {
        unsupported.first { $0.name == name }
    }

    // MARK: - Programs

    private static let abc: [Value] = ["a", "b", "c"]
    private static let oneTwoThree: [Value] = [1, 2, 3]

    // MARK: - Vocabulary requirements

    /// Programs that compute with the tokens as numbers.
    private static let numericTokens = RASPVocabularyRequirement.numbers(role: "operands")
    /// Programs that count or average the token 'a'.
    private static let countedA = RASPVocabularyRequirement.contains("a", role: "counted token")
    /// `detect_pattern(abc)`: all three pattern tokens.
    private static let patternABC: [RASPVocabularyRequirement] = ["a", "b", "c"].map { .contains($0, role: "pattern token") }

    /// The Dyck programs: every bracket of `pairs`.
    private static func brackets(_ pairs: String) -> [RASPVocabularyRequirement] {
        pairs.map { .contains(.string(String($0)), role: "bracket") }
    }

    private static let libPrograms: [RASPProgramEntry] = [
        RASPProgramEntry(
            name: "length", description: "input length at every position (SelectorWidth of an all-true Select)",
            group: .lib, vocabulary: abc, maxSeqLen: 5
        ) { _ in categorical(TracrLib.makeLength()) },
        RASPProgramEntry(
            name: "length_numerical", description: "input length with a numerical selector-width output",
            group: .lib, vocabulary: abc, maxSeqLen: 5
        ) { _ in numerical(TracrLib.makeLength()) },
        RASPProgramEntry(
            name: "reverse", description: "the tokens in reverse order", group: .lib, vocabulary: abc, maxSeqLen: 5
        ) { _ in TracrLib.makeReverse(tokens) },
        RASPProgramEntry(
            name: "hist", description: "number of occurrences of the current token", group: .lib, vocabulary: abc,
            maxSeqLen: 5
        ) { _ in TracrLib.makeHist() },
        RASPProgramEntry(
            name: "sort_unique", description: "tokens sorted ascending (keys must be unique)", group: .lib,
            vocabulary: [1, 2, 3, 4, 5], maxSeqLen: 5, inputs: .distinct,
            vocabularyForLength: { n in (1...max(n, 5)).map { .int($0) } }
        ) { _ in TracrLib.makeSortUnique(vals: tokens, keys: tokens) },
        RASPProgramEntry(
            name: "sort", description: "tokens sorted ascending, stable for duplicate keys", group: .lib,
            vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [.numbers(role: "sort keys")]
        ) { p in
            // min_key is the smallest gap between the vocabulary's numbers (1 for integers, as
            // Tracr's callers pass); the numbers requirement makes the fallback unreachable.
            TracrLib.makeSort(vals: tokens, keys: tokens, maxSeqLen: p.maxSeqLen, minKey: p.smallestNumericGap ?? 1)
        },
        RASPProgramEntry(
            name: "sort_freq", description: "tokens sorted by descending frequency, ties in input order", group: .lib,
            vocabulary: oneTwoThree, maxSeqLen: 5
        ) { p in TracrLib.makeSortFreq(maxSeqLen: p.maxSeqLen) },
        RASPProgramEntry(
            name: "frac_prevs", description: "fraction of positions up to here holding 'a' (numerical)", group: .lib,
            vocabulary: abc, maxSeqLen: 5, requirements: [countedA]
        ) { _ in TracrLib.makeFracPrevs(tokens == "a") },
        RASPProgramEntry(
            name: "pair_balance", description: "fraction of '(' minus fraction of ')' up to here (numerical)",
            group: .lib, vocabulary: ["(", ")", "x"], maxSeqLen: 6, requirements: brackets("()"), inputs: .dyck(["()"])
        ) { _ in TracrLib.makePairBalance(tokens, open: "(", close: ")") },
        RASPProgramEntry(
            name: "shuffle_dyck1", description: "True everywhere iff the parentheses are balanced (Dyck-1)",
            group: .lib, vocabulary: ["(", ")"], maxSeqLen: 6, requirements: brackets("()"), inputs: .dyck(["()"])
        ) { _ in TracrLib.shuffleDyck(balances: [TracrLib.makePairBalance(tokens, open: "(", close: ")").named("balance_()")]) },
        RASPProgramEntry(
            name: "shuffle_dyck2", description: "True everywhere iff () and {} are each balanced (shuffle-Dyck-2)",
            group: .lib, vocabulary: ["(", ")", "{", "}"], maxSeqLen: 6, requirements: brackets("(){}"),
            inputs: .dyck(["()", "{}"])
        ) { _ in TracrLib.makeShuffleDyck2() },
        RASPProgramEntry(
            name: "shift_by_1", description: "the tokens shifted right by one (first position null)", group: .lib,
            vocabulary: abc, maxSeqLen: 5
        ) { _ in TracrLib.shiftBy(1, tokens) },
        RASPProgramEntry(
            name: "shift_by_2", description: "the tokens shifted right by two (first two positions null)",
            group: .lib, vocabulary: abc, maxSeqLen: 5
        ) { _ in TracrLib.shiftBy(2, tokens) },
        RASPProgramEntry(
            name: "detect_pattern_abc", description: "True at the last position of each occurrence of 'abc'",
            group: .lib, vocabulary: abc, maxSeqLen: 6, requirements: patternABC, inputs: .planted(abc)
        ) { _ in detectABC() },
        RASPProgramEntry(
            name: "count_less_freq_2", description: "number of positions whose token occurs at most 2 times",
            group: .lib, vocabulary: abc, maxSeqLen: 5, inputs: .skewed
        ) { _ in TracrLib.makeCountLessFreq(2) },
        RASPProgramEntry(
            name: "count_a", description: "number of 'a' tokens, broadcast to every position", group: .lib,
            vocabulary: abc, maxSeqLen: 5, requirements: [countedA]
        ) { _ in TracrLib.makeCount(tokens, "a") },
        RASPProgramEntry(
            name: "nary_sequencemap_add", description: "x + y − z over (tokens, tokens, indices) via tuple SOps",
            group: .lib, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [.numbers(role: "operands")]
        ) { _ in
            TracrLib.makeNarySequenceMap({ args in try args[0] + args[1] - args[2] }, tokens, tokens, indices)
        },
        RASPProgramEntry(
            name: "nary_sequencemap_muldiv", description: "x · y / z over (indices, indices, tokens) via tuple SOps",
            group: .lib, vocabulary: oneTwoThree, maxSeqLen: 5,
            requirements: [.numbers(role: "operands"), .excludes(0, role: "divisors")]
        ) { _ in
            TracrLib.makeNarySequenceMap({ args in try args[0] * args[1] / args[2] }, indices, indices, tokens)
        },
    ]

    private static let primitivePrograms: [RASPProgramEntry] =
        [
            RASPProgramEntry(
                name: "prim_map_cat", description: "categorical → categorical Map: token + 1", group: .primitive,
                vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in Map({ x in try x + 1 }, tokens) },
            RASPProgramEntry(
                name: "prim_map_cat_to_num", description: "categorical → numerical Map: 0.5 · token",
                group: .primitive, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in numerical(Map({ x in try 0.5 * x }, tokens)) },
            RASPProgramEntry(
                name: "prim_map_num_to_cat", description: "numerical → categorical Map: token ≥ 2",
                group: .primitive, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in
                categorical(Map({ x in .bool(try x.pythonGreaterThanOrEqual(2)) }, numerical(Map({ x in x }, tokens)), simplify: false))
            },
            RASPProgramEntry(
                name: "prim_map_num_to_num", description: "numerical → numerical Map: token²", group: .primitive,
                vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in numerical(Map({ x in try x * x }, numerical(Map({ x in x }, tokens)), simplify: false)) },
            RASPProgramEntry(
                name: "prim_sequence_map_cat", description: "categorical SequenceMap: token · index",
                group: .primitive, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in SequenceMap({ x, y in try x * y }, tokens, indices) },
            RASPProgramEntry(
                name: "prim_linear_sequence_map", description: "numerical LinearSequenceMap: 2·token − index",
                group: .primitive, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
            ) { _ in
                numerical(
                    LinearSequenceMap(numerical(Map({ x in x }, tokens)), numerical(Map({ x in x }, indices)), 2.0, -1.0))
            },
            RASPProgramEntry(
                name: "prim_select_aggregate_const",
                description: "categorical Aggregate whose selected values are all equal (1)", group: .primitive,
                vocabulary: [0, 1, 2], maxSeqLen: 5
            ) { _ in Aggregate(Select(tokens, tokens, .eq), Map({ _ in 1 }, tokens)) },
            RASPProgramEntry(
                name: "prim_aggregate_num_mean_lt",
                description: "numerical mean of (token == 'a') over strictly earlier positions (0 at position 0)",
                group: .primitive, vocabulary: abc, maxSeqLen: 5, requirements: [countedA]
            ) { _ in
                numerical(
                    Aggregate(
                        Select(indices, indices, .lt), numerical(Map({ x in x == "a" ? 1 : 0 }, tokens)), default: 0))
            },
        ]
        + Comparison.allCases.map { comparison in
            RASPProgramEntry(
                name: "prim_selector_width_\(comparison.tracrName)",
                description: "SelectorWidth of Select(tokens, tokens, \(comparison.tracrName)) (key \(comparison) query)",
                group: .primitive, vocabulary: oneTwoThree, maxSeqLen: 5
            ) { _ in SelectorWidth(Select(tokens, tokens, comparison)) }
        }

    private static let causalPrograms: [RASPProgramEntry] = [
        RASPProgramEntry(
            name: "frac_prevs_causal", description: "frac_prevs compiled with a causal mask", group: .causal,
            vocabulary: abc, maxSeqLen: 5, causal: true, requirements: [countedA]
        ) { _ in TracrLib.makeFracPrevs(tokens == "a") },
        RASPProgramEntry(
            name: "shift_by_1_causal", description: "shift_by(1) compiled with a causal mask", group: .causal,
            vocabulary: abc, maxSeqLen: 5, causal: true
        ) { _ in TracrLib.shiftBy(1, tokens) },
        RASPProgramEntry(
            name: "detect_pattern_abc_causal", description: "detect_pattern(abc) compiled with a causal mask",
            group: .causal, vocabulary: abc, maxSeqLen: 6, causal: true, requirements: patternABC, inputs: .planted(abc)
        ) { _ in detectABC() },
        RASPProgramEntry(
            name: "length_causal", description: "length under a causal mask: the prefix length 1…n", group: .causal,
            vocabulary: abc, maxSeqLen: 5, causal: true
        ) { _ in categorical(TracrLib.makeLength()) },
    ]

    private static let knownIssuePrograms: [RASPProgramEntry] = [
        RASPProgramEntry(
            name: "issue25_double_aggregate",
            description: "Aggregate of an Aggregate whose empty rows are null (Tracr issue #25: null must stay null)",
            group: .knownIssue, vocabulary: [1, 2, 3, 4], maxSeqLen: 5
        ) { _ in
            let sel = Select(indices, tokens, .eq)
            return Aggregate(sel, Aggregate(sel, indices))
        },
        RASPProgramEntry(
            name: "known_cat_to_num_map_negative",
            description: "categorical → numerical Map with negative outputs: token − 2 (Tracr clips them to 0)",
            group: .knownIssue, vocabulary: oneTwoThree, maxSeqLen: 5, requirements: [numericTokens]
        ) { _ in numerical(Map({ x in try x - 2 }, tokens)) },
        RASPProgramEntry(
            name: "known_two_selector_widths_same_layer",
            description: "two SelectorWidths in one layer, then an Aggregate whose rows can select nothing",
            group: .knownIssue, vocabulary: ["a", "b"], maxSeqLen: 4, inputs: .withRepeatedToken
        ) { _ in
            let hist = TracrLib.makeHist()
            let length = TracrLib.makeLength()
            return numerical(Aggregate(Select(hist, length, .lt), numerical(Map({ _ in 1 }, tokens)), default: 0))
        },
        RASPProgramEntry(
            name: "known_mean_value_set_then_map",
            description: "frac_prevs(token == 'a') > 0.5 (a Map over a numerical mean's value set)",
            group: .knownIssue, vocabulary: ["a", "b"], maxSeqLen: 5, requirements: [countedA]
        ) { _ in
            categorical(Map({ x in .bool(try x.pythonGreaterThan(0.5)) }, TracrLib.makeFracPrevs(tokens == "a")))
        },
    ]

    /// `detect_pattern(tokens, "abc")`, built without the empty-pattern check.
    private static func detectABC() -> SOp {
        let a = tokens == "a"
        let b = tokens == "b"
        let c = tokens == "c"
        return ((TracrLib.shiftBy(2, a) & TracrLib.shiftBy(1, b)) & c).named("detect_pattern(abc)")
    }

    // MARK: - Programs that must be rejected

    private static let unsupportedPrograms: [RASPUnsupportedEntry] = [
        RASPUnsupportedEntry(
            name: "numerical_categorical_aggregate",
            description: "categorical Aggregate of a numerical SOp (encodings must match)",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.aggregateEncodingMismatch(input: .numerical, output: .categorical))
        ) { Aggregate(Select(tokens, tokens, .true), numerical(Map({ x in x }, tokens))) },
        RASPUnsupportedEntry(
            name: "categorical_numerical_aggregate",
            description: "numerical Aggregate of a categorical SOp (encodings must match)",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.aggregateEncodingMismatch(input: .categorical, output: .numerical))
        ) { numerical(Aggregate(Select(tokens, tokens, .true), tokens)) },
        RASPUnsupportedEntry(
            name: "numerical_aggregate_nonbinary",
            description: "numerical mean of values {1, 2, 3} (only 0/1 inputs can be averaged)",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .valueSetValidation(.numericalAggregateNonBinary([1, 2, 3]))
        ) { numerical(Aggregate(Select(tokens, tokens, .true), numerical(Map({ x in x }, tokens)), default: 0)) },
        RASPUnsupportedEntry(
            name: "numerical_aggregate_default_1",
            description: "numerical Aggregate of categorical tokens with default 1",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.aggregateEncodingMismatch(input: .categorical, output: .numerical))
        ) { numerical(Aggregate(Select(indices, indices, .eq), tokens, default: 1)) },
        RASPUnsupportedEntry(
            name: "categorical_aggregate_default_not_none",
            description: "categorical Aggregate with default 1 (must be None)",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.categoricalAggregateDefault(1))
        ) { Aggregate(Select(indices, indices, .eq), tokens, default: 1) },
        RASPUnsupportedEntry(
            name: "numerical_select_keys",
            description: "Select over numerical keys and queries (must be categorical)",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.selectKeysNotCategorical)
        ) {
            SelectorWidth(Select(numerical(Map({ x in x }, tokens)), numerical(Map({ x in x }, tokens)), .lt))
        },
        RASPUnsupportedEntry(
            name: "numerical_sequence_map",
            description: "non-linear SequenceMap with numerical operands and output",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.nonLinearSequenceMapEncoding)
        ) {
            numerical(
                SequenceMap({ x, y in try x + y }, numerical(Map({ x in x }, indices)), numerical(Map({ x in x }, tokens))))
        },
        RASPUnsupportedEntry(
            name: "categorical_linear_sequence_map",
            description: "LinearSequenceMap with categorical operands and output",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.linearSequenceMapEncoding)
        ) { categorical(LinearSequenceMap(categorical(indices), categorical(tokens), 1, 1)) },
        RASPUnsupportedEntry(
            name: "numerical_tokens", description: "numerically encoded tokens", vocabulary: oneTwoThree,
            maxSeqLen: 5, stage: .staticValidation(.numericalTokens)
        ) { numerical(tokens) },
        RASPUnsupportedEntry(
            name: "numerical_indices", description: "numerically encoded indices", vocabulary: oneTwoThree,
            maxSeqLen: 5, stage: .staticValidation(.numericalIndices)
        ) { numerical(indices) },
        RASPUnsupportedEntry(
            name: "selector_and_aggregate",
            description: "numerical Aggregate over a SelectorAnd of Selects with different keys",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.compositeSelector("SelectorAnd"))
        ) {
            numerical(
                Aggregate(
                    SelectorAnd(Select(tokens, tokens, .eq), Select(indices, indices, .lt)),
                    numerical(Map({ _ in 1 }, tokens)), default: 0))
        },
        RASPUnsupportedEntry(
            name: "selector_not_width",
            description: "SelectorWidth over SelectorNot(SelectorAnd(…))",
            vocabulary: oneTwoThree, maxSeqLen: 5,
            stage: .staticValidation(.compositeSelector("SelectorNot"))
        ) { SelectorWidth(SelectorNot(SelectorAnd(Select(tokens, tokens, .eq), Select(indices, indices, .lt)))) },
        RASPUnsupportedEntry(
            name: "full_sop", description: "SequenceMap over tokens and Full(1)", vocabulary: oneTwoThree,
            maxSeqLen: 5, stage: .staticValidation(.fullSOp)
        ) { SequenceMap({ x, y in try x + y }, tokens, Full(1)) },
        RASPUnsupportedEntry(
            name: "length_primitive", description: "SequenceMap over tokens and the length primitive",
            vocabulary: oneTwoThree, maxSeqLen: 5, stage: .staticValidation(.lengthPrimitive)
        ) { SequenceMap({ x, y in try x + y }, tokens, length) },
        RASPUnsupportedEntry(
            name: "no_tokens", description: "Map over indices only (no tokens in the program)",
            vocabulary: oneTwoThree, maxSeqLen: 5, stage: .staticValidation(.missingTokens)
        ) { Map({ x in try x + 1 }, indices) },
        RASPUnsupportedEntry(
            name: "bos_in_vocab", description: "Map over tokens compiled with the BOS token inside the vocabulary",
            vocabulary: [1, 2, "BOS"], maxSeqLen: 5, stage: .compiler
        ) { Map({ x in x }, tokens) },
        RASPUnsupportedEntry(
            name: "ov_wider_than_qk_assembly_bug",
            description: "shift_by(1) over 10 letters with N = 3: valid, but Tracr's assembly crashes (§19 item 9)",
            vocabulary: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], maxSeqLen: 3, stage: .compilesCorrectly
        ) { TracrLib.shiftBy(1, tokens) },
    ]
}
