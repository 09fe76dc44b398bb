import ALTA
import AltaTransformer

/// Tracr's "sort unique" in ALTA (ALTA-EXAMPLES.md §4): BOS (token 0) then up to 15 distinct
/// numbers 1…15.
///
/// Layer 1: a numerical head with the set query "all tokens ≤ mine, plus BOS" averages a BOS
/// indicator, giving 1/(1 + rank); the MLP stores `target_pos = rank`. Layer 2: a categorical
/// head fetches the token whose `target_pos` equals my index and the MLP copies it into the
/// output. Exactly 2 layers, no halting.
///
/// Unlike the original (function form only, numerical variables without buckets), `bos` and
/// `x` have buckets, so rules can be generated from the function and the program compiled.
/// The output variable is spelled `program_output` (the original has `program_ouput`).
public enum ALTASortUnique {
    /// BOS token id.
    public static let bos = 0
    /// Vocabulary size and position-table size.
    public static let range = 16

    /// The set query of a token: `{0}` for BOS, else `{0, 1, …, t}`.
    public static func query(for token: Int) -> Set<Int> {
        token == bos ? [bos] : Set(0...token)
    }

    /// The MLP as a function.
    public static let function = ALTAMLPFunction { z in
        if try z.int("state") == 0 {
            try z.set("target_pos", Int((1 / (try z.number("x"))).rounded()) - 1)
            try z.set("state", 1)
        } else {
            try z.set("program_output", try z.int("output"))
        }
    }

    /// The variables the function reads or writes (the generator enumerates only these).
    public static let functionVariables = ["state", "target_pos", "program_output", "x", "output"]

    static func schema() throws -> ALTASchema {
        let queries = (0..<range).map(query(for:))
        return try ALTASchema(
            inputRange: range, positionRange: range,
            variables: [
                .input("inputs", range: range),
                .position("indices", range: range),
                .categorical("state", range: 2),
                .set("target_pos_query", range: range, values: queries, fromToken: { query(for: $0) }),
                .numerical("bos", buckets: [0, 1], fromPosition: { $0 == 0 ? 1 : 0 }),
                .categorical("target_pos", range: range),
                .categorical("program_output", range: range),
            ],
            heads: [
                .qkv("x", query: "target_pos_query", key: "inputs", value: "bos",
                     outputKind: .numerical(buckets: (1...range).map { 1 / Double($0) }.sorted())),
                .qkv("output", query: "indices", key: "target_pos", value: "inputs"),
            ])
    }

    /// The sort-unique program (default: rules generated from the function over
    /// `functionVariables` and minimised).
    public static func program(form: ALTAMLPForm = .generated(minimised: true), name: String = "sort_unique") throws -> ALTAProgram {
        let schema = try schema()
        switch form {
        case .function:
            return try ALTAProgram(name: name, schema: schema, function: function, output: "program_output")
        case .generated(let minimised):
            return try ALTAProgram(name: name, schema: schema, generatingRulesFrom: function,
                                   enumerating: functionVariables, minimise: minimised, output: "program_output")
        case .rules:
            let x = MLPBuilder(schema: schema)
            try x.forEach("state") { state in
                if state == 0 {
                    try x.forEachNumber("x") { inverse in try x.set("target_pos", Int((1 / inverse).rounded()) - 1) }
                    try x.set("state", 1)
                } else {
                    try x.forEach("output") { try x.set("program_output", $0) }
                }
            }
            return try ALTAProgram(name: name, schema: schema, rules: x.rules, output: "program_output")
        }
    }

    // MARK: input and output

    /// The name of each input token id: BOS (id 0), then the numbers 1…15.
    public static let inputTokens = ["BOS"] + (1..<range).map(String.init)

    /// The text interface: up to 15 distinct numbers 1…15 separated by spaces or commas,
    /// after BOS; the result is the output at every position but BOS, space-separated.
    public static let textEncoding = TextEncoding(
        input: InputTextEncoding(
            split: .whitespace, skipped: ",", pieces: (1..<range).map(String.init), prefix: ["BOS"],
            maxPieces: range - 1, distinct: true),
        output: OutputTextDecoding(skipFirst: 1, nulls: .reject))

    /// Encodes a list of numbers (the library entry's encoding).
    public static func encode(_ text: String) throws -> [Int] {
        try ALTALibrary.sortUnique.encode(text)
    }

    /// The sorted numbers (the library entry's decoding).
    public static func decode(_ output: [ALTAValue?]) throws -> String {
        try ALTALibrary.sortUnique.decode(output)
    }
}
