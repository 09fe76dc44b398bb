import AltaTensors

/// The size of the lookup-table MLPs a plan will build, checked against the
/// ``MemoryLimit`` before any table is tabulated: a table over n ≥ 2 categorical operands
/// has one hidden neuron per value tuple (|x₁|·…·|xₙ|), each reading the operands' one-hot
/// directions and writing the output's, so `alta compile reverse --max-len 5000` (25 million
/// neurons) is refused with the size instead of exhausting memory while it is built.
enum LookupTableSize {
    /// Throws ``RASPCompileError/memory(_:)`` when one table's dense float32 weights
    /// (`[inputs, neurons]` and `[neurons, outputs]`) exceed `limit`.
    static func check(graph: PlanGraph, plan: FusionPlan, limit: MemoryLimit) throws(RASPCompileError) {
        for (id, computation) in plan.computations.sorted(by: { $0.key < $1.key }) {
            guard case let .lookup(leaves, _) = computation, leaves.count >= 2 else { continue }
            var neurons: Int? = 1
            for leaf in leaves {
                neurons = neurons.flatMap { n in
                    let (product, overflow) = n.multipliedReportingOverflow(by: graph.nodes[leaf].values.count)
                    return overflow ? nil : product
                }
            }
            let node = graph.nodes[id]
            let inputs = leaves.reduce(1) { $0 + graph.nodes[$1].values.count }
            let outputs = node.encoding == .categorical ? node.values.count : 1
            let bytes = neurons.flatMap { MemoryLimit.bytes(of: [$0, inputs + outputs]) }
            let shown = neurons.map { "\($0) neurons" } ?? "more neurons than can be counted"
            do {
                try limit.check(bytes, for: "the lookup table of \(node.label) (\(shown), dense float32 weights)")
            } catch {
                throw .memory(error)
            }
        }
    }
}
