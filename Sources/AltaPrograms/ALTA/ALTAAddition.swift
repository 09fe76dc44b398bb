import ALTA
import AltaTransformer

/// Multi-digit addition of two equal-length numbers with a ripple carry (ALTA-EXAMPLES.md §2).
///
/// Input `s a₁…aₙ + b₁…bₙ e` (operands zero-padded to equal length). Three pointer flags
/// (`ptr_a`, `ptr_b`, `ptr_out`) start on the last digits and move left one position per layer
/// (every position copies its right neighbour's flags); two global heads read the digits under
/// the pointers; the carry is a global register. Result digits land on b's positions, the final
/// carry on `+`. Halts after n + 3 layers (1 INIT, n ITERATE, 1 that sees `s`, 1 FINALIZE).
public enum ALTAAddition {
    /// Token ids: digits 0–9, then `s` (start), `+`, `e` (end).
    public static let startToken = 10
    /// The `+` token.
    public static let addToken = 11
    /// The `e` token.
    public static let endToken = 12
    /// Vocabulary size.
    public static let inputRange = 13

    /// Step register values.
    public enum Step {
        /// Set up the pointers.
        public static let initialise = 0
        /// Add one column per layer.
        public static let iterate = 1
        /// Write the final carry.
        public static let finalise = 2
        /// Halted.
        public static let done = 3
    }

    static var variables: [ALTAVariableDeclaration] {
        [
            .input("token", range: inputRange),
            .categorical("step", range: 4),
            .categorical("ptr_a", range: 2),
            .categorical("ptr_b", range: 2),
            .categorical("ptr_out", range: 2),
            .categorical("value_carry", range: 10),
            .categorical("value_out", range: 10),
            .categorical("one", range: 2, default: 1),
        ]
    }

    static var heads: [ALTAHeadDeclaration] {
        [
            .relative("token_right", value: "token", offset: 1),
            .relative("ptr_a_right", value: "ptr_a", offset: 1),
            .relative("ptr_b_right", value: "ptr_b", offset: 1),
            .relative("ptr_out_right", value: "ptr_out", offset: 1),
            .qkv("ptr_a_token", query: "one", key: "ptr_a", value: "token"),
            .qkv("ptr_b_token", query: "one", key: "ptr_b", value: "token"),
        ]
    }

    /// The addition program. `.rules` mirrors the original's `build_sparse_program_spec`
    /// (16,466 rules), `.function` its `build_program_spec`; `.generated` would enumerate
    /// about 10⁹ assignments and fails with `enumerationTooLarge`.
    public static func program(form: ALTAMLPForm = .rules, name: String = "addition") throws -> ALTAProgram {
        let schema = try ALTASchema(inputRange: inputRange, variables: variables, heads: heads)
        let halt = ALTAHalt("step", equals: .int(Step.done))
        switch form {
        case .rules:
            let builder = MLPBuilder(schema: schema)
            try addRules(builder)
            return try ALTAProgram(name: name, schema: schema, rules: builder.rules, output: "value_out", halt: halt)
        case .function:
            return try ALTAProgram(name: name, schema: schema, function: function, output: "value_out", halt: halt)
        case .generated(let minimised):
            return try ALTAProgram(name: name, schema: schema, generatingRulesFrom: function, minimise: minimised,
                                   output: "value_out", halt: halt)
        }
    }

    /// The MLP as a function.
    public static let function = ALTAMLPFunction { z in
        switch try z.int("step") {
        case Step.initialise:
            // At `e` the right neighbour is null, so it is only read elsewhere.
            if try z.int("token") != endToken {
                let right = try z.int("token_right")
                if right == endToken {
                    try z.set("ptr_b", 1)
                    try z.set("ptr_out", 1)
                }
                if right == addToken { try z.set("ptr_a", 1) }
            }
            try z.set("step", Step.iterate)
        case Step.iterate:
            let digitA = try z.int("ptr_a_token")
            if digitA == startToken {
                try z.set("step", Step.finalise)
            } else {
                let sum = try z.int("value_carry") + digitA + z.int("ptr_b_token")
                if try z.int("ptr_out") == 1 { try z.set("value_out", sum % 10) }
                try z.set("value_carry", sum / 10)
                if try z.int("token") != endToken {
                    try z.set("ptr_out", try z.int("ptr_out_right"))
                    try z.set("ptr_a", try z.int("ptr_a_right"))
                    try z.set("ptr_b", try z.int("ptr_b_right"))
                }
            }
        case Step.finalise:
            if try z.int("ptr_out") == 1 { try z.set("value_out", try z.int("value_carry")) }
            try z.set("step", Step.done)
        default:
            break
        }
    }

    /// The rules, built like the original's `add_rules`.
    static func addRules(_ x: MLPBuilder) throws {
        try x.forEach("step") { step in
            switch step {
            case Step.initialise:
                try x.forEach("token", "token_right") { token, right in
                    guard token != endToken else { return }
                    if right == endToken {
                        try x.set("ptr_b", 1)
                        try x.set("ptr_out", 1)
                    }
                    if right == addToken { try x.set("ptr_a", 1) }
                }
                try x.set("step", Step.iterate)
            case Step.iterate:
                try x.forEach("ptr_a_token") { digitA in
                    if digitA == startToken {
                        try x.set("step", Step.finalise)
                        return
                    }
                    try x.forEach("value_carry", "ptr_b_token") { carry, digitB in
                        let sum = carry + digitA + digitB
                        try x.forEach("ptr_out") { out in
                            if out == 1 { try x.set("value_out", sum % 10) }
                        }
                        try x.set("value_carry", sum / 10)
                    }
                    try x.forEach("token") { token in
                        guard token != endToken else { return }
                        try x.forEach("ptr_out_right") { try x.set("ptr_out", $0) }
                        try x.forEach("ptr_a_right") { try x.set("ptr_a", $0) }
                        try x.forEach("ptr_b_right") { try x.set("ptr_b", $0) }
                    }
                }
            case Step.finalise:
                try x.forEach("ptr_out") { out in
                    guard out == 1 else { return }
                    try x.forEach("value_carry") { try x.set("value_out", $0) }
                }
                try x.set("step", Step.done)
            default:
                break
            }
        }
    }

    // MARK: input and output

    /// Tokens of `s a + b e` with a and b zero-padded to equal length.
    public static func tokens(_ a: String, _ b: String) -> [Int] {
        let n = max(a.count, b.count)
        let padA = String(repeating: "0", count: n - a.count) + a
        let padB = String(repeating: "0", count: n - b.count) + b
        let digits = { (s: String) in s.compactMap { $0.wholeNumberValue } }
        return [startToken] + digits(padA) + [addToken] + digits(padB) + [endToken]
    }

    /// The name of each input token id: the digits, then START, `+` and END.
    public static let inputTokens = (0...9).map(String.init) + ["START", "+", "END"]

    /// The text interface: `a+b` read per character (spaces ignored), the shorter operand
    /// zero-padded, framed as `START a + b END`; the sum is `value_out` of every position
    /// but the last, digits joined without leading zeros.
    public static let textEncoding: TextEncoding = {
        let digits = (0...9).map(String.init)
        return TextEncoding(
            input: InputTextEncoding(
                split: .characters, pieces: digits, prefix: ["START"], suffix: ["END"],
                groups: .init(separator: "+", count: 2, pad: "0", name: "operand")),
            output: OutputTextDecoding(
                skipLast: 1, values: Dictionary(uniqueKeysWithValues: digits.map { ($0, $0) }),
                nulls: .reject, separator: "", stripLeadingZeros: true))
    }()

    /// Encodes `"a+b"` (the library entry's encoding).
    public static func encode(_ text: String) throws -> [Int] {
        try ALTALibrary.addition.encode(text)
    }

    /// Reads the sum (the library entry's decoding).
    public static func decode(_ output: [ALTAValue?]) throws -> String {
        try ALTALibrary.addition.decode(output)
    }
}
