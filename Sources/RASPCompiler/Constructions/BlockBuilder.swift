import Craft
import RASP

/// Shared context of the weight constructions: the plan, the special directions, the
/// exactness constants and the noise bound of every numerical node built so far.
struct BlockBuilder {
    let graph: PlanGraph
    let plan: FusionPlan
    let options: RASPCompilerOptions
    let budget: ExactnessBudget
    /// `one`: 1 at every position (the bias input).
    let one = BasisDirection("one")
    /// `tokens:BOS`.
    let bos: BasisDirection
    /// `tokens:PAD`.
    let pad: BasisDirection
    /// Float32 error bound of each numerical node.
    private(set) var noise: [NodeID: Double] = [:]
    /// Largest error bound of a numerical output (for the metadata).
    private(set) var worstNumericalError: Double = 0
    /// How each Sum was compiled (for the metadata).
    var sumReports: [SumConstructionReport] = []

    init(graph: PlanGraph, plan: FusionPlan, options: RASPCompilerOptions, budget: ExactnessBudget, bos: String, pad: String) {
        self.graph = graph
        self.plan = plan
        self.options = options
        self.budget = budget
        self.bos = BasisDirection("tokens", .string(bos))
        self.pad = BasisDirection("tokens", .string(pad))
    }

    func node(_ id: NodeID) -> PlanNode { graph.nodes[id] }

    /// The residual directions of a node: `label:value` per value, or the bare label.
    func space(of id: NodeID) -> VectorSpace {
        let n = node(id)
        if n.encoding == .numerical { return VectorSpace([BasisDirection(n.label)]) }
        return VectorSpace(n.values.map { BasisDirection(n.label, $0) })
    }

    /// The direction of value `value` of categorical node `id`.
    func direction(_ id: NodeID, _ value: Value) -> BasisDirection {
        BasisDirection(node(id).label, value)
    }

    /// The numerical direction of node `id`.
    func scalarDirection(_ id: NodeID) -> BasisDirection { BasisDirection(node(id).label) }

    /// Largest magnitude of a numerical node's values (at least 1).
    func scale(of id: NodeID) -> Double { node(id).scale }

    mutating func setNoise(_ id: NodeID, _ value: Double) {
        noise[id] = value
        if node(id).encoding == .numerical {
            worstNumericalError = max(worstNumericalError, value / scale(of: id))
        }
    }

    /// The error bound of a linear form of numerical nodes.
    func noise(of form: LinearForm) -> Double {
        var total = 0.0
        var magnitude = 0.0
        for t in form.terms {
            total += abs(t.coefficient) * (noise[t.node] ?? ExactnessBudget.rounding * scale(of: t.node))
            magnitude += abs(t.coefficient) * scale(of: t.node)
        }
        return total + ExactnessBudget.rounding * max(1, magnitude)
    }

    /// Tabulates a user function for a construction, mapping failures to compile errors.
    func tabulate(_ label: String, _ body: () throws -> Value?) throws(RASPCompileError) -> Value? {
        do {
            return try body()
        } catch {
            throw .functionFailed(label: label, reason: "\(error)")
        }
    }

    /// Wraps craft errors (compiler bugs, not user errors) in the compile error.
    func craft<T>(_ body: () throws(CraftError) -> T) throws(RASPCompileError) -> T {
        do {
            return try body()
        } catch {
            throw .assembly("\(error)")
        }
    }
}
