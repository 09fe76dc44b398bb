import AltaPrograms
import RASP
import Testing

/// Breadth-first labelling and graph helpers (§1.4, §7).
@Suite struct GraphTests {
    @Test func labelsNumberNodesBreadthFirstFromTheOutput() throws {
        let allTrue = Select(tokens, tokens, .true).named("all_true_selector")
        let len = SelectorWidth(allTrue).named("length")
        var oppIdx = (len - indices).named("opp_idx")
        oppIdx = (oppIdx - 1).named("opp_idx-1")
        let sel = Select(indices, oppIdx, .eq).named("reverse_selector")
        let reverse = Aggregate(sel, tokens).named("reverse")
        let graph = RASPGraph(reverse)
        // The reference's example (fresh Tracr process).
        #expect(graph.labels == [
            "reverse_1", "reverse_selector_2", "tokens", "indices", "opp_idx-1_3", "opp_idx_4", "length_5",
            "all_true_selector_6",
        ])
        #expect(graph.uniqueID(of: reverse.expr) == 1)
        #expect(graph.uniqueID(of: tokens.expr) == nil)
        #expect(graph.label(of: len) == "length_5")
        #expect(graph.label(of: allTrue) == "all_true_selector_6")
        #expect(graph.childLabels(of: sel.expr) == ["indices", "opp_idx-1_3"])
        #expect(graph.parentLabels(of: "indices") == ["reverse_selector_2", "opp_idx_4"])
        #expect(graph.parentLabels(of: "tokens") == ["reverse_1", "all_true_selector_6"])
        #expect(graph.sources.map { graph.label(of: $0) } == ["tokens", "indices"])
        #expect(graph.edges.count == 9)
        #expect(graph.sops.count == 6 && graph.selectors.count == 2)
        #expect(graph.node(labelled: "opp_idx_4")?.sop === oppIdx.children[0].sop)
    }

    @Test func sharedSubexpressionsGetOneLabelAndDistinctOnesGetDistinctLabels() {
        let sel = Select(indices, tokens, .eq)
        let program = Aggregate(sel, Aggregate(sel, indices))
        #expect(RASPGraph(program).labels == ["aggregate_1", "select_2", "aggregate_3", "indices", "tokens"])
        // Two separately built identical expressions are distinct nodes (§19 item 17).
        let a = tokens == 1
        let b = tokens == 1
        let graph = RASPGraph(a & b)
        #expect(graph.labels == ["sequence_map_1", "map_2", "map_3", "tokens"])
        // A named copy of an expression is a different node from the original.
        let m = tokens + 1
        let copies = RASPGraph(m + numerical(m))
        #expect(copies.labels == ["sequence_map_1", "map_2", "map_3", "tokens"])
    }

    @Test func duplicatePrimitivesShareTheirFixedLabel() {
        let copy = categorical(tokens)
        let program = SequenceMap({ x, _ in x }, tokens, copy)
        let graph = RASPGraph(program)
        #expect(graph.labels == ["sequence_map_1", "tokens"])
        #expect(graph.expressions.count == 3)
        #expect(graph.labelIfPresent(copy.expr) == "tokens")
        #expect(graph.node(labelled: "tokens")?.sop === tokens, "the first one discovered represents the label")
        #expect(!graph.contains(categorical(tokens).expr))
    }

    @Test func operandsComeBeforeUsersInTopologicalOrders() throws {
        for entry in RASPLibrary.all {
            let graph = RASPGraph(try entry.build())
            for order in [graph.topologicalOrder, graph.operandsFirstExpressions] {
                var seen: Set<String> = []
                for expr in order {
                    for child in expr.children {
                        #expect(seen.contains(graph.label(of: child)), "\(entry.name): \(graph.label(of: child)) after its user")
                    }
                    seen.insert(graph.label(of: expr))
                }
                #expect(order.last.map { graph.label(of: $0) } == graph.outputLabel)
            }
            #expect(Set(graph.topologicalOrder.map { graph.label(of: $0) }) == Set(graph.labels))
        }
    }
}
