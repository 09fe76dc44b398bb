import ALTA

/// The parity programs of the ALTA paper (ALTA-EXAMPLES.md §1): output 1 when the bit string
/// has an odd number of ones.
///
/// * sequential, absolute positions — a "done" wave moves right one position per layer and
///   each position XORs its bit with its left neighbour's prefix parity; halts after
///   max(1, N − 1) layers for N bits; input = the bits (at most `maxInputLength`);
/// * sequential, relative positions — the same with `relative` heads and a START token; halts
///   after N layers; input = START + bits;
/// * sum mod 2 — one numerical head computes 1/(ones + 1), the MLP turns it into the parity
///   in one layer; input = bits + EOS;
/// * sum mod 2 with an intermediate variable — stores the count of ones in a categorical
///   variable first (2 layers); input = bits + EOS.
public enum ALTAParity {
    /// START token of the relative program (id 2).
    public static let start = 2
    /// EOS token of the sum-mod-2 programs (id 2).
    public static let eos = 2

    // MARK: MLP functions

    /// The sequential MLP: if not done and the left neighbour is done, XOR in its parity and
    /// become done.
    public static let sequentialFunction = ALTAMLPFunction { z in
        if try z.int("done") != 1, try z.int("done_left") == 1 {
            try z.set("parity", try z.int("parity_left") ^ z.int("parity"))
            try z.set("done", 1)
        }
    }

    /// The sequential rules (the original's `parity_sparse`): 3 rules.
    static func sequentialRules(_ x: MLPBuilder) throws {
        try x.forEach("done") { done in
            guard done != 1 else { return }
            try x.forEach("done_left") { doneLeft in
                guard doneLeft == 1 else { return }
                try x.set("done", 1)
                try x.forEach("parity_left", "parity") { left, own in try x.set("parity", left ^ own) }
            }
        }
    }

    static func program(
        name: String, schema: ALTASchema, form: ALTAMLPForm, function: ALTAMLPFunction,
        rules: (MLPBuilder) throws -> Void, enumerating: [String]? = nil, output: String, halt: ALTAHalt?
    ) throws -> ALTAProgram {
        switch form {
        case .function:
            return try ALTAProgram(name: name, schema: schema, function: function, output: output, halt: halt)
        case .rules:
            let builder = MLPBuilder(schema: schema)
            try rules(builder)
            return try ALTAProgram(name: name, schema: schema, rules: builder.rules, output: output, halt: halt)
        case .generated(let minimised):
            return try ALTAProgram(name: name, schema: schema, generatingRulesFrom: function, enumerating: enumerating,
                                   minimise: minimised, output: output, halt: halt)
        }
    }

    // MARK: programs

    /// Sequential parity with absolute positions (ALTA-EXAMPLES.md §1.1).
    /// - Parameter halting: halt when `done == 1` everywhere (the original's
    ///   `dynamic_halting`).
    public static func sequentialAbsolute(
        form: ALTAMLPForm, maxInputLength: Int = 50, halting: Bool = true, name: String? = nil
    ) throws -> ALTAProgram {
        let schema = try ALTASchema(
            inputRange: 2, positionRange: maxInputLength,
            variables: [
                .input("parity", range: 2),
                .categorical("done", range: 2, fromPosition: { $0 == 0 ? 1 : 0 }),
                .position("idx", range: maxInputLength),
                .categorical("idx_left", range: maxInputLength, fromPosition: { max(0, $0 - 1) }),
            ],
            heads: [
                .qkv("parity_left", query: "idx_left", key: "idx", value: "parity"),
                .qkv("done_left", query: "idx_left", key: "idx", value: "done"),
            ])
        return try program(name: name ?? defaultName("parity_sequential_absolute", form), schema: schema, form: form,
                           function: sequentialFunction, rules: sequentialRules, output: "parity",
                           halt: halting ? ALTAHalt("done", equals: 1) : nil)
    }

    /// Sequential parity with relative positions (ALTA-EXAMPLES.md §1.2).
    public static func sequentialRelative(form: ALTAMLPForm, halting: Bool = true, name: String? = nil) throws -> ALTAProgram {
        let schema = try ALTASchema(
            inputRange: 3,
            variables: [
                .categorical("parity", range: 2, fromToken: { $0 == start ? 0 : $0 }),
                .categorical("done", range: 2, fromToken: { $0 == start ? 1 : 0 }),
            ],
            heads: [
                .relative("parity_left", value: "parity", offset: -1),
                .relative("done_left", value: "done", offset: -1),
            ])
        return try program(name: name ?? defaultName("parity_sequential_relative", form), schema: schema, form: form,
                           function: sequentialFunction, rules: sequentialRules, output: "parity",
                           halt: halting ? ALTAHalt("done", equals: 1) : nil)
    }

    /// The bucket centres `1/k` (k = 1…n), ascending.
    static func inverseBuckets(_ n: Int, scale: Double = 1) -> [Double] {
        (1...max(n, 1)).map { scale / Double($0) }.sorted()
    }

    /// Sum-mod-2 parity in one layer (ALTA-EXAMPLES.md §1.3). The head output is called `x`
    /// in the function and generated forms and `inv_num_ones` in the rule form, as in the
    /// original. At most `maxInputLength − 1` ones are supported.
    public static func sumMod2(form: ALTAMLPForm, maxInputLength: Int? = nil, name: String? = nil) throws -> ALTAProgram {
        let length = maxInputLength ?? (form == .rules ? 100 : 50)
        let head = form == .rules ? "inv_num_ones" : "x"
        let schema = try ALTASchema(
            inputRange: 3,
            variables: [
                .categorical("parity", range: 2),
                .numerical("eos", buckets: [0, 1], fromToken: { $0 == eos ? 1 : 0 }),
                .categorical("eos_or_one", range: 2, fromToken: { $0 == 1 || $0 == eos ? 1 : 0 }),
                .categorical("query", range: 2, default: 1),
            ],
            heads: [
                .qkv(head, query: "query", key: "eos_or_one", value: "eos",
                     outputKind: .numerical(buckets: inverseBuckets(length))),
            ])
        let function = ALTAMLPFunction { z in
            let ones = Int((1 / (try z.number("x"))).rounded()) - 1
            try z.set("parity", ones % 2)
        }
        let rules: (MLPBuilder) throws -> Void = { x in
            try x.forEachNumber(head) { inverse in
                let ones = Int((1 / inverse).rounded()) - 1
                try x.set("parity", ones % 2)
            }
        }
        return try program(name: name ?? defaultName("parity_sum_mod_2_direct", form), schema: schema, form: form,
                           function: function, rules: rules, output: "parity", halt: nil)
    }

    /// Sum-mod-2 parity with an intermediate categorical count and the EOS signal scaled by
    /// 1000 (ALTA-EXAMPLES.md §1.4; the original registers it as `parity_sum_mod_2`); 2 layers.
    public static func sumMod2Intermediate(form: ALTAMLPForm, maxInputLength: Int = 50, name: String? = nil) throws -> ALTAProgram {
        let scale = 1000.0
        let schema = try ALTASchema(
            inputRange: 3,
            variables: [
                .categorical("state", range: 3),
                .categorical("parity", range: 2),
                .numerical("eos", buckets: [0, scale], fromToken: { $0 == eos ? scale : 0 }),
                .categorical("num_ones", range: maxInputLength + 1),
                .categorical("eos_or_one", range: 2, fromToken: { $0 == 1 || $0 == eos ? 1 : 0 }),
                .categorical("query", range: 2, default: 1),
            ],
            heads: [
                .qkv("x", query: "query", key: "eos_or_one", value: "eos",
                     outputKind: .numerical(buckets: inverseBuckets(maxInputLength, scale: scale))),
            ])
        let function = ALTAMLPFunction { z in
            if try z.int("state") == 0 {
                try z.set("num_ones", Int((scale / (try z.number("x"))).rounded()) - 1)
                try z.set("state", 1)
            } else {
                try z.set("parity", try z.int("num_ones") % 2)
            }
        }
        let rules: (MLPBuilder) throws -> Void = { x in
            try x.forEach("state") { state in
                if state == 0 {
                    try x.forEachNumber("x") { value in
                        try x.set("num_ones", Int((scale / value).rounded()) - 1)
                    }
                    try x.set("state", 1)
                } else {
                    try x.forEach("num_ones") { ones in try x.set("parity", ones % 2) }
                }
            }
        }
        return try program(name: name ?? defaultName("parity_sum_mod_2", form), schema: schema, form: form,
                           function: function, rules: rules, output: "parity", halt: nil)
    }

    static func defaultName(_ base: String, _ form: ALTAMLPForm) -> String {
        switch form {
        case .rules: return "sparse_" + base
        case .function: return base + "_function"
        case .generated: return base
        }
    }

    // MARK: input and output
}
