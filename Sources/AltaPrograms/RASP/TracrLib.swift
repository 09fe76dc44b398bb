import RASP

/// Tracr's program library (`tracr/compiler/lib.py`, §15 of the reference), built with the same
/// structure and names as upstream so that labels — and hence compiled residual layouts —
/// match Tracr's exactly. Every call builds fresh expressions.
public enum TracrLib {
    /// Errors for arguments Tracr rejects with an assertion or `ValueError`.
    public enum ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
        /// `detectPattern` with an empty pattern.
        case emptyPattern
        /// `makeShuffleDyck` with no pairs.
        case noPairs
        /// `makeShuffleDyck` with a pair that is not exactly two characters.
        case badPair(String)

        public var description: String {
            switch self {
            case .emptyPattern: return "Length of `pattern` must be at least 1. Got []"
            case .noPairs: return "make_shuffle_dyck needs at least one pair of brackets"
            case .badPair(let pair): return "a bracket pair must be exactly two characters, got '\(pair)'"
            }
        }
    }

    // MARK: Programs that only make sense without a causal mask

    /// n at every position: `SelectorWidth(Select(tokens, tokens, TRUE) named all_true_selector)`
    /// named `length`.
    public static func makeLength() -> SOp {
        let allTrueSelector = Select(tokens, tokens, .true).named("all_true_selector")
        return SelectorWidth(allTrueSelector).named("length")
    }

    /// `sop` reversed: `opp_idx = (length − indices)`, `opp_idx-1 = opp_idx − 1`,
    /// `Aggregate(Select(indices, opp_idx-1, EQ) named reverse_selector, sop)` named `reverse`.
    public static func makeReverse(_ sop: SOp) -> SOp {
        var oppIdx = (makeLength() - indices).named("opp_idx")
        oppIdx = (oppIdx - 1).named("opp_idx-1")
        let reverseSelector = Select(indices, oppIdx, .eq).named("reverse_selector")
        return Aggregate(reverseSelector, sop).named("reverse")
    }

    /// Fraction of positions ≤ i holding `openToken` minus the fraction holding `closeToken`.
    public static func makePairBalance(_ sop: SOp, open openToken: Value, close closeToken: Value) -> SOp {
        let boolsOpen = numerical(sop == openToken).named("bools_open")
        let opens = numerical(makeFracPrevs(boolsOpen)).named("opens")
        let boolsClose = numerical(sop == closeToken).named("bools_close")
        let closes = numerical(makeFracPrevs(boolsClose)).named("closes")
        let pairBalance = numerical(LinearSequenceMap(opens, closes, 1, -1))
        return pairBalance.named("pair_balance")
    }

    /// True at every position iff each bracket pair (two-character strings such as `"()"`) is
    /// balanced on its own (shuffle-Dyck), else False. Named `shuffle_dyck`.
    public static func makeShuffleDyck(pairs: [String]) throws -> SOp {
        guard !pairs.isEmpty else { throw ArgumentError.noPairs }
        var balances: [SOp] = []
        for pair in pairs {
            let characters = Array(pair)
            guard characters.count == 2 else { throw ArgumentError.badPair(pair) }
            let balance = makePairBalance(
                tokens, open: .string(String(characters[0])), close: .string(String(characters[1]))
            ).named("balance_\(pair)")
            balances.append(balance)
        }
        return shuffleDyck(balances: balances)
    }

    /// Shuffle-Dyck over `()` and `{}`, named `shuffle_dyck2`.
    public static func makeShuffleDyck2() -> SOp {
        let balances = [("(", ")", "()"), ("{", "}", "{}")].map { open, close, pair in
            makePairBalance(tokens, open: .string(open), close: .string(close)).named("balance_\(pair)")
        }
        return shuffleDyck(balances: balances).named("shuffle_dyck2")
    }

    /// The body of `make_shuffle_dyck` for non-empty `balances`.
    static func shuffleDyck(balances: [SOp]) -> SOp {
        var anyNegative = balances[0] < 0
        for balance in balances.dropFirst() {
            anyNegative = anyNegative | (balance < 0)
        }
        anyNegative = numerical(Map({ x in x }, anyNegative)).named("any_negative")
        let selectAll = Select(indices, indices, .true).named("select_all")
        let hasNeg = numerical(Aggregate(selectAll, anyNegative, default: 0)).named("has_neg")

        var allZero = balances[0] == 0
        for balance in balances.dropFirst() {
            allZero = allZero & (balance == 0)
        }
        let selectLast = Select(indices, makeLength() - 1, .eq).named("select_last")
        let lastZero = Aggregate(selectLast, allZero).named("last_zero")
        let notHasNeg = (~hasNeg).named("not_has_neg")
        return (lastZero & notHasNeg).named("shuffle_dyck")
    }

    /// Occurrences of the current token: `SelectorWidth(Select(tokens, tokens, EQ) named
    /// same_tok)` named `hist`.
    public static func makeHist() -> SOp {
        let sameTok = Select(tokens, tokens, .eq).named("same_tok")
        return SelectorWidth(sameTok).named("hist")
    }

    /// `vals` sorted by `keys`, which must be unique. Named `sort`.
    public static func makeSortUnique(vals: SOp, keys: SOp) -> SOp {
        let smaller = Select(keys, keys, .lt).named("smaller")
        let targetPos = SelectorWidth(smaller).named("target_pos")
        let selNew = Select(targetPos, indices, .eq)
        return Aggregate(selNew, vals).named("sort")
    }

    /// Stable sort allowing duplicate numeric keys: keys become `x + minKey·i/maxSeqLen`, which
    /// sorts correctly for inputs of at most `maxSeqLen` tokens whose distinct keys differ by at
    /// least `minKey` (Tracr bakes both into the program).
    public static func makeSort(vals: SOp, keys: SOp, maxSeqLen: Int, minKey: Value) -> SOp {
        let n = Value.int(maxSeqLen)
        let uniqueKeys = SequenceMap({ x, i in try x + (try minKey * i) / n }, keys, indices)
        return makeSortUnique(vals: vals, keys: uniqueKeys)
    }

    /// Tokens sorted by descending frequency, ties in input order. Named `sort_freq`.
    public static func makeSortFreq(maxSeqLen: Int) -> SOp {
        let hist = -1 * makeHist().named("hist")
        return makeSort(vals: tokens, keys: hist, maxSeqLen: maxSeqLen, minKey: 1).named("sort_freq")
    }

    // MARK: Programs that work with and without a causal mask

    /// Fraction of positions ≤ i where `bools` holds (numerical). Named `frac_prevs`.
    public static func makeFracPrevs(_ bools: SOp) -> SOp {
        let numericalBools = numerical(bools)
        let prevs = Select(indices, indices, .leq)
        return numerical(Aggregate(prevs, numericalBools, default: 0)).named("frac_prevs")
    }

    /// `sop` shifted right by `offset`; the first `offset` positions are null. Named
    /// `shift_by(offset)`.
    public static func shiftBy(_ offset: Int, _ sop: SOp) -> SOp {
        let shift = Value.int(offset)
        let selectOffByOffset = Select(indices, indices, description: "q == k + \(offset)") { k, q in
            q == (try k + shift)
        }
        let out = Aggregate(selectOffByOffset, sop, default: nil)
        return out.named("shift_by(\(offset))")
    }

    /// True at the last position of every occurrence of the characters of `pattern`; the first
    /// `count − 1` positions are null. Named `detect_pattern(<pattern>)`, e.g.
    /// `detect_pattern(abc)`.
    public static func detectPattern(_ sop: SOp, _ pattern: String) throws -> SOp {
        try detectPattern(sop, pattern.map { Value.string(String($0)) }, displayName: pattern)
    }

    /// `detectPattern` for a list of values; the name prints the list as Python does
    /// (`detect_pattern([1, 2])`).
    public static func detectPattern(_ sop: SOp, _ pattern: [Value]) throws -> SOp {
        try detectPattern(sop, pattern, displayName: "[" + pattern.map(\.pythonRepr).joined(separator: ", ") + "]")
    }

    private static func detectPattern(_ sop: SOp, _ pattern: [Value], displayName: String) throws -> SOp {
        guard !pattern.isEmpty else { throw ArgumentError.emptyPattern }
        var detectors: [SOp] = []
        for (i, element) in pattern.reversed().enumerated() {
            var detector = sop == element
            if i != 0 { detector = shiftBy(i, detector) }
            detectors.append(detector)
        }
        var patternDetected = detectors.removeLast()
        while let next = detectors.popLast() {
            patternDetected = patternDetected & next
        }
        return patternDetected.named("detect_pattern(\(displayName))")
    }

    /// Number of positions whose token occurs at most `n` times, broadcast. Named
    /// `count_less_freq`.
    public static func makeCountLessFreq(_ n: Int) -> SOp {
        let limit = Value.int(n)
        let hist = makeHist().named("hist")
        let selectLess = Select(hist, hist, description: "k <= \(n)") { k, _ in
            try k.pythonLessThanOrEqual(limit)
        }.named("select_less")
        return SelectorWidth(selectLess).named("count_less_freq")
    }

    /// Occurrences of `token` in `sop`, broadcast. Named `count_<token>`.
    public static func makeCount(_ sop: SOp, _ token: Value) -> SOp {
        SelectorWidth(Select(sop, sop, description: "k == \(token.pythonRepr)") { k, _ in k == token })
            .named("count_\(token)")
    }

    /// Element-wise `f` of several SOps through tuple-valued SequenceMaps:
    /// `values = first`; for each further SOp, `values = SequenceMap((*x, y) if x is a tuple
    /// else (x, y), values, sop)`; then `Map(args ↦ f(args), values)`. With a single SOp, `f`
    /// receives a one-element list.
    public static func makeNarySequenceMap(
        _ f: @escaping @Sendable ([Value]) throws -> Value?, _ first: SOp, _ rest: SOp...
    ) -> SOp {
        makeNarySequenceMap(f, [first] + rest)
    }

    /// ``makeNarySequenceMap(_:_:_:)`` with the SOps as an array (at least one; an empty array
    /// gives `Map(f([]))` over nothing and is a programming error).
    public static func makeNarySequenceMap(_ f: @escaping @Sendable ([Value]) throws -> Value?, _ sops: [SOp]) -> SOp {
        precondition(!sops.isEmpty, "makeNarySequenceMap needs at least one SOp")
        var values = sops[0]
        for sop in sops.dropFirst() {
            values = SequenceMap(
                { x, y in
                    if case .tuple(let elements) = x { return .tuple(elements + [y]) }
                    return .tuple([x, y])
                }, values, sop)
        }
        let arity = sops.count
        return Map(
            { args in
                if arity > 1, case .tuple(let elements) = args { return try f(elements) }
                return try f([args])
            }, values)
    }
}
