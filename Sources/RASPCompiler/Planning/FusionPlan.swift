import RASP

/// Which s-ops get residual directions ("materialised") and what each MLP computes.
///
/// With fusion, an MLP-computed s-op whose users are all MLPs is folded into them: Maps
/// compose, SequenceMaps over categorical operands become one lookup table over the
/// materialised leaves, LinearSequenceMaps combine linearly, a function of a linear
/// combination becomes one discretising MLP, and a function of categorical operands and
/// one such combination becomes one gated discretising MLP (one discretiser per tuple of
/// categorical values). An operand is materialised instead when a
/// head cannot fold it, when it is the output, when its form cannot be folded (e.g. a
/// discretised value inside a lookup), or when folding would exceed the width budget.
///
/// Heads fold operands too: a function of **one** categorical operand is folded into the
/// QK circuit (as the key or query side of a Select) or into the OV circuit (as an
/// Aggregate's value), and a linear combination of numerical operands into the OV circuit —
/// a bilinear or linear map of a one-hot (or of the numbers) computes them exactly.
struct FusionPlan: Sendable {
    /// What a head reads for one of its operands.
    enum HeadInput: Sendable {
        /// The operand's own residual directions.
        case node(NodeID)
        /// `tree(value of leaf)` for a categorical leaf, folded into the head.
        case mapped(leaf: NodeID, tree: FusedTree)
        /// A linear combination of numerical nodes, folded into the OV circuit.
        case linear(LinearForm)

        /// The materialised nodes read.
        var inputs: [NodeID] {
            switch self {
            case let .node(id), let .mapped(id, _): [id]
            case let .linear(form): form.terms.map(\.node)
            }
        }
    }

    /// Nodes with residual directions.
    private(set) var materialized: Set<NodeID> = []
    /// The computation of every materialised MLP node.
    private(set) var computations: [NodeID: MLPComputation] = [:]
    /// How heads read their selector operands (keys and queries), by operand node.
    private(set) var selectorInputs: [NodeID: HeadInput] = [:]
    /// How each Aggregate or Sum reads its value, by Aggregate/Sum node.
    private(set) var valueInputs: [NodeID: HeadInput] = [:]

    /// The selector operand as a head reads it.
    func selectorInput(_ id: NodeID) -> HeadInput { selectorInputs[id] ?? .node(id) }

    /// Every materialised node a head of `node` reads.
    func headInputs(of node: PlanNode, id: NodeID) -> [NodeID] {
        var ids: [NodeID] = []
        switch node.kind {
        case let .aggregate(selector, value), let .sum(selector, value):
            ids = selector.operands.flatMap { selectorInput($0).inputs } + (valueInputs[id] ?? .node(value)).inputs
        case let .selectorWidth(selector):
            ids = selector.operands.flatMap { selectorInput($0).inputs }
        default:
            break
        }
        return ids
    }

    /// The plan for `graph`; nodes in `ungated` never fold a discretised operand into a
    /// table over categorical operands (used when float32 noise on those operands would make
    /// the gated construction inexact).
    init(graph: PlanGraph, options: RASPCompilerOptions, ungated: Set<NodeID> = []) {
        var reps: [NodeID: MLPComputation] = [:]
        let nodes = graph.nodes

        func leafRep(_ u: NodeID) -> MLPComputation {
            nodes[u].encoding == .categorical ? .lookup(leaves: [u], tree: .leaf(0)) : .linear(LinearForm(u))
        }

        func operandRep(_ u: NodeID) -> MLPComputation {
            guard nodes[u].isMLPComputed, options.fuseMLPs, let rep = reps[u] else { return leafRep(u) }
            return rep
        }

        func width(_ leaves: [NodeID]) -> Int {
            leaves.reduce(1) { $0 * max(1, nodes[$1].values.count) }
        }

        /// The categorical leaves, the scalar part (if any) and the tree of a fusable rep.
        struct Part {
            var leaves: [NodeID]
            var scalar: (form: LinearForm, domain: [Value])?
            var tree: FusedTree
            var isLeaf: Bool
        }

        func part(_ u: NodeID, _ r: MLPComputation) -> Part {
            switch r {
            case let .lookup(leaves, tree):
                return Part(leaves: leaves, scalar: nil, tree: tree, isLeaf: leaves == [u])
            case let .scalar(gates, form, domain, tree):
                return Part(leaves: gates, scalar: (form, domain), tree: tree, isLeaf: false)
            case .linear:
                return Part(leaves: [u], scalar: nil, tree: .leaf(0), isLeaf: true)
            }
        }

        func leafPart(_ u: NodeID) -> Part { Part(leaves: [u], scalar: nil, tree: .leaf(0), isLeaf: true) }

        /// Merges the fused forms of categorical operands into one table (a lookup, or per
        /// gate tuple a discretisation of one shared linear combination). Operands whose
        /// form does not fit (a second, different combination) or that push the table past
        /// the budget are used as leaves.
        func mergeOperands(_ id: NodeID, _ operands: [NodeID], combine: ([FusedTree]) -> FusedTree) -> MLPComputation {
            var parts = operands.map { u -> Part in
                let p = part(u, operandRep(u))
                return p.scalar != nil && ungated.contains(id) ? leafPart(u) : p
            }
            while true {
                var leaves: [NodeID] = []
                var scalar: (form: LinearForm, domain: [Value])?
                var ok = true
                for (i, p) in parts.enumerated() {
                    if let s = p.scalar {
                        if let existing = scalar, existing.form != s.form || existing.domain.count != s.domain.count {
                            parts[i] = leafPart(operands[i])
                            ok = false
                            break
                        }
                        scalar = s
                    }
                    for l in p.leaves where !leaves.contains(l) { leaves.append(l) }
                }
                if !ok { continue }
                let scalarIndex = leaves.count
                let trees = parts.map { p -> FusedTree in
                    var mapping = p.leaves.map { leaves.firstIndex(of: $0)! }
                    if p.scalar != nil { mapping.append(scalarIndex) }
                    return p.tree.remapped(mapping)
                }
                let anyFused = parts.contains { !$0.isLeaf }
                var tableWidth = width(leaves)
                if let scalar { tableWidth *= 2 * max(1, scalar.domain.count) - 1 }
                // Folding is free when the table is no wider than the one over the direct
                // operands (which the unfused node would need anyway).
                let limit = max(options.maxFusedLookupWidth, width(operands.uniqued()))
                if tableWidth <= limit || !anyFused {
                    if let scalar {
                        return .scalar(gates: leaves, form: scalar.form, domain: scalar.domain, tree: combine(trees))
                    }
                    return .lookup(leaves: leaves, tree: combine(trees))
                }
                // Un-fuse the widest fused operand and retry.
                var widest = -1
                var widestWidth = -1
                for (i, p) in parts.enumerated() where !p.isLeaf {
                    let w = width(p.leaves) * (p.scalar.map { 2 * $0.domain.count } ?? 1)
                    if w > widestWidth {
                        widest = i
                        widestWidth = w
                    }
                }
                parts[widest] = leafPart(operands[widest])
            }
        }

        for (id, node) in nodes.enumerated() where node.isMLPComputed {
            switch node.kind {
            case let .map(f, x):
                switch operandRep(x) {
                case let .lookup(leaves, tree):
                    reps[id] = .lookup(leaves: leaves, tree: .map(f, tree))
                case let .linear(form):
                    reps[id] = .scalar(gates: [], form: form, domain: nodes[x].values, tree: .map(f, .leaf(0)))
                case let .scalar(gates, form, domain, tree):
                    if !gates.isEmpty && ungated.contains(id) {
                        reps[id] = nodes[x].encoding == .categorical
                            ? .lookup(leaves: [x], tree: .map(f, .leaf(0)))
                            : .scalar(gates: [], form: LinearForm(x), domain: nodes[x].values, tree: .map(f, .leaf(0)))
                    } else {
                        reps[id] = .scalar(gates: gates, form: form, domain: domain, tree: .map(f, tree))
                    }
                }
            case let .sequenceMap(f, x, y):
                reps[id] = mergeOperands(id, [x, y]) { .binary(f, $0[0], $0[1]) }
            case let .tuple(xs):
                reps[id] = mergeOperands(id, xs) { .tuple($0) }
            case let .linear(x, y, a, b):
                let (ca, cb) = (a.doubleValue ?? 0, b.doubleValue ?? 0)
                let (rx, ry) = (operandRep(x), operandRep(y))
                if case let .lookup(lx, tx) = rx, case let .lookup(ly, ty) = ry {
                    // Both are functions of categorical operands: one lookup table.
                    var leaves = lx
                    let mapping = ly.map { l -> Int in
                        if let i = leaves.firstIndex(of: l) { return i }
                        leaves.append(l)
                        return leaves.count - 1
                    }
                    if width(leaves) <= options.maxFusedLookupWidth {
                        let f = SOpKind.linearFunction(a: a, b: b)
                        reps[id] = .lookup(leaves: leaves, tree: .binary(f, tx, ty.remapped(mapping)))
                        continue
                    }
                }
                func linearPart(_ u: NodeID, _ r: MLPComputation) -> LinearForm {
                    if case let .linear(form) = r { return form }
                    return LinearForm(u)
                }
                reps[id] = .linear(linearPart(x, rx).combined(ca, with: linearPart(y, ry), cb))
            default:
                break
            }
        }

        // Head operands: fold single-operand functions and linear combinations.
        var selectorInputs: [NodeID: HeadInput] = [:]
        var valueInputs: [NodeID: HeadInput] = [:]
        func folded(_ u: NodeID, allowLinear: Bool) -> HeadInput {
            guard options.fuseMLPs, nodes[u].isMLPComputed, let rep = reps[u] else { return .node(u) }
            switch rep {
            case let .lookup(leaves, tree) where leaves.count == 1:
                return .mapped(leaf: leaves[0], tree: tree)
            case let .linear(form) where allowLinear:
                return .linear(form)
            default:
                return .node(u)
            }
        }
        for (id, node) in nodes.enumerated() {
            switch node.kind {
            case let .aggregate(selector, value), let .sum(selector, value):
                for operand in selector.operands where nodes[operand].encoding == .categorical {
                    selectorInputs[operand] = folded(operand, allowLinear: false)
                }
                valueInputs[id] = folded(value, allowLinear: node.encoding == .numerical)
            case let .selectorWidth(selector):
                for operand in selector.operands where nodes[operand].encoding == .categorical {
                    selectorInputs[operand] = folded(operand, allowLinear: false)
                }
            default:
                break
            }
        }
        self.selectorInputs = selectorInputs
        self.valueInputs = valueInputs

        // Materialise the output, every node a head reads and, transitively, the inputs of
        // every materialised MLP.
        var materialized: Set<NodeID> = [graph.output]
        for (id, node) in nodes.enumerated() {
            switch node.kind {
            case .tokens, .indices:
                materialized.insert(id)
            case .aggregate, .sum, .selectorWidth:
                materialized.insert(id)
                for input in headInputs(of: node, id: id) { materialized.insert(input) }
            default:
                break
            }
        }
        var queue = Array(materialized)
        var computations: [NodeID: MLPComputation] = [:]
        while let id = queue.popLast() {
            guard nodes[id].isMLPComputed, computations[id] == nil, let rep = reps[id] else { continue }
            computations[id] = rep
            for input in rep.inputs where !materialized.contains(input) {
                materialized.insert(input)
                queue.append(input)
            }
        }
        self.materialized = materialized
        self.computations = computations
    }
}
