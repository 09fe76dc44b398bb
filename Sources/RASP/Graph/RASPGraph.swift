/// The expression graph of a program, walked breadth-first from the output the way Tracr's
/// `rasp_to_graph` does, with Tracr's labels (§1.4, §7).
///
/// Labels: primitives keep their fixed labels (`tokens`, `indices`, `length`); every other
/// expression is labelled `"\(name)_\(id)"` where ids number the expressions 1, 2, 3, … in
/// breadth-first discovery order from the output (parents before children, children in
/// Tracr's order). That is exactly the numbering of a fresh Tracr process, so labels and the
/// residual layout match `tracr_models.json`, and it is deterministic: building the same
/// program twice gives the same labels. Every distinct non-primitive expression gets a
/// distinct label (§19 item 17).
public struct RASPGraph: Sendable {
    /// The output expression (the sink).
    public let output: RASPExpr
    /// One expression per distinct label, in graph-insertion order (= breadth-first discovery
    /// from the output, like the `nodes` lists of `tracr_models.json`). Several objects with the
    /// same primitive label (e.g. `tokens` and `categorical(tokens)`) appear once, as the first
    /// one discovered.
    public let nodes: [RASPExpr]
    /// Every distinct expression object in discovery order (includes duplicate primitives).
    public let expressions: [RASPExpr]

    private let labelByID: [ObjectIdentifier: String]
    private let uniqueIDByID: [ObjectIdentifier: Int]
    private let nodeByLabel: [String: RASPExpr]
    private let parentsByLabel: [String: [String]]

    /// Builds the graph of the program whose output is `output`.
    public init(_ output: SOp) { self.init(expr: .sop(output)) }

    /// Builds the graph rooted at any expression.
    public init(expr output: RASPExpr) {
        self.output = output
        var labelByID: [ObjectIdentifier: String] = [:]
        var uniqueIDByID: [ObjectIdentifier: Int] = [:]
        var expressions: [RASPExpr] = []
        var nodes: [RASPExpr] = []
        var nodeByLabel: [String: RASPExpr] = [:]
        var parents: [String: [String]] = [:]
        var nextID = 1

        func touch(_ expr: RASPExpr) -> String {
            if let label = labelByID[expr.id] { return label }
            let label: String
            if let fixed = expr.primitiveLabel {
                label = fixed
            } else {
                uniqueIDByID[expr.id] = nextID
                label = "\(expr.name)_\(nextID)"
                nextID += 1
            }
            labelByID[expr.id] = label
            expressions.append(expr)
            if nodeByLabel[label] == nil {
                nodeByLabel[label] = expr
                nodes.append(expr)
            }
            return label
        }

        var queue: [RASPExpr] = [output]
        var head = 0
        var expanded: Set<ObjectIdentifier> = []
        _ = touch(output)
        while head < queue.count {
            let expr = queue[head]
            head += 1
            guard expanded.insert(expr.id).inserted else { continue }
            let parentLabel = touch(expr)
            for child in expr.children {
                let childLabel = touch(child)
                if !(parents[childLabel]?.contains(parentLabel) ?? false) {
                    parents[childLabel, default: []].append(parentLabel)
                }
                queue.append(child)
            }
        }

        self.labelByID = labelByID
        self.uniqueIDByID = uniqueIDByID
        self.expressions = expressions
        self.nodes = nodes
        self.nodeByLabel = nodeByLabel
        self.parentsByLabel = parents
    }

    /// The label of an expression of this program. Asking for an expression that is not part
    /// of the program is a programming error.
    public func label(of expr: RASPExpr) -> String {
        guard let label = labelByID[expr.id] else {
            preconditionFailure("expression \(expr.name) is not part of this RASPGraph")
        }
        return label
    }

    /// The label of an SOp of this program.
    public func label(of sop: SOp) -> String { label(of: .sop(sop)) }

    /// The label of a selector of this program.
    public func label(of selector: Selector) -> String { label(of: .selector(selector)) }

    /// The label, or `nil` when the expression is not part of this program.
    public func labelIfPresent(_ expr: RASPExpr) -> String? { labelByID[expr.id] }

    /// Whether the expression (by identity) is part of this program.
    public func contains(_ expr: RASPExpr) -> Bool { labelByID[expr.id] != nil }

    /// Tracr's `unique_id` of a non-primitive expression (1 for the output); `nil` for
    /// primitives and for expressions outside the program.
    public func uniqueID(of expr: RASPExpr) -> Int? { uniqueIDByID[expr.id] }

    /// The node with this label.
    public func node(labelled label: String) -> RASPExpr? { nodeByLabel[label] }

    /// The output's label.
    public var outputLabel: String { label(of: output) }

    /// All labels in node order.
    public var labels: [String] { nodes.map { label(of: $0) } }

    /// Labels of the children of a node, in Tracr's order.
    public func childLabels(of expr: RASPExpr) -> [String] { expr.children.map { label(of: $0) } }

    /// Labels of the expressions that use this label as an operand (graph edges child → parent),
    /// in discovery order.
    public func parentLabels(of label: String) -> [String] { parentsByLabel[label] ?? [] }

    /// The nodes without children (Tracr's `sources`), each once, in node order.
    public var sources: [RASPExpr] { nodes.filter { $0.children.isEmpty } }

    /// All edges `(child, parent)` by label, in discovery order.
    public var edges: [(child: String, parent: String)] {
        nodes.flatMap { node -> [(child: String, parent: String)] in
            let parent = label(of: node)
            var seen: Set<String> = []
            return node.children.compactMap { child in
                let c = label(of: child)
                return seen.insert(c).inserted ? (child: c, parent: parent) : nil
            }
        }
    }

    /// The SOp nodes, in node order.
    public var sops: [SOp] { nodes.compactMap(\.sop) }

    /// The selector nodes, in node order.
    public var selectors: [Selector] { nodes.compactMap(\.selector) }

    /// Every expression object (by identity, including duplicate primitives) in an order where
    /// operands come before their users: a depth-first post-order from the output.
    public var operandsFirstExpressions: [RASPExpr] {
        var visited: Set<ObjectIdentifier> = [output.id]
        var order: [RASPExpr] = []
        var stack: [(RASPExpr, Int)] = [(output, 0)]
        while let (expr, childIndex) = stack.popLast() {
            let children = expr.children
            if childIndex < children.count {
                stack.append((expr, childIndex + 1))
                let child = children[childIndex]
                if visited.insert(child.id).inserted { stack.append((child, 0)) }
            } else {
                order.append(expr)
            }
        }
        return order
    }

    /// One node per label in an order where operands come before their users: a depth-first
    /// post-order from the output (Tracr's value-set inference order).
    public var topologicalOrder: [RASPExpr] {
        var visited: Set<String> = []
        var order: [RASPExpr] = []
        // Iterative post-order DFS over labels.
        var stack: [(RASPExpr, Int)] = [(output, 0)]
        visited.insert(label(of: output))
        while let (expr, childIndex) = stack.popLast() {
            let children = expr.children
            if childIndex < children.count {
                stack.append((expr, childIndex + 1))
                let child = children[childIndex]
                let childLabel = label(of: child)
                if visited.insert(childLabel).inserted {
                    stack.append((nodeByLabel[childLabel] ?? child, 0))
                }
            } else {
                order.append(expr)
            }
        }
        return order
    }
}
