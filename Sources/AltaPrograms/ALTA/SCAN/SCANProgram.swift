import ALTA

/// The SCAN ALTA program (`examples/scan/scan_sparse_program.py`, ALTA-EXAMPLES §5): a
/// shift-reduce parser for the 20-rule SCAN QCFG whose stack and parse tree live in the
/// input's `memory` positions, followed by a depth-first tree walk that writes the actions
/// into the output buffer — all executed by one shared layer under a global
/// `processing_step` register.
///
/// 35 declared variables + 13 categorical head outputs = 48 variables, rule-form MLP.
///
/// ```swift
/// let program = try SCANProgram.make()                       // maxPadding 0, 78 positions
/// let input = try SCANProgram.encode(command: "jump twice")  // token ids
/// // run `program` on `input` with the ALTA interpreter, then
/// let actions = try SCANProgram.decode(outputs: outputValues) // [.jump, .jump]
/// ```
///
/// Differences from the original, all invisible on valid inputs: rules whose new value would
/// fall outside the variable's range are not emitted (the original emits them — ALTA.md §15
/// item 7 — and they can only fire from unreachable pointer values); a stored rule id of 0
/// gets no decode rules (the original reads it as Python index −1); only command words are
/// shifted; and the program halts when `processing_step = DONE` everywhere (the original has
/// no halt spec, DONE being a fixed point), so interpreters stop at the layer count of
/// ALTA-EXAMPLES §5.7.
public enum SCANProgram {
    /// Registry name.
    public static let name = "scan"

    /// Builds the program for inputs with at most `maxPadding` left padding tokens
    /// (`78 + maxPadding` positions). Throws ``SCANError/invalidMaxPadding(_:)`` for a
    /// negative `maxPadding`.
    public static func make(maxPadding: Int = 0) throws -> ALTAProgram {
        let schema = try makeSchema(maxPadding: maxPadding)
        let rules = try stepRules(schema: schema, maxPadding: maxPadding).flatMap(\.rules)
        return try ALTAProgram(
            name: name, schema: schema, rules: rules, output: "output_symbol_id",
            halt: ALTAHalt("processing_step", equals: .int(SCANProgramStep.done.rawValue)))
    }

    /// The input token ids for `command` (words separated by spaces) with `padding` left
    /// padding tokens (`padding ≤ maxPadding` of the program that will run it).
    public static func encode(command: String, padding: Int = 0, maxPadding: Int = 0) throws(SCANError) -> [Int] {
        try SCANLayout(maxPadding: maxPadding).encode(command: command, padding: padding)
    }

    /// The input token ids for `command`.
    public static func encode(_ command: [SCANWord], padding: Int = 0, maxPadding: Int = 0) throws(SCANError) -> [Int] {
        try SCANLayout(maxPadding: maxPadding).encode(command, padding: padding)
    }

    /// Decodes the output variable (`output_symbol_id` at every position): zeros and nulls
    /// are dropped, action symbol ids become actions; anything else throws.
    public static func decode(outputs: [ALTAValue?]) throws(SCANError) -> [SCANAction] {
        var ids: [Int?] = []
        for (position, value) in outputs.enumerated() {
            switch value {
            case nil: ids.append(nil)
            case .int(let id)?: ids.append(id)
            case let other?: throw .nonCategoricalOutput(position: position, value: other.description)
            }
        }
        return try SCANLayout.decode(outputs: ids)
    }

    /// The program's variables and heads (ALTA-EXAMPLES §5.4–§5.5).
    public static func makeSchema(maxPadding: Int = 0) throws -> ALTASchema {
        let positions = try SCANLayout(maxPadding: maxPadding).positionCount
        let symbols = SCANSymbol.count
        let variables: [ALTAVariableDeclaration] = [
            .input("token", range: SCANInputToken.count),
            .position("position", range: positions),
            .categorical("processing_step", range: SCANProgramStep.allCases.count),
            .categorical("matched_rule_id", range: SCANGrammar.rules.count),
            .categorical("matched_rule_len", range: 4),
            .categorical("matched_rule", range: 2),
            .categorical("child_0_stack_position", range: 4),
            .categorical("child_1_stack_position", range: 4),
            .categorical("decode_symbol", range: symbols),
            .categorical("current_node_is_root", range: 2),
            .categorical("decode_action", range: SCANDecodeAction.allCases.count),
            .categorical("child_0_position", range: positions),
            .categorical("child_1_position", range: positions),
            .categorical("start_token_id", range: SCANInputToken.count,
                         default: SCANInputToken.start.id),
            .categorical("stack_pointer", range: positions),
            .categorical("tree_pointer", range: positions),
            .categorical("input_pointer", range: positions),
            .categorical("rule_id", range: SCANGrammar.rules.count + 1),
            .categorical("symbol_id", range: symbols),
            .categorical("stack_pointer_1", range: positions),
            .categorical("stack_pointer_2", range: positions),
            .categorical("stack_pointer_3", range: positions),
            .categorical("tree_node_position", range: positions),
            .categorical("tree_child_0", range: positions),
            .categorical("tree_child_1", range: positions),
            .categorical("tree_parent", range: positions),
            .categorical("is_child_0", range: 2),
            .categorical("is_child_1", range: 2),
            .categorical("is_next_nt", range: 2),
            .categorical("should_reset", range: 2),
            .categorical("is_tree_pointer", range: 2),
            .categorical("output_pointer", range: positions),
            .categorical("output_symbol_id", range: symbols),
            .categorical("symbol_index", range: SCANGrammar.maxTargetLength + 1),
            .categorical("current_node_pointer", range: positions),
        ]
        let heads: [ALTAHeadDeclaration] = [
            .qkv("start_pointer", query: "start_token_id", key: "token", value: "position"),
            .qkv("input_pointer_token", query: "input_pointer", key: "position", value: "token"),
            .qkv("stack_symbol_1", query: "stack_pointer_1", key: "position", value: "symbol_id"),
            .qkv("stack_symbol_2", query: "stack_pointer_2", key: "position", value: "symbol_id"),
            .qkv("stack_symbol_3", query: "stack_pointer_3", key: "position", value: "symbol_id"),
            .qkv("stack_1_node_position", query: "stack_pointer_1", key: "position",
                 value: "tree_node_position"),
            .qkv("stack_2_node_position", query: "stack_pointer_2", key: "position",
                 value: "tree_node_position"),
            .qkv("stack_3_node_position", query: "stack_pointer_3", key: "position",
                 value: "tree_node_position"),
            .qkv("current_node_rule_id", query: "current_node_pointer", key: "position",
                 value: "rule_id"),
            .qkv("current_node_child_0", query: "current_node_pointer", key: "position",
                 value: "tree_child_0"),
            .qkv("current_node_child_1", query: "current_node_pointer", key: "position",
                 value: "tree_child_1"),
            .qkv("current_node_parent", query: "current_node_pointer", key: "position",
                 value: "tree_parent"),
            .qkv("current_node_symbol_index", query: "current_node_pointer", key: "position",
                 value: "symbol_index"),
        ]
        return try ALTASchema(
            inputRange: SCANInputToken.count, positionRange: positions,
            variables: variables, heads: heads)
    }

    /// The program's rules grouped by the processing step they are conditioned on
    /// (without the automatic head-output resets, which `ALTAProgram` appends).
    public static func stepRules(
        schema: ALTASchema, maxPadding: Int = 0
    ) throws -> [(step: SCANProgramStep, rules: [ALTARule])] {
        let positions = try SCANLayout(maxPadding: maxPadding).positionCount
        var result: [(step: SCANProgramStep, rules: [ALTARule])] = []
        for step in SCANProgramStep.allCases where step != .done {
            let builder = MLPBuilder(schema: schema)
            let writer = SCANRuleWriter(builder: builder, positions: positions)
            try builder.when("processing_step", is: .int(step.rawValue)) {
                switch step {
                case .initParse: try writer.initParse()
                case .parse1: try writer.parse1()
                case .parse2: try writer.parse2()
                case .parse3: try writer.parse3()
                case .parse4: try writer.parse4()
                case .initDecode: try writer.initDecode()
                case .decode1: try writer.decode1()
                case .decode2: try writer.decode2()
                case .decode3: try writer.decode3()
                case .done: break
                }
            }
            result.append((step, builder.rules))
        }
        return result
    }
}
