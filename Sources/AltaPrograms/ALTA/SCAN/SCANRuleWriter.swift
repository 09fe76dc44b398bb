import ALTA

/// Writes the SCAN program's rules with an `MLPBuilder`, one method per processing step
/// (ALTA-EXAMPLES §5.6). Every method runs inside the builder context
/// `processing_step = <its step>`; updates in a step are simultaneous (each rule reads the
/// MLP input).
///
/// Idioms:
/// * ``setFromZero(_:_:)`` — the upstream "set if 0" update: a rule only fires while the
///   target still holds 0 (the clearing steps re-arm it);
/// * ``setInRange(_:_:)`` — skips values outside the pointer range instead of emitting a rule
///   with an invalid value (only unreachable pointer values would produce them).
struct SCANRuleWriter {
    /// The builder whose context starts at `processing_step = step`.
    let x: MLPBuilder
    /// Number of positions (range of every pointer variable).
    let positions: Int

    init(builder: MLPBuilder, positions: Int) {
        self.x = builder
        self.positions = positions
    }

    // MARK: helpers

    /// Runs `body` with `name = value` in the context.
    func when(_ name: String, _ value: Int, _ body: () throws -> Void) throws {
        try x.when(name, is: .int(value), body)
    }

    /// Runs `body` for every value of `name`.
    func forEach(_ name: String, _ body: (Int) throws -> Void) throws {
        try x.forEach(name, body)
    }

    /// `name := value` for every old value of `name` (or the one in the context).
    func set(_ name: String, _ value: Int) throws {
        try x.set(name, value)
    }

    /// `name := value (if 0)`.
    func setFromZero(_ name: String, _ value: Int) throws {
        try when(name, 0) { try x.set(name, value) }
    }

    /// `name := value` when `value` is a valid position (pointer), else nothing.
    func setInRange(_ name: String, _ value: Int) throws {
        guard (0..<positions).contains(value) else { return }
        try x.set(name, value)
    }

    /// `name := value (if 0)` when `value` is a valid position, else nothing.
    func setFromZeroInRange(_ name: String, _ value: Int) throws {
        guard (0..<positions).contains(value) else { return }
        try setFromZero(name, value)
    }

    /// `pointer := pointer + delta` for every pointer value with an in-range result.
    func movePointer(_ name: String, by delta: Int) throws {
        guard delta != 0 else { return }
        try forEach(name) { value in try setInRange(name, value + delta) }
    }

    /// The four stack pointers, all moved together.
    static let stackPointers = ["stack_pointer", "stack_pointer_1", "stack_pointer_2", "stack_pointer_3"]

    // MARK: parsing (steps 0–4)

    /// INIT_PARSE: pointers from the `start` position `st`: stack `st+4` (its top three
    /// entries `st+3…st+1`, the PAD "floor"), tree `st+12`, input `st+68`.
    func initParse() throws {
        try forEach("start_pointer") { start in
            try setFromZeroInRange("stack_pointer", start + SCANLayout.stackOffset)
            try setFromZeroInRange("stack_pointer_1", start + SCANLayout.stackOffset - 1)
            try setFromZeroInRange("stack_pointer_2", start + SCANLayout.stackOffset - 2)
            try setFromZeroInRange("stack_pointer_3", start + SCANLayout.stackOffset - 3)
            try setFromZeroInRange("tree_pointer", start + SCANLayout.treeOffset)
            try setFromZeroInRange("input_pointer", start + SCANLayout.inputOffset)
        }
        try set("processing_step", SCANProgramStep.parse1.rawValue)
    }

    /// PARSE_1: for each grammar rule whose source equals the top of the stack (`and` and
    /// `after` only before `eos`), record its id, length, and the stack depths of its
    /// source nonterminals.
    func parse1() throws {
        for (index, rule) in SCANGrammar.rules.enumerated() {
            // stack_symbol_1 is the top: it must equal the last source symbol.
            let conditions = rule.sourceIDs.reversed().enumerated().map { depth, symbol in
                ("stack_symbol_\(depth + 1)", symbol)
            }
            try nested(conditions) {
                let record = {
                    try setFromZero("matched_rule_id", index)
                    try setFromZero("matched_rule_len", rule.source.count)
                    try setFromZero("matched_rule", 1)
                    try setFromZero("child_0_stack_position", rule.childStackPosition(0))
                    try setFromZero("child_1_stack_position", rule.childStackPosition(1))
                }
                if rule.needsEndOfInput {
                    try when("input_pointer_token", SCANInputToken.eos.id, record)
                } else {
                    try record()
                }
            }
        }
        try set("processing_step", SCANProgramStep.parse2.rawValue)
    }

    /// Runs `body` inside `when` contexts for all `conditions`.
    private func nested(_ conditions: [(String, Int)], _ body: () throws -> Void) throws {
        guard let (name, value) = conditions.first else { return try body() }
        try when(name, value) { try nested(Array(conditions.dropFirst()), body) }
    }

    /// PARSE_2: `child_k_position :=` the tree slot of the stack entry at depth
    /// `child_k_stack_position` (0–2; 3 = no such child).
    func parse2() throws {
        for k in 0..<2 {
            for depth in 0..<3 {
                try when("child_\(k)_stack_position", depth) {
                    try forEach("stack_\(depth + 1)_node_position") { node in
                        try setFromZero("child_\(k)_position", node)
                    }
                }
            }
        }
        try set("processing_step", SCANProgramStep.parse3.rawValue)
    }

    /// PARSE_3: per-position flags for the reduce: the slot receiving the new `S`
    /// (`sp − n`), the popped slots (`sp − n < pos < sp`), the tree slot being written and
    /// the two child nodes.
    func parse3() throws {
        try forEach("position") { position in
            try forEach("stack_pointer") { stackPointer in
                try forEach("matched_rule_len") { length in
                    if position == stackPointer - length {
                        try setFromZero("is_next_nt", 1)
                    }
                    if stackPointer - length < position && position < stackPointer {
                        try setFromZero("should_reset", 1)
                    }
                }
            }
        }
        try forEach("tree_pointer") { treePointer in
            try when("position", treePointer) { try setFromZero("is_tree_pointer", 1) }
        }
        for k in 0..<2 {
            try forEach("child_\(k)_position") { child in
                guard child > 0 else { return }
                try when("position", child) { try setFromZero("is_child_\(k)", 1) }
            }
        }
        try set("processing_step", SCANProgramStep.parse4.rawValue)
    }

    /// PARSE_4: reduce (a rule matched), finish parsing (no match, look-ahead `eos`) or
    /// shift the look-ahead word; then clear the parse registers.
    func parse4() throws {
        try when("matched_rule", 1) {
            // Pop the matched right-hand side except its lowest slot.
            try when("should_reset", 1) {
                try set("symbol_id", SCANSymbol.pad.id)
                try set("tree_node_position", 0)
            }
            // The lowest slot becomes `S`, pointing at the node about to be written.
            try when("is_next_nt", 1) {
                try set("symbol_id", SCANSymbol.nonterminalID)
                try forEach("tree_pointer") { treePointer in
                    try set("tree_node_position", treePointer)
                }
            }
            try forEach("matched_rule_len") { length in
                guard length >= 1 else { return }
                for pointer in SCANRuleWriter.stackPointers {
                    try movePointer(pointer, by: 1 - length)
                }
            }
            // Write the tree node.
            try when("is_tree_pointer", 1) {
                try forEach("matched_rule_id") { rule in try setFromZero("rule_id", rule + 1) }
                for k in 0..<2 {
                    try forEach("child_\(k)_position") { child in
                        try setFromZero("tree_child_\(k)", child)
                    }
                }
            }
            // Link the children to it.
            try forEach("is_child_0") { isChild0 in
                try forEach("is_child_1") { isChild1 in
                    guard isChild0 == 1 || isChild1 == 1 else { return }
                    try forEach("tree_pointer") { treePointer in
                        try setFromZero("tree_parent", treePointer)
                    }
                }
            }
            try movePointer("tree_pointer", by: 1)
            try set("processing_step", SCANProgramStep.parse1.rawValue)
        }
        try when("matched_rule", 0) {
            try forEach("input_pointer_token") { token in
                if token == SCANInputToken.eos.id {
                    try set("processing_step", SCANProgramStep.initDecode.rawValue)
                    return
                }
                guard let word = SCANWord(inputID: token) else { return }
                try movePointer("input_pointer", by: 1)
                try forEach("stack_pointer") { stackPointer in
                    try when("position", stackPointer) { try set("symbol_id", word.symbolID) }
                }
                for pointer in SCANRuleWriter.stackPointers {
                    try movePointer(pointer, by: 1)
                }
                try set("processing_step", SCANProgramStep.parse1.rawValue)
            }
        }
        for name in [
            "matched_rule", "matched_rule_id", "matched_rule_len", "is_next_nt", "is_child_0",
            "is_child_1", "is_tree_pointer", "should_reset", "child_0_stack_position",
            "child_1_stack_position", "child_0_position", "child_1_position",
        ] {
            try set(name, 0)
        }
    }
}
