import AltaTransformer
import Craft
import RASP

/// Which materialised node owns each block of the craft layers, recorded while the layers
/// are built (heads in model order; each node's MLP before the layer's MLPs are combined).
struct CircuitBlocks {
    /// Per layer, the node computed by each head, in head order.
    var heads: [[NodeID]]
    /// Per layer, each node's MLP as built (its hidden neurons keep their names when the
    /// layer's MLPs are combined in parallel).
    var mlps: [[(node: NodeID, mlp: MLP)]]

    /// No blocks in `layerCount` layers.
    init(layerCount: Int) {
        heads = Array(repeating: [], count: layerCount)
        mlps = Array(repeating: [], count: layerCount)
    }
}

/// Derives a compiled program's ``GroundTruthCircuit`` from the compiler's own records: the
/// plan (what each s-op reads, what is fused), the schedule (its sublayer), the craft
/// layers and which node owns each head and MLP (its components, written dimensions and
/// hidden neurons).
struct CircuitExtraction {
    let graph: PlanGraph
    let plan: FusionPlan
    let schedule: LayerSchedule
    let layers: [CraftLayer]
    let blocks: CircuitBlocks
    let residual: VectorSpace

    /// The circuit of every materialised node, in computation order (sublayer, then the
    /// program's operands-first order).
    func circuit() -> GroundTruthCircuit {
        var components: [NodeID: [GroundTruthCircuit.Component]] = [:]
        for (l, owners) in blocks.heads.enumerated() {
            for (h, owner) in owners.enumerated() where h < layers[l].heads.count {
                components[owner, default: []].append(GroundTruthCircuit.Component(
                    kind: .attention_head, name: "blocks.\(l).attn[\(h)]", layer: l, head: h, neurons: nil,
                    writes: dimensions(layers[l].heads[h].ov.output)))
            }
        }
        for (l, parts) in blocks.mlps.enumerated() {
            guard let combined = layers[l].mlp?.hiddenSpaces.first else { continue }
            for (owner, mlp) in parts {
                let neurons = (mlp.hiddenSpaces.first?.basis ?? []).compactMap { combined.index(of: $0) }.sorted()
                components[owner, default: []].append(GroundTruthCircuit.Component(
                    kind: .mlp, name: "blocks.\(l).mlp", layer: l, head: nil, neurons: neurons,
                    writes: dimensions(mlp.outputSpace)))
            }
        }
        let ids = graph.nodes.indices.filter { plan.materialized.contains($0) }
            .sorted { (schedule.ready[$0] ?? -1, $0) < (schedule.ready[$1] ?? -1, $1) }
        let sops = ids.map { id -> GroundTruthCircuit.SOp in
            let node = graph.nodes[id]
            let ready = schedule.ready[id] ?? -1
            var own = components[id] ?? []
            switch node.kind {
            case .tokens:
                own = [GroundTruthCircuit.Component(kind: .embed, name: "embed", layer: nil, head: nil, neurons: nil, writes: dimensions(space(of: id)))]
            case .indices:
                own = [GroundTruthCircuit.Component(kind: .pos_embed, name: "pos_embed", layer: nil, head: nil, neurons: nil, writes: dimensions(space(of: id)))]
            default:
                break
            }
            let sublayer: GroundTruthCircuit.Sublayer = ready < 0 ? .embed : (ready % 2 == 0 ? .attn : .mlp)
            return GroundTruthCircuit.SOp(
                label: node.label, kind: Self.kind(node.kind), encoding: node.encoding == .numerical ? "numerical" : "categorical",
                layer: ready < 0 ? nil : ready / 2, sublayer: sublayer, dims: dimensions(space(of: id)),
                reads: Set(reads(id).map { graph.nodes[$0].label }).sorted(), fused: fused(id), selector: selector(of: node),
                components: own)
        }
        return GroundTruthCircuit(
            program_output: graph.nodes[graph.output].label, n_layers: layers.count, d_model: residual.count, sops: sops)
    }

    /// The residual directions of a node (as ``BlockBuilder/space(of:)`` lays them out).
    private func space(of id: NodeID) -> VectorSpace {
        let node = graph.nodes[id]
        if node.encoding == .numerical { return VectorSpace([BasisDirection(node.label)]) }
        return VectorSpace(node.values.map { BasisDirection(node.label, $0) })
    }

    /// `space`'s directions as residual dimensions, by index.
    private func dimensions(_ space: VectorSpace) -> [GroundTruthCircuit.Dimension] {
        space.basis.compactMap { direction in
            residual.index(of: direction).map { GroundTruthCircuit.Dimension(index: $0, label: direction.description) }
        }
        .sorted { $0.index < $1.index }
    }

    /// The materialised nodes the node's components read, as the plan folds its operands.
    private func reads(_ id: NodeID) -> [NodeID] {
        let node = graph.nodes[id]
        switch node.kind {
        case .tokens, .indices:
            return []
        case .aggregate, .sum, .selectorWidth:
            return plan.headInputs(of: node, id: id)
        case .map, .sequenceMap, .linear, .tuple:
            return plan.computations[id]?.inputs ?? node.operands
        }
    }

    /// The labels of the program's s-ops without residual directions that the node's
    /// components compute on the way (operands reached before a materialised node).
    private func fused(_ id: NodeID) -> [String] {
        var seen: Set<NodeID> = []
        var stack = graph.nodes[id].operands
        var labels: Set<String> = []
        while let next = stack.popLast() {
            guard !plan.materialized.contains(next), seen.insert(next).inserted else { continue }
            if graph.nodes[next].sop != nil { labels.insert(graph.nodes[next].label) }
            stack += graph.nodes[next].operands
        }
        return labels.sorted()
    }

    private func selector(of node: PlanNode) -> String? {
        switch node.kind {
        case let .aggregate(selector, _), let .sum(selector, _), let .selectorWidth(selector): selector.label
        default: nil
        }
    }

    private static func kind(_ kind: PlanNode.Kind) -> String {
        switch kind {
        case .tokens: "tokens"
        case .indices: "indices"
        case .map: "map"
        case .sequenceMap: "sequence_map"
        case .linear: "linear_sequence_map"
        case .tuple: "tuple"
        case .aggregate: "aggregate"
        case .sum: "numerical_sum"
        case .selectorWidth: "selector_width"
        }
    }
}
