import RASP

/// Which s-ops get residual directions ("materialised") and what each MLP computes.
///
/// With fusion, an MLP-computed s-op whose users are all MLPs is folded into them: Maps
/// compose, SequenceMaps over categorical operands become one lookup table over the
/// materialised leaves, LinearSequenceMaps combine linearly, and a function of a linear
/// combination becomes one discretising MLP. An operand is materialised instead when a
/// head reads it, when it is the output, when its form cannot be folded (e.g. a
/// discretised value inside a lookup), or when folding would exceed the width budget.
struct FusionPlan: Sendable {
    /// Nodes with residual directions.
    private(set) var materialized: Set<NodeID> = []
    /// The computation of every materialised MLP node.
    private(set) var computations: [NodeID: MLPComputation] = [:]

    init(graph: PlanGraph, options: RASPCompilerOptions) {
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

        /// Merges lookups over categorical operands; operands whose fused form is not a
        /// lookup, or that push the table past the budget, are used as leaves.
        /// `operands` must be categorical.
        func mergeLookups(_ operands: [NodeID], combine: ([FusedTree]) -> FusedTree) -> MLPComputation {
            var fused = operands.map { u -> MLPComputation in
                let r = operandRep(u)
                if case .lookup = r { return r }
                return leafRep(u)
            }
            while true {
                var leaves: [NodeID] = []
                var trees: [FusedTree] = []
                for r in fused {
                    guard case let .lookup(ls, tree) = r else { continue }
                    let mapping = ls.map { l -> Int in
                        if let i = leaves.firstIndex(of: l) { return i }
                        leaves.append(l)
                        return leaves.count - 1
                    }
                    trees.append(tree.remapped(mapping))
                }
                let anyFused = zip(operands, fused).contains { u, r in
                    if case let .lookup(ls, _) = r { return ls != [u] }
                    return false
                }
                // Folding is free when the table is no wider than the one over the direct
                // operands (which the unfused node would need anyway).
                let limit = max(options.maxFusedLookupWidth, width(operands.uniqued()))
                if width(leaves) <= limit || !anyFused {
                    return .lookup(leaves: leaves, tree: combine(trees))
                }
                // Un-fuse the operand with the widest table and retry.
                var widest = -1
                var widestWidth = 0
                for (i, (u, r)) in zip(operands, fused).enumerated() {
                    if case let .lookup(ls, _) = r, ls != [u], width(ls) > widestWidth {
                        widest = i
                        widestWidth = width(ls)
                    }
                }
                fused[widest] = leafRep(operands[widest])
            }
        }

        for (id, node) in nodes.enumerated() where node.isMLPComputed {
            switch node.kind {
            case let .map(f, x):
                switch operandRep(x) {
                case let .lookup(leaves, tree):
                    reps[id] = .lookup(leaves: leaves, tree: .map(f, tree))
                case let .linear(form):
                    reps[id] = .scalar(form: form, domain: nodes[x].values, tree: .map(f, .leaf(0)))
                case let .scalar(form, domain, tree):
                    reps[id] = .scalar(form: form, domain: domain, tree: .map(f, tree))
                }
            case let .sequenceMap(f, x, y):
                reps[id] = mergeLookups([x, y]) { .binary(f, $0[0], $0[1]) }
            case let .tuple(xs):
                reps[id] = mergeLookups(xs) { .tuple($0) }
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

        // Materialise the output, every operand of a head and, transitively, the inputs of
        // every materialised MLP.
        var materialized: Set<NodeID> = [graph.output]
        for (id, node) in nodes.enumerated() {
            switch node.kind {
            case .tokens, .indices:
                materialized.insert(id)
            case .aggregate, .selectorWidth:
                materialized.insert(id)
                materialized.formUnion(node.operands)
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
