import RASP

/// The program as a graph of ``PlanNode``s in operands-first order: Tracr's labels, the value
/// sets inferred by ``ValueSetInference`` (through ``RASPValidator/valueSets(_:vocabulary:maxSeqLen:)``),
/// selectors resolved to heads (composite selectors folded, conjoined or lifted onto tuple
/// operands). The program has passed validation: the compiler's rules are the validator's.
struct PlanGraph: Sendable {
    /// Nodes in operands-first order (an operand's id is smaller than its users').
    private(set) var nodes: [PlanNode] = []
    /// The program's output node.
    private(set) var output: NodeID = 0
    /// The RASP graph (labels of the program's expressions).
    let raspGraph: RASPGraph

    private var idByLabel: [String: NodeID] = [:]
    private let options: RASPCompilerOptions

    /// The node labelled `label`.
    func node(labelled label: String) -> NodeID? { idByLabel[label] }

    /// Builds the plan of a validated program from its value sets.
    init(valueSets: ValueSets, options: RASPCompilerOptions) throws(RASPCompileError) {
        self.raspGraph = valueSets.graph
        self.options = options
        for expr in raspGraph.topologicalOrder {
            guard let sop = expr.sop else { continue }
            let label = raspGraph.label(of: sop)
            if idByLabel[label] != nil { continue }
            try add(sop, label: label, values: valueSets.values(of: sop) ?? [])
        }
        guard let out = idByLabel[raspGraph.outputLabel] else {
            throw .unsupported(label: raspGraph.outputLabel, reason: "the output is not an s-op")
        }
        output = out
        guard idByLabel["tokens"] != nil else { throw .noTokens }
    }

    private func id(of sop: SOp) -> NodeID {
        // Operands precede users in topological order, so the operand is present.
        idByLabel[raspGraph.label(of: sop)]!
    }

    private mutating func append(_ node: PlanNode) throws(RASPCompileError) -> NodeID {
        let limit = node.encoding == .categorical ? options.maxCategoricalValues : options.maxNumericalValues
        guard node.values.count <= limit else {
            throw .valueSetTooLarge(label: node.label, size: node.values.count, limit: limit)
        }
        nodes.append(node)
        idByLabel[node.label] = nodes.count - 1
        return nodes.count - 1
    }

    // MARK: - S-ops

    /// Adds the node of `sop` with its inferred value set (sorted in Tracr's basis order).
    private mutating func add(_ sop: SOp, label: String, values: [Value]) throws(RASPCompileError) {
        let kind: PlanNode.Kind
        switch sop.kind {
        case .tokens: kind = .tokens
        case .indices: kind = .indices
        case .length: throw RASPCompileError(RASPValidationError(label: label, reason: .lengthPrimitive))
        case .full: throw RASPCompileError(RASPValidationError(label: label, reason: .fullSOp))
        case .constant: throw RASPCompileError(RASPValidationError(label: label, reason: .constantSOp))
        case let .map(f, inner): kind = .map(f, id(of: inner))
        case let .sequenceMap(f, fst, snd): kind = .sequenceMap(f, id(of: fst), id(of: snd))
        case let .linearSequenceMap(fst, snd, a, b): kind = .linear(id(of: fst), id(of: snd), a: a, b: b)
        case let .selectorWidth(selector): kind = .selectorWidth(try resolve(selector))
        case let .aggregate(selector, inner, _):
            let plan = try resolve(selector)
            kind = .aggregate(plan, id(of: inner))
        case let .sum(selector, inner, _):
            let plan = try resolve(selector)
            kind = .sum(plan, id(of: inner))
        }
        _ = try append(PlanNode(label: label, encoding: sop.encoding, values: values, kind: kind, sop: sop))
    }

    // MARK: - Selectors

    /// A selector's boolean structure over its `Select` leaves.
    private indirect enum Formula: Sendable {
        case leaf(Int)
        case and(Formula, Formula)
        case or(Formula, Formula)
        case not(Formula)

        func evaluate(_ leaf: (Int) throws -> Bool) rethrows -> Bool {
            switch self {
            case let .leaf(i): try leaf(i)
            case let .and(a, b): try a.evaluate(leaf) && b.evaluate(leaf)
            case let .or(a, b): try a.evaluate(leaf) || b.evaluate(leaf)
            case let .not(a): try !a.evaluate(leaf)
            }
        }

        var leaves: [Int] {
            switch self {
            case let .leaf(i): [i]
            case let .and(a, b), let .or(a, b): a.leaves + b.leaves
            case let .not(a): a.leaves
            }
        }

        /// The top-level conjuncts.
        var conjuncts: [Formula] {
            if case let .and(a, b) = self { return a.conjuncts + b.conjuncts }
            return [self]
        }
    }

    private struct Leaf: Sendable {
        let keys: NodeID
        let queries: NodeID
        let predicate: Predicate
        func holds(key: Value, query: Value) throws -> Bool { try predicate.evaluate(key: key, query: query) }
    }

    private mutating func resolve(_ selector: Selector) throws(RASPCompileError) -> SelectorPlan {
        let label = raspGraph.label(of: selector)
        var leaves: [Leaf] = []
        let formula = try flatten(selector, into: &leaves)
        let capturedLeaves = leaves

        // 0. A plain Select.
        if case .leaf = formula {
            let predicate = leaves[0].predicate
            let term = SelectorPlan.Term(keys: leaves[0].keys, queries: leaves[0].queries) { k, q in
                try predicate.evaluate(key: k, query: q)
            }
            return SelectorPlan(label: label, terms: [term])
        }

        // 1. One (keys, queries) pair: a single predicate.
        let pairs = Set(leaves.map { [$0.keys, $0.queries] })
        if pairs.count == 1 {
            let term = SelectorPlan.Term(keys: leaves[0].keys, queries: leaves[0].queries) { k, q in
                try formula.evaluate { try capturedLeaves[$0].holds(key: k, query: q) }
            }
            return SelectorPlan(label: label, terms: [term])
        }

        // 2. A conjunction whose conjuncts each read one pair: sum the logits.
        let conjuncts = formula.conjuncts
        let conjunctPairs = conjuncts.map { c in Set(c.leaves.map { [leaves[$0].keys, leaves[$0].queries] }) }
        if conjunctPairs.allSatisfy({ $0.count == 1 }) {
            var order: [[NodeID]] = []
            var grouped: [[NodeID]: [Formula]] = [:]
            for (c, p) in zip(conjuncts, conjunctPairs) {
                let pair = p.first!
                if grouped[pair] == nil { order.append(pair) }
                grouped[pair, default: []].append(c)
            }
            let terms = order.map { pair -> SelectorPlan.Term in
                let parts = grouped[pair]!
                return SelectorPlan.Term(keys: pair[0], queries: pair[1]) { k, q in
                    try parts.allSatisfy { part in try part.evaluate { try capturedLeaves[$0].holds(key: k, query: q) } }
                }
            }
            return SelectorPlan(label: label, terms: terms)
        }

        // 3. Anything else: lift keys and queries onto tuples of their s-ops.
        let keyNodes = leaves.map(\.keys).uniqued()
        let queryNodes = leaves.map(\.queries).uniqued()
        let keys = try tupleNode(of: keyNodes, label: "\(label)_keys")
        let queries = try tupleNode(of: queryNodes, label: "\(label)_queries")
        let keyIndex = leaves.map { keyNodes.firstIndex(of: $0.keys)! }
        let queryIndex = leaves.map { queryNodes.firstIndex(of: $0.queries)! }
        let lifted = keyNodes.count > 1
        let liftedQueries = queryNodes.count > 1
        let term = SelectorPlan.Term(keys: keys, queries: queries) { k, q in
            try formula.evaluate { i in
                let key = lifted ? k.tupleElement(keyIndex[i]) : k
                let query = liftedQueries ? q.tupleElement(queryIndex[i]) : q
                return try capturedLeaves[i].holds(key: key, query: query)
            }
        }
        return SelectorPlan(label: label, terms: [term])
    }

    private mutating func flatten(_ selector: Selector, into leaves: inout [Leaf]) throws(RASPCompileError) -> Formula {
        let label = raspGraph.label(of: selector)
        switch selector.kind {
        case let .select(keys, queries, predicate):
            leaves.append(Leaf(keys: id(of: keys), queries: id(of: queries), predicate: predicate))
            return .leaf(leaves.count - 1)
        case .constant:
            throw RASPCompileError(RASPValidationError(label: label, reason: .constantSelector))
        case let .and(a, b):
            return .and(try flatten(a, into: &leaves), try flatten(b, into: &leaves))
        case let .or(a, b):
            return .or(try flatten(a, into: &leaves), try flatten(b, into: &leaves))
        case let .not(a):
            return .not(try flatten(a, into: &leaves))
        }
    }

    /// The node holding the tuple of `operands`' values (or the operand itself if alone).
    private mutating func tupleNode(of operands: [NodeID], label: String) throws(RASPCompileError) -> NodeID {
        if operands.count == 1 { return operands[0] }
        if let existing = idByLabel[label] { return existing }
        var tuples: [[Value]] = [[]]
        for operand in operands {
            tuples = tuples.flatMap { prefix in nodes[operand].values.map { prefix + [$0] } }
            guard tuples.count <= options.maxCategoricalValues else {
                throw .valueSetTooLarge(label: label, size: tuples.count, limit: options.maxCategoricalValues)
            }
        }
        let values = OrderedValueSet(tuples.map { Value.tuple($0) }).sorted
        return try append(PlanNode(label: label, encoding: .categorical, values: values, kind: .tuple(operands), sop: nil))
    }
}

extension Value {
    /// Element `i` of a tuple (the value itself if it is not a tuple).
    func tupleElement(_ i: Int) -> Value {
        if case let .tuple(elements) = self, i < elements.count { return elements[i] }
        return self
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-appearance order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

extension Array {
    /// Whether the elements are in ascending order by `areInIncreasingOrder`.
    func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        var i = 1
        while i < count {
            if areInIncreasingOrder(self[i], self[i - 1]) { return false }
            i += 1
        }
        return true
    }
}
