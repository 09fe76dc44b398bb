import RASP

/// What a library program is for, stated in plain Swift without RASP: the expected output for
/// an input. (The inputs, vocabularies and lengths it is checked at are the entry's own.)
struct LibraryIntent: Sendable {
    /// Whether outputs are numerical (compared within a tolerance).
    var numerical = false
    /// The output the program is for.
    var expected: @Sendable ([Value]) -> [Value?]

    /// Every library program's intent, by name.
    static let all: [String: LibraryIntent] = {
        var all: [String: LibraryIntent] = [
            // lib
            "length": LibraryIntent { x in broadcast(.int(x.count), x) },
            "length_numerical": LibraryIntent(numerical: true) { x in broadcast(.int(x.count), x) },
            "reverse": LibraryIntent { x in x.reversed() },
            "hist": LibraryIntent { x in x.map { t in .int(count(t, in: x)) } },
            "sort_unique": LibraryIntent { x in ints(x).sorted().map { .int($0) } },
            "sort": LibraryIntent { x in ints(x).sorted().map { .int($0) } },
            "sort_freq": LibraryIntent { x in
                // Stable by construction: ties keep input order through the index.
                x.indices.sorted { (-count(x[$0], in: x), $0) < (-count(x[$1], in: x), $1) }.map { x[$0] }
            },
            "frac_prevs": LibraryIntent(numerical: true, expected: fractionOfA),
            "pair_balance": LibraryIntent(numerical: true) { x in
                x.indices.map { i in
                    let prefix = x[...i]
                    return .float(Double(count("(", in: prefix) - count(")", in: prefix)) / Double(i + 1))
                }
            },
            "shuffle_dyck1": LibraryIntent { x in broadcast(.bool(balanced(x, ["()"])), x) },
            "shuffle_dyck2": LibraryIntent { x in
                broadcast(.bool(balanced(x, ["()", "{}"])), x)
            },
            "shift_by_1": LibraryIntent { x in shifted(x, by: 1) },
            "shift_by_2": LibraryIntent { x in shifted(x, by: 2) },
            "detect_pattern_abc": LibraryIntent(expected: detectABC),
            "count_less_freq_2": LibraryIntent { x in
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
            "detect_pattern_abc_causal": LibraryIntent(expected: detectABC),
            "length_causal": LibraryIntent { x in x.indices.map { .int($0 + 1) } },
            // known issues, by their own definitions
            "issue25_double_aggregate": LibraryIntent { x in
                // inner[i] = index t_i when it is a position; outer[i] = inner[t_i] when t_i is a position.
                let n = x.count
                let inner: [Int?] = ints(x).map { t in t < n ? t : nil }
                return ints(x).map { t in t < n ? inner[t].map { .int($0) } : nil }
            },
            "known_cat_to_num_map_negative": LibraryIntent(numerical: true) { x in ints(x).map { .int($0 - 2) } },
            "known_two_selector_widths_same_layer": LibraryIntent(numerical: true) { x in
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
}
