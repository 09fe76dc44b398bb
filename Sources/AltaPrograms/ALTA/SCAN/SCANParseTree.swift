/// A SCAN parse produced by ``SCANParseTree/parse(_:)``: a plain-Swift re-statement of the
/// shift-reduce algorithm the ALTA program runs (greedy reduction over the top three
/// stack symbols, `and`/`after` only before `eos`), with the counts that determine the
/// program's layer count.
///
/// Nodes are numbered in reduction order (children before parents), exactly the order in
/// which the program fills its tree slots; the last node is the root.
public struct SCANParseTree: Hashable, Sendable {
    /// A tree node: the grammar rule reduced, its child nodes (by source `S` order), its
    /// parent (`nil` for the root).
    public struct Node: Hashable, Sendable {
        /// Index into ``SCANGrammar/rules``.
        public var rule: Int
        /// Node indices of the rule's first and second source `S`.
        public var children: [Int]
        /// Node index of the parent.
        public var parent: Int?
    }

    /// The nodes in reduction order.
    public private(set) var nodes: [Node]
    /// Number of shifts (= command words, `L`).
    public let shiftCount: Int
    /// Largest number of stack entries at any time.
    public let maxStackDepth: Int

    /// Index of the root node (the last one reduced).
    public var root: Int { nodes.count - 1 }
    /// Number of reductions (= tree nodes, `R`).
    public var reductionCount: Int { nodes.count }

    /// Parses `command`; throws ``SCANError/notInGrammar(command:reason:)`` when the parse
    /// does not end in a single `S`, when two rules match at once, or when the stack or
    /// tree outgrows the program's 8 slots.
    public static func parse(_ command: [SCANWord]) throws(SCANError) -> SCANParseTree {
        func reject(_ reason: String) -> SCANError {
            .notInGrammar(command: command.commandText, reason: reason)
        }
        guard !command.isEmpty else { throw .emptyCommand }
        var stack: [Int] = []  // symbol ids, last = top
        var stackNodes: [Int?] = []
        var nodes: [Node] = []
        var next = 0
        var maxDepth = 0
        while true {
            let matches = SCANGrammar.matchingRules(
                stack: stack, lookaheadIsEnd: next == command.count)
            if matches.count > 1 {
                throw reject("rules \(matches) match at once")
            }
            if let ruleIndex = matches.first {
                let rule = SCANGrammar.rules[ruleIndex]
                let children = (0..<2).compactMap { k -> Int? in
                    let depth = rule.childStackPosition(k)
                    return depth < 3 ? stackNodes[stack.count - 1 - depth] : nil
                }
                let node = nodes.count
                for child in children { nodes[child].parent = node }
                nodes.append(Node(rule: ruleIndex, children: children, parent: nil))
                guard nodes.count <= SCANLayout.treeLength else {
                    throw reject("more than \(SCANLayout.treeLength) tree nodes")
                }
                stack.removeLast(rule.source.count)
                stackNodes.removeLast(rule.source.count)
                stack.append(SCANSymbol.nonterminalID)
                stackNodes.append(node)
            } else if next == command.count {
                guard stack != [SCANSymbol.nonterminalID] else {
                    return SCANParseTree(nodes: nodes, shiftCount: next, maxStackDepth: maxDepth)
                }
                throw reject("no rule reduces the stack "
                    + stack.compactMap { SCANSymbol(id: $0)?.description }
                        .joined(separator: " "))
            } else {
                stack.append(command[next].symbolID)
                stackNodes.append(nil)
                next += 1
                guard stack.count <= SCANLayout.stackLength else {
                    throw reject("more than \(SCANLayout.stackLength) stack entries")
                }
            }
            maxDepth = max(maxDepth, stack.count)
        }
    }

    /// Walks the tree as the program's decoder does (depth first along each rule's target,
    /// revisiting shared children for `twice`/`thrice`/`around`) and returns the actions
    /// and the number of decode actions executed (`D`; the root's final PARENT is not).
    public func decode() -> (actions: [SCANAction], decodeSteps: Int) {
        var symbolIndex = [Int](repeating: 0, count: nodes.count)
        var current = root
        var actions: [SCANAction] = []
        var steps = 0
        while true {
            let rule = SCANGrammar.rules[nodes[current].rule]
            let j = symbolIndex[current]
            if j == rule.target.count {
                guard let parent = nodes[current].parent else { break }
                symbolIndex[current] = 0
                current = parent
            } else if let child = rule.targetChild[j] {
                symbolIndex[current] += 1
                current = nodes[current].children[child]
            } else {
                // Target terminals are actions (the grammar's targets hold nothing else).
                if let action = SCANAction(symbolID: rule.targetIDs[j]) { actions.append(action) }
                symbolIndex[current] += 1
            }
            steps += 1
        }
        return (actions, steps)
    }

    /// The number of layers the SCAN ALTA program needs to reach DONE
    /// (ALTA-EXAMPLES §5.7): `4·(L + R) + 8 + 3·D`.
    public var layerCount: Int {
        4 * (shiftCount + reductionCount) + 8 + 3 * decode().decodeSteps
    }
}
