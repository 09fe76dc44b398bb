import AltaTransformer
import Foundation
import Testing

/// The program graph read off the weights: what each head and MLP reads and writes.
@Suite struct ModelGraphTests {
    @Test func altaHeadsReadTheirQueryKeyAndValueVariables() throws {
        let built = try ReportFixtures.alta()
        let graph = ModelGraph(model: built.model)
        let head0 = try #require(graph.head(layer: 0, index: 0))
        #expect(head0.writes == ["parity_left"] && head0.value == ["parity"])
        #expect(head0.query == ["idx_left"] && head0.key == ["idx"] && head0.hasSink)
        #expect(head0.summary == "parity_left ← value parity (query idx_left; key idx; with sink)")
        let variables = Dictionary(uniqueKeysWithValues: graph.variables.map { ($0.name, $0.writers) })
        #expect(variables["parity"] == [.embedding, .mlp(layer: 0)], "set from the token, updated by the rules")
        #expect(variables["idx"] == [.embedding])
        #expect(variables["parity_left"]?.first == .attention(layer: 0))
        // The rules read the heads' outputs to update parity.
        #expect(graph.edges.contains(ModelGraph.Edge(from: .variable("parity_left"), to: .variable("parity"), role: "mlp", layer: 0)))
        #expect(graph.edges.contains(ModelGraph.Edge(from: .head(layer: 0, index: 0), to: .variable("parity_left"), role: "writes", layer: 0)))
    }

    @Test func raspGraphPlacesEachSOpInItsLayerAndMatchesTheExport() throws {
        let built = try ReportFixtures.rasp()
        let graph = ModelGraph(model: built.model)
        let sort = try #require(graph.variables.first { $0.name == "sort_1" })
        #expect(sort.computedIn == .attention(layer: 2))
        #expect(sort.computedIn?.name(layout: built.model.layout) == "layer 3 attention")
        #expect(graph.edges.contains(ModelGraph.Edge(
            from: .variable("target_pos_3_selector_width_attn_output"), to: .variable("target_pos_3"), role: "mlp", layer: 1)))
        #expect(!graph.edges.contains { $0.from == $0.to }, "no self-loops")
        // The same graph from the exported folder.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-graph-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try built.model.export(to: folder, name: "sort")
        let loaded = ModelGraph(model: try TransformerModel.load(from: folder))
        #expect(loaded.variables == graph.variables && loaded.heads == graph.heads && loaded.edges == graph.edges)
    }
}
