import AltaTensors

/// What a model computes from what, read off its weights: the variables of the residual
/// stream (``ResidualGroups``: RASP s-ops, ALTA variables), the attention heads, and arrows
/// for every read dependency — a variable whose directions a head's query, key or value
/// weights read, the variables a head's output writes, and for each MLP the variables it
/// writes from the variables it reads (traced through its hidden units). Each variable is
/// placed in the sublayer that first writes it. The same graph comes out of a compiled
/// program and of its exported folder.
public struct ModelGraph: Sendable {
    /// Where a value is computed: the embedding, or a sublayer of a layer (0-based).
    public enum Sublayer: Sendable, Hashable, Comparable {
        case embedding
        case attention(layer: Int)
        case mlp(layer: Int)

        /// −1 for the embedding, `2l` for layer `l`'s attention, `2l + 1` for its MLP.
        public var order: Int {
            switch self {
            case .embedding: -1
            case .attention(let l): 2 * l
            case .mlp(let l): 2 * l + 1
            }
        }

        public static func < (lhs: Sublayer, rhs: Sublayer) -> Bool { lhs.order < rhs.order }

        /// `embedding`, `layer 2 attention`, `layer 2 mlp` (layers counted from 1); for a
        /// looped model, whose one layer runs at every iteration, `attention` and `mlp`.
        public func name(layout: ModelLayout) -> String {
            let prefix: (Int) -> String = { l in
                if case .looped = layout { return "" }
                return "layer \(l + 1) "
            }
            switch self {
            case .embedding: return "embedding"
            case .attention(let l): return prefix(l) + "attention"
            case .mlp(let l): return prefix(l) + "mlp"
            }
        }
    }

    /// One variable of the residual stream.
    public struct Variable: Sendable, Equatable {
        /// The variable's name (the label before `:`).
        public let name: String
        /// The sublayers that write it, in order (empty: nothing writes it).
        public let writers: [Sublayer]
        /// Where it is first computed (nil when nothing writes it).
        public var computedIn: Sublayer? { writers.first }
    }

    /// One attention head and the variables it reads and writes.
    public struct Head: Sendable, Equatable {
        /// Index into the model's layers (0-based).
        public let layer: Int
        /// Index of the head in its layer (0-based).
        public let index: Int
        /// Variables its query, key and value weights read.
        public let query: [String], key: [String], value: [String]
        /// Variables its output writes.
        public let writes: [String]
        /// Whether it has an attention sink (attends to nothing when no key scores above it).
        public let hasSink: Bool

        /// What the head computes, e.g. `aggregate_5 ← value tokens (query indices, key indices)`.
        public var summary: String {
            func list(_ names: [String]) -> String { names.isEmpty ? "nothing" : names.joined(separator: ", ") }
            return "\(list(writes)) ← value \(list(value)) (query \(list(query)); key \(list(key))\(hasSink ? "; with sink" : ""))"
        }
    }

    /// A node of the graph.
    public enum Node: Sendable, Hashable {
        case variable(String)
        case head(layer: Int, index: Int)
    }

    /// An arrow: `to` reads or is written from `from`; `role` says how (`query`, `key`,
    /// `value`, `writes`, or `mlp` for an MLP's input → output); `layer` is the layer
    /// (0-based) of the head or MLP.
    public struct Edge: Sendable, Hashable {
        public let from: Node
        public let to: Node
        public let role: String
        public let layer: Int

        /// An arrow.
        public init(from: Node, to: Node, role: String, layer: Int) {
            self.from = from
            self.to = to
            self.role = role
            self.layer = layer
        }
    }

    /// Every variable, in residual order.
    public let variables: [Variable]
    /// Every head, layer by layer.
    public let heads: [Head]
    /// Every arrow, without duplicates, in a deterministic order.
    public let edges: [Edge]

    /// Reads the graph off `model`'s weights.
    public init(model: TransformerModel) {
        let groups = ResidualGroups(labels: model.residualLabels).groups
        var groupOfDimension = [Int](repeating: -1, count: model.dModel)
        for (g, group) in groups.enumerated() {
            for d in group.dimensions where d < model.dModel { groupOfDimension[d] = g }
        }
        func names(_ dimensions: [Bool]) -> [String] {
            var seen = Set<Int>()
            var result: [String] = []
            for (d, used) in dimensions.enumerated() where used && d < groupOfDimension.count {
                let g = groupOfDimension[d]
                if g >= 0, seen.insert(g).inserted { result.append(groups[g].name) }
            }
            return result
        }
        var writers = [[Sublayer]](repeating: [], count: groups.count)
        func record(_ written: [String], _ sublayer: Sublayer) {
            for name in written {
                if let g = groups.firstIndex(where: { $0.name == name }), !writers[g].contains(sublayer) {
                    writers[g].append(sublayer)
                }
            }
        }
        let embedded = (0..<model.dModel).map { d in
            (0..<model.tokenEmbedding.rows).contains { model.tokenEmbedding[$0, d] != 0 }
                || (0..<model.positionEmbedding.rows).contains { model.positionEmbedding[$0, d] != 0 }
        }
        record(names(embedded), .embedding)

        var heads: [Head] = []
        var edges: [Edge] = []
        var seenEdges = Set<Edge>()
        func add(_ edge: Edge) {
            if edge.from != edge.to, seenEdges.insert(edge).inserted { edges.append(edge) }
        }
        for (l, layer) in model.layers.enumerated() {
            for (h, head) in layer.heads.enumerated() {
                let entry = Head(
                    layer: l, index: h, query: names(Self.usedRows(head.query)), key: names(Self.usedRows(head.key)),
                    value: names(Self.usedRows(head.value)), writes: names(Self.usedColumns(head.output)),
                    hasSink: head.sinkLogit != nil)
                heads.append(entry)
                let node = Node.head(layer: l, index: h)
                for (role, read) in [("query", entry.query), ("key", entry.key), ("value", entry.value)] {
                    for name in read { add(Edge(from: .variable(name), to: node, role: role, layer: l)) }
                }
                for name in entry.writes { add(Edge(from: node, to: .variable(name), role: "writes", layer: l)) }
                record(entry.writes, .attention(layer: l))
            }
            // Each input variable's reach through the MLP's hidden units to the outputs.
            let linears = layer.feedForward.layers
            guard !linears.isEmpty, !layer.feedForward.isEmpty else { continue }
            let adjacency = linears.map { Self.adjacency($0.weight) }
            var allWritten: [Bool] = Array(repeating: false, count: model.dModel)
            for (g, group) in groups.enumerated() {
                var reached = [Bool](repeating: false, count: linears[0].inputWidth)
                for d in group.dimensions where d < reached.count { reached[d] = true }
                for (k, next) in adjacency.enumerated() {
                    var out = [Bool](repeating: false, count: linears[k].outputWidth)
                    for (i, on) in reached.enumerated() where on {
                        for j in next[i] { out[j] = true }
                    }
                    reached = out
                }
                for (d, on) in reached.enumerated() where on && d < allWritten.count { allWritten[d] = true }
                for name in names(reached) {
                    add(Edge(from: .variable(groups[g].name), to: .variable(name), role: "mlp", layer: l))
                }
            }
            // Outputs driven by biases alone are written too.
            if let last = linears.last {
                for (d, b) in last.bias.enumerated() where b != 0 && d < allWritten.count { allWritten[d] = true }
            }
            record(names(allWritten), .mlp(layer: l))
        }
        self.variables = groups.enumerated().map { g, group in
            Variable(name: group.name, writers: writers[g].sorted())
        }
        self.heads = heads
        self.edges = edges
    }

    /// The head at layer `layer`, index `index`.
    public func head(layer: Int, index: Int) -> Head? {
        heads.first { $0.layer == layer && $0.index == index }
    }

    /// Per row of `w`, whether it has a non-zero entry.
    static func usedRows(_ w: WeightMatrix) -> [Bool] {
        adjacency(w).map { !$0.isEmpty }
    }

    /// Per column of `w`, whether it has a non-zero entry.
    static func usedColumns(_ w: WeightMatrix) -> [Bool] {
        var used = [Bool](repeating: false, count: w.columns)
        for row in adjacency(w) { for j in row { used[j] = true } }
        return used
    }

    /// Per row of `w`, the columns of its non-zero entries.
    static func adjacency(_ w: WeightMatrix) -> [[Int]] {
        switch w {
        case .sparse(let s):
            return (0..<s.rows).map { r in
                (s.rowStarts[r]..<s.rowStarts[r + 1]).compactMap { k in s.storedValues[k] != 0 ? Int(s.columnIndices[k]) : nil }
            }
        case .dense(let m):
            return (0..<m.rows).map { r in (0..<m.columns).filter { m.values[r * m.columns + $0] != 0 } }
        }
    }
}
