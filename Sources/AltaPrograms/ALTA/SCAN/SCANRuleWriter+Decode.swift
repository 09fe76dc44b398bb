import ALTA

extension SCANRuleWriter {
    // MARK: decoding (steps 5–8)

    /// INIT_DECODE: output pointer `start + 20`; the tree pointer steps back to the root
    /// (the last node written), which becomes the current node.
    func initDecode() throws {
        try forEach("start_pointer") { start in
            try setFromZeroInRange("output_pointer", start + SCANLayout.outputOffset)
        }
        try forEach("tree_pointer") { treePointer in
            guard treePointer >= 1 else { return }
            try set("tree_pointer", treePointer - 1)
            try set("current_node_pointer", treePointer - 1)
        }
        try set("processing_step", SCANProgramStep.decode1.rawValue)
    }

    /// DECODE_1: from the current node's rule and symbol index `j` choose PARENT (all target
    /// symbols done), COPY (an action at `j`, with its symbol) or CHILD_k (an `S` at `j`
    /// expanding source child k); flag whether the current node is the root.
    func decode1() throws {
        try forEach("tree_pointer") { treePointer in
            try when("current_node_pointer", treePointer) {
                try setFromZero("current_node_is_root", 1)
            }
        }
        try forEach("current_node_rule_id") { storedRule in
            // A stored id of 0 is an empty tree slot: no rule applies.
            guard storedRule >= 1 else { return }
            let rule = SCANGrammar.rules[storedRule - 1]
            try forEach("current_node_symbol_index") { j in
                if j == rule.target.count {
                    try setFromZero("decode_action", SCANDecodeAction.parent.rawValue)
                } else if j < rule.target.count {
                    if let child = rule.targetChild[j] {
                        let action: SCANDecodeAction = child == 0 ? .child0 : .child1
                        try setFromZero("decode_action", action.rawValue)
                    } else {
                        try setFromZero("decode_action", SCANDecodeAction.copy.rawValue)
                        try setFromZero("decode_symbol", rule.targetIDs[j])
                    }
                }
            }
        }
        try set("processing_step", SCANProgramStep.decode2.rawValue)
    }

    /// DECODE_2: PARENT at the root ends decoding (DONE); otherwise execute (DECODE_3).
    func decode2() throws {
        try forEach("decode_action") { action in
            try forEach("current_node_is_root") { isRoot in
                let finished = action == SCANDecodeAction.parent.rawValue && isRoot == 1
                try set("processing_step",
                        (finished ? SCANProgramStep.done : SCANProgramStep.decode3).rawValue)
            }
        }
        try set("current_node_is_root", 0)
    }

    /// DECODE_3: execute the chosen action, then clear the decode registers.
    func decode3() throws {
        try when("decode_action", SCANDecodeAction.copy.rawValue) {
            try forEach("output_pointer") { outputPointer in
                try when("position", outputPointer) {
                    try forEach("decode_symbol") { symbol in
                        guard symbol != 0 else { return }
                        try setFromZero("output_symbol_id", symbol)
                    }
                }
            }
            try movePointer("output_pointer", by: 1)
            try advanceSymbolIndex()
        }
        for (k, action) in [SCANDecodeAction.child0, .child1].enumerated() {
            try when("decode_action", action.rawValue) {
                // Continue after this `S` when the walk returns here.
                try advanceSymbolIndex()
                try forEach("current_node_child_\(k)") { child in
                    try set("current_node_pointer", child)
                }
            }
        }
        try when("decode_action", SCANDecodeAction.parent.rawValue) {
            // Rewind the node so it can be visited again (twice/thrice/around).
            try forEach("current_node_pointer") { node in
                try when("position", node) { try set("symbol_index", 0) }
            }
            try forEach("current_node_parent") { parent in
                try set("current_node_pointer", parent)
            }
        }
        try set("processing_step", SCANProgramStep.decode1.rawValue)
        try set("decode_action", SCANDecodeAction.none.rawValue)
        try set("decode_symbol", 0)
        try set("current_node_is_root", 0)
    }

    /// `symbol_index += 1` at the current node's position.
    private func advanceSymbolIndex() throws {
        try forEach("current_node_pointer") { node in
            try when("position", node) {
                try forEach("symbol_index") { index in
                    guard index + 1 <= SCANGrammar.maxTargetLength else { return }
                    try set("symbol_index", index + 1)
                }
            }
        }
    }
}
