/// Layer allocation: every materialised node goes to the earliest sublayer of its kind
/// after all its operands are ready (§19 item 13, the optimal scheduler).
///
/// Sublayer `2l` is layer `l`'s attention, `2l+1` its MLP; embeddings count as sublayer −1.
/// An MLP node goes to the first odd sublayer after its inputs, an Aggregate or a Sum to the first
/// even one, a SelectorWidth's head to the first even one and its MLP right after. Since
/// each block's sublayer parity is fixed, this as-soon-as-possible placement gives the
/// smallest possible depth for the blocks chosen.
struct LayerSchedule: Sendable {
    /// The sublayer after which each materialised node is in the residual.
    let ready: [NodeID: Int]
    /// Number of layers (at least 1).
    let layerCount: Int

    init(graph: PlanGraph, plan: FusionPlan) {
        var ready: [NodeID: Int] = [:]
        func after(_ inputs: [NodeID], parity: Int) -> Int {
            let latest = inputs.map { ready[$0] ?? -1 }.max() ?? -1
            var s = latest + 1
            if s % 2 != parity { s += 1 }
            return s
        }
        for (id, node) in graph.nodes.enumerated() where plan.materialized.contains(id) {
            switch node.kind {
            case .tokens, .indices:
                ready[id] = -1
            case .aggregate, .sum:
                ready[id] = after(plan.headInputs(of: node, id: id), parity: 0)
            case .selectorWidth:
                ready[id] = after(plan.headInputs(of: node, id: id), parity: 0) + 1
            case .map, .sequenceMap, .linear, .tuple:
                ready[id] = after(plan.computations[id]?.inputs ?? node.operands, parity: 1)
            }
        }
        self.ready = ready
        self.layerCount = max(1, (ready.values.max() ?? 0) / 2 + 1)
    }
}
