import AltaTensors
import RASP

/// What a library program is for, stated in plain Swift without RASP: the expected output for
/// an input, the vocabulary to build it for at a length, and inputs that exercise it.
struct LibraryIntent: Sendable {
    /// Whether outputs are numerical (compared within a tolerance).
    var numerical = false
    /// The vocabulary for a maximum length; `nil` keeps the program's default.
    var vocabulary: @Sendable (Int) -> [Value]? = { _ in nil }
    /// Inputs for a maximum length and vocabulary (at least one of the full length).
    var inputs: @Sendable (inout SplitMix64, Int, [Value]) -> [[Value]] = LibraryIntent.randomInputs
    /// The output the program is for.
    var expected: @Sendable ([Value]) -> [Value?]

    /// The input lengths for a maximum length N: N four times, N − 1, N − 3, N/2 + 1, 2 and 1.
    static func lengths(_ maxSeqLen: Int) -> [Int] {
        [maxSeqLen, maxSeqLen, maxSeqLen, maxSeqLen, maxSeqLen - 1, maxSeqLen - 3, maxSeqLen / 2 + 1, 2, 1].filter { $0 >= 1 }
    }

    /// Uniform random inputs of the ``lengths(_:)``.
    static func randomInputs(_ rng: inout SplitMix64, _ maxSeqLen: Int, _ vocabulary: [Value]) -> [[Value]] {
        lengths(maxSeqLen).map { n in
            (0..<n).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
        }
    }

    /// Every library program's intent, by name.
    static let all: [String: LibraryIntent] = {
        var all: [String: LibraryIntent] = [
            // lib
            "length": LibraryIntent { x in broadcast(.int(x.count), x) },
            "length_numerical": LibraryIntent(numerical: true) { x in broadcast(.int(x.count), x) },
            "reverse": LibraryIntent { x in x.reversed() },
            "hist": LibraryIntent { x in x.map { t in .int(count(t, in: x)) } },
            "sort_unique": LibraryIntent(
                vocabulary: { n in (1...max(n, 5)).map { .int($0) } }, inputs: uniqueInputs
            ) { x in ints(x).sorted().map { .int($0) } },
            "sort": LibraryIntent { x in ints(x).sorted().map { .int($0) } },
            "sort_freq": LibraryIntent { x in
                // Stable by construction: ties keep input order through the index.
                x.indices.sorted { (-count(x[$0], in: x), $0) < (-count(x[$1], in: x), $1) }.map { x[$0] }
            },
            "frac_prevs": LibraryIntent(numerical: true, expected: fractionOfA),
            "pair_balance": LibraryIntent(numerical: true, inputs: dyckInputs(["()"])) { x in
                x.indices.map { i in
                    let prefix = x[...i]
                    return .float(Double(count("(", in: prefix) - count(")", in: prefix)) / Double(i + 1))
                }
            },
            "shuffle_dyck1": LibraryIntent(inputs: dyckInputs(["()"])) { x in broadcast(.bool(balanced(x, ["()"])), x) },
            "shuffle_dyck2": LibraryIntent(inputs: dyckInputs(["()", "{}"])) { x in
                broadcast(.bool(balanced(x, ["()", "{}"])), x)
            },
            "shift_by_1": LibraryIntent { x in shifted(x, by: 1) },
            "shift_by_2": LibraryIntent { x in shifted(x, by: 2) },
            "detect_pattern_abc": LibraryIntent(inputs: patternInputs, expected: detectABC),
            "count_less_freq_2": LibraryIntent(inputs: skewedInputs) { x in
                broadcast(.int(x.filter { count($0, in: x) <= 2 }.count), x)
            },
            "count_a": LibraryIntent { x in broadcast(.int(count("a", in: x)), x) },
            "nary_sequencemap_add": LibraryIntent { x in
                ints(x).enumerated().map { i, t in .int(t + t - i) }
            },
            "nary_sequencemap_muldiv": LibraryIntent { x in
                ints(x).enumerated().map { i, t in .float(Double(i * i) / Double(t)) }
            },
            // primitives
            "prim_map_cat": LibraryIntent { x in ints(x).map { .int($0 + 1) } },
            "prim_map_cat_to_num": LibraryIntent(numerical: true) { x in ints(x).map { .float(0.5 * Double($0)) } },
            "prim_map_num_to_cat": LibraryIntent { x in ints(x).map { .bool($0 >= 2) } },
            "prim_map_num_to_num": LibraryIntent(numerical: true) { x in ints(x).map { .int($0 * $0) } },
            "prim_sequence_map_cat": LibraryIntent { x in ints(x).enumerated().map { i, t in .int(t * i) } },
            "prim_linear_sequence_map": LibraryIntent(numerical: true) { x in
                ints(x).enumerated().map { i, t in .int(2 * t - i) }
            },
            "prim_select_aggregate_const": LibraryIntent { x in broadcast(.int(1), x) },
            "prim_aggregate_num_mean_lt": LibraryIntent(numerical: true) { x in
                x.indices.map { i in i == 0 ? .int(0) : .float(Double(count("a", in: x[..<i])) / Double(i)) }
            },
            // causal (each position sees its prefix)
            "frac_prevs_causal": LibraryIntent(numerical: true, expected: fractionOfA),
            "shift_by_1_causal": LibraryIntent { x in shifted(x, by: 1) },
            "detect_pattern_abc_causal": LibraryIntent(inputs: patternInputs, expected: detectABC),
            "length_causal": LibraryIntent { x in x.indices.map { .int($0 + 1) } },
            // known issues, by their own definitions
            "issue25_double_aggregate": LibraryIntent { x in
                // inner[i] = index t_i when it is a position; outer[i] = inner[t_i] when t_i is a position.
                let n = x.count
                let inner: [Int?] = ints(x).map { t in t < n ? t : nil }
                return ints(x).map { t in t < n ? inner[t].map { .int($0) } : nil }
            },
            "known_cat_to_num_map_negative": LibraryIntent(numerical: true) { x in ints(x).map { .int($0 - 2) } },
            "known_two_selector_widths_same_layer": LibraryIntent(numerical: true, inputs: withUniformInput) { x in
                // 1 where some position's token is not the whole input, else 0.
                broadcast(.int(x.contains { count($0, in: x) < x.count } ? 1 : 0), x)
            },
            "known_mean_value_set_then_map": LibraryIntent { x in
                x.indices.map { i in .bool(Double(count("a", in: x[...i])) / Double(i + 1) > 0.5) }
            },
        ]
        for comparison in Comparison.allCases {
            all["prim_selector_width_\(comparison.tracrName)"] = LibraryIntent { x in
                let t = ints(x)
                return t.map { query in .int(t.filter { key in holds(comparison, key: key, query: query) }.count) }
            }
        }
        return all
    }()

    // MARK: - Statements

    static func broadcast(_ value: Value, _ x: [Value]) -> [Value?] { Array(repeating: value, count: x.count) }

    static func count<C: Collection<Value>>(_ token: Value, in x: C) -> Int { x.filter { $0 == token }.count }

    /// The tokens as ints (a non-int token is dropped, which makes the output the wrong length).
    static func ints(_ x: [Value]) -> [Int] {
        x.compactMap { if case .int(let i) = $0 { i } else { nil } }
    }

    static func shifted(_ x: [Value], by k: Int) -> [Value?] {
        x.indices.map { $0 < k ? nil : x[$0 - k] }
    }

    static func fractionOfA(_ x: [Value]) -> [Value?] {
        x.indices.map { i in .float(Double(count("a", in: x[...i])) / Double(i + 1)) }
    }

    /// Null before the pattern fits, then whether `abc` ends here.
    static func detectABC(_ x: [Value]) -> [Value?] {
        x.indices.map { i in i < 2 ? nil : .bool(x[i - 2] == "a" && x[i - 1] == "b" && x[i] == "c") }
    }

    /// Shuffle-Dyck with one counter per bracket pair: no counter goes below zero, all end at zero.
    static func balanced(_ x: [Value], _ pairs: [String]) -> Bool {
        var depth = Array(repeating: 0, count: pairs.count)
        for token in x {
            for (p, pair) in pairs.enumerated() {
                if token == .string(String(pair.first!)) { depth[p] += 1 }
                if token == .string(String(pair.last!)) { depth[p] -= 1 }
                if depth[p] < 0 { return false }
            }
        }
        return depth.allSatisfy { $0 == 0 }
    }

    static func holds(_ comparison: Comparison, key: Int, query: Int) -> Bool {
        switch comparison {
        case .eq: key == query
        case .lt: key < query
        case .leq: key <= query
        case .gt: key > query
        case .geq: key >= query
        case .neq: key != query
        case .true: true
        case .false: false
        }
    }

    // MARK: - Inputs

    static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int(rng.next() % UInt64(items.count))] }

    /// Distinct tokens (sort_unique needs unique keys), in random order.
    static func uniqueInputs(_ rng: inout SplitMix64, _ maxSeqLen: Int, _ vocabulary: [Value]) -> [[Value]] {
        lengths(maxSeqLen).map { n in
            Array(vocabulary.shuffled(using: &rng).prefix(n))
        }
    }

    /// Random bracket strings and balanced shuffle-Dyck words of even lengths.
    static func dyckInputs(_ pairs: [String]) -> @Sendable (inout SplitMix64, Int, [Value]) -> [[Value]] {
        { rng, maxSeqLen, vocabulary in
            let even = maxSeqLen - maxSeqLen % 2
            let words = [even, even - 2, 2].filter { $0 >= 2 }.map { balancedWord(pairs, length: $0, &rng) }
            return randomInputs(&rng, maxSeqLen, vocabulary) + words
        }
    }

    /// A random balanced shuffle-Dyck word over `pairs` of even `length`.
    static func balancedWord(_ pairs: [String], length: Int, _ rng: inout SplitMix64) -> [Value] {
        var open = Array(repeating: 0, count: pairs.count)
        var word: [Value] = []
        for step in 0..<length {
            let pending = open.reduce(0, +)
            let mustClose = pending == length - step
            let closing = mustClose || (pending > 0 && rng.next() % 2 == 0)
            if closing {
                let p = pick(open.indices.filter { open[$0] > 0 }, &rng)
                open[p] -= 1
                word.append(.string(String(pairs[p].last!)))
            } else {
                let p = pick(Array(pairs.indices), &rng)
                open[p] += 1
                word.append(.string(String(pairs[p].first!)))
            }
        }
        return word
    }

    /// Random inputs plus one of full length with `abc` planted at a random place.
    static func patternInputs(_ rng: inout SplitMix64, _ maxSeqLen: Int, _ vocabulary: [Value]) -> [[Value]] {
        var planted = randomInputs(&rng, maxSeqLen, vocabulary)[0]
        if maxSeqLen >= 3 {
            let at = Int(rng.next() % UInt64(maxSeqLen - 2))
            planted.replaceSubrange(at..<(at + 3), with: ["a", "b", "c"] as [Value])
        }
        return randomInputs(&rng, maxSeqLen, vocabulary) + [planted]
    }

    /// Random inputs plus ones where most positions hold the first token, so that other
    /// tokens occur at most twice.
    static func skewedInputs(_ rng: inout SplitMix64, _ maxSeqLen: Int, _ vocabulary: [Value]) -> [[Value]] {
        let skewed = [maxSeqLen, maxSeqLen - 1].filter { $0 >= 1 }.map { n in
            (0..<n).map { _ in rng.next() % 8 == 0 ? pick(vocabulary, &rng) : vocabulary[0] }
        }
        return randomInputs(&rng, maxSeqLen, vocabulary) + skewed
    }

    /// Random inputs plus one full-length input of a single repeated token.
    static func withUniformInput(_ rng: inout SplitMix64, _ maxSeqLen: Int, _ vocabulary: [Value]) -> [[Value]] {
        randomInputs(&rng, maxSeqLen, vocabulary) + [Array(repeating: vocabulary[0], count: maxSeqLen)]
    }
}
