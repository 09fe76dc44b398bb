import RASP

/// Index of a node in a ``PlanGraph``.
typealias NodeID = Int

/// One s-op of the program as the compiler sees it: its label, encoding, value set and
/// what computes it. Synthetic nodes (tuples built for composite selectors) have no RASP
/// s-op.
struct PlanNode: Sendable {
    /// What computes the node, with operand node ids.
    enum Kind: Sendable {
        case tokens
        case indices
        case map(MapFunction, NodeID)
        case sequenceMap(SequenceMapFunction, NodeID, NodeID)
        /// `a·x + b·y` (numerical).
        case linear(NodeID, NodeID, a: Value, b: Value)
        /// The tuple of the operands' values (categorical; synthetic).
        case tuple([NodeID])
        case aggregate(SelectorPlan, NodeID)
        /// The sum of the value node over the selected keys (numerical; one BOS-anchored head).
        case sum(SelectorPlan, NodeID)
        case selectorWidth(SelectorPlan)
    }

    /// The residual label (`map_3`, `tokens`, …).
    let label: String
    /// Categorical (one direction per value) or numerical (one direction).
    let encoding: Encoding
    /// The value set: every value the node can take, in Tracr's basis order.
    let values: [Value]
    /// What computes it.
    let kind: Kind
    /// The RASP s-op, or `nil` for a synthetic node.
    let sop: SOp?
    /// The largest magnitude of a numeric value (at least 1).
    let scale: Double

    init(label: String, encoding: Encoding, values: [Value], kind: Kind, sop: SOp?) {
        self.label = label
        self.encoding = encoding
        self.values = values
        self.kind = kind
        self.sop = sop
        self.scale = values.reduce(1) { m, v in max(m, abs(v.doubleValue ?? 0)) }
    }

    /// The operand nodes (selector operands included).
    var operands: [NodeID] {
        switch kind {
        case .tokens, .indices: []
        case let .map(_, x): [x]
        case let .sequenceMap(_, x, y), let .linear(x, y, _, _): [x, y]
        case let .tuple(xs): xs
        case let .aggregate(selector, x), let .sum(selector, x): selector.operands + [x]
        case let .selectorWidth(selector): selector.operands
        }
    }

    /// Whether an MLP computes the node (so it may be fused into another MLP).
    var isMLPComputed: Bool {
        switch kind {
        case .map, .sequenceMap, .linear, .tuple: true
        case .tokens, .indices, .aggregate, .sum, .selectorWidth: false
        }
    }
}

/// A selector resolved to what one attention head can compute.
struct SelectorPlan: Sendable {
    /// One `Select`-like term: keys, queries and a predicate of (key, query) on values.
    struct Term: Sendable {
        let keys: NodeID
        let queries: NodeID
        let predicate: @Sendable (Value, Value) throws -> Bool
    }

    /// The selector's label (for diagnostics).
    let label: String
    /// The terms; a key is selected when **every** term holds. One term for a plain
    /// `Select` (or a composite folded into one predicate over shared or tuple operands);
    /// several for a conjunction computed by summing logits.
    let terms: [Term]

    var operands: [NodeID] {
        var seen: [NodeID] = []
        for t in terms {
            for n in [t.keys, t.queries] where !seen.contains(n) { seen.append(n) }
        }
        return seen
    }
}
