/// The values of the SCAN program's `processing_step` register (ALTA-EXAMPLES §5.3): one
/// shared layer performs a different phase of the parser or decoder depending on it.
public enum SCANProgramStep: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Initialise the pointers from the `start` position.
    case initParse = 0
    /// Match a grammar rule against the top three stack symbols (+ look-ahead).
    case parse1
    /// Fetch the tree slots of the matched rule's child nonterminals.
    case parse2
    /// Set the per-position flags for the coming reduce.
    case parse3
    /// Reduce, shift or finish parsing; clear the parse registers.
    case parse4
    /// Initialise the output pointer and the current node (the root).
    case initDecode
    /// Choose the next decode action from the current node's rule and symbol index.
    case decode1
    /// Detect completion (PARENT at the root).
    case decode2
    /// Execute the decode action; clear the decode registers.
    case decode3
    /// Fixed point: no rules.
    case done

    /// The upstream constant name (`INIT_PARSE`, `PARSE_1`, …, `DONE`).
    public var description: String {
        switch self {
        case .initParse: return "INIT_PARSE"
        case .parse1: return "PARSE_1"
        case .parse2: return "PARSE_2"
        case .parse3: return "PARSE_3"
        case .parse4: return "PARSE_4"
        case .initDecode: return "INIT_DECODE"
        case .decode1: return "DECODE_1"
        case .decode2: return "DECODE_2"
        case .decode3: return "DECODE_3"
        case .done: return "DONE"
        }
    }
}

/// The values of the SCAN program's `decode_action` register.
public enum SCANDecodeAction: Int, CaseIterable, Sendable {
    /// No action chosen.
    case none = 0
    /// Copy the current target terminal into the output buffer.
    case copy
    /// Descend into the node's first source child.
    case child0
    /// Descend into the node's second source child.
    case child1
    /// Return to the parent node.
    case parent
}
