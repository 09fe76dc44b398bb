import AltaTensors
import Testing
@testable import AltaTransformer

/// The attention sublayer of the sparse-rows backend on tiny hand-written heads: the
/// combined projection's segments, which of them are static in a looped model, the
/// sharp-sink short cut and the stacked output projection.
@Suite struct SparseAttentionPlanTests {
    /// A `[rows, columns]` weight with ones at `entries` (row, column).
    static func weight(_ rows: Int, _ columns: Int, _ entries: [(Int, Int)]) -> WeightMatrix {
        var m = Matrix(rows: rows, columns: columns)
        for (r, c) in entries { m[r, c] = 1 }
        return WeightMatrix(m)
    }

    /// Two heads over a 4-dimensional residual: head 0 reads dimensions 0 and 1 and writes
    /// dimension 2; head 1 reads dimension 2 and writes `head1Writes`.
    static func layer(head1Writes: Int, sink: Float?) -> TransformerLayer {
        let head0 = AttentionHead(
            query: weight(4, 1, [(0, 0)]), key: weight(4, 1, [(1, 0)]), value: weight(4, 1, [(1, 0)]),
            output: weight(1, 4, [(0, 2)]), sinkLogit: sink)
        let head1 = AttentionHead(
            query: weight(4, 2, [(2, 0), (2, 1)]), key: weight(4, 2, [(2, 1)]), value: weight(4, 1, [(2, 0)]),
            output: weight(1, 4, [(0, head1Writes)]))
        return TransformerLayer(
            heads: [head0, head1],
            feedForward: FeedForward(layers: [LinearLayer(weight: weight(4, 4, [(2, 3)]))], activation: .relu))
    }

    @Test func segmentsAndOffsets() {
        let plan = SparseAttentionPlan(layer: Self.layer(head1Writes: 3, sink: nil), dModel: 4, scale: 1, causal: false)
        #expect(plan.headCount == 2)
        #expect(plan.widths == [1, 2] && plan.valueWidths == [1, 1])
        // Queries of both heads, then keys, then values.
        #expect(plan.queryOffsets == [0, 1] && plan.keyOffsets == [3, 4] && plan.valueOffsets == [6, 7])
        #expect(plan.segmentBounds == [0, 1, 3, 4, 6, 7, 8])
        #expect(plan.segmentOf == [0, 1, 1, 2, 3, 3, 4, 5])
        #expect(plan.projection.nonZeroCount == 7 && plan.staticProjection.nonZeroCount == 0)
        #expect(plan.segmentIsStatic == [false, false, false, false, false, false])
    }

    /// In a looped model, segments that read only dimensions no layer writes (here 0 and 1:
    /// head 0's query, key and value) are static: computed once per sequence.
    @Test func staticSegmentsReadOnlyUnwrittenDimensions() {
        let plan = SparseAttentionPlan(
            layer: Self.layer(head1Writes: 3, sink: nil), dModel: 4, scale: 1, causal: false,
            staticDimensions: [true, true, false, false])
        #expect(plan.segmentIsStatic == [true, false, true, false, true, false])
        #expect(plan.staticProjection.nonZeroCount == 3 && plan.projection.nonZeroCount == 4)
    }

    /// A sink above 104 on an unmasked, non-causal head makes every key sharing no column
    /// with the query weigh exactly 0.
    @Test func sharpSinks() {
        let sharp = SparseAttentionPlan(layer: Self.layer(head1Writes: 3, sink: 200), dModel: 4, scale: 1, causal: false)
        #expect(sharp.sharpSink == [true, false])
        #expect(sharp.sinks[0] == 200 && sharp.sinks[1].isNaN)
        let mild = SparseAttentionPlan(layer: Self.layer(head1Writes: 3, sink: 2), dModel: 4, scale: 1, causal: false)
        #expect(mild.sharpSink == [false, false])
        let causal = SparseAttentionPlan(layer: Self.layer(head1Writes: 3, sink: 200), dModel: 4, scale: 1, causal: true)
        #expect(causal.sharpSink == [false, false])
    }

    /// Heads writing different residual columns share one stacked output projection; two
    /// heads writing one column keep their own (the sums' order must stay the runtime's).
    @Test func combinedOutputOnlyForDisjointWriters() throws {
        let disjoint = SparseAttentionPlan(layer: Self.layer(head1Writes: 3, sink: nil), dModel: 4, scale: 1, causal: false)
        let combined = try #require(disjoint.combinedOutput)
        #expect(combined.rows == 2 && combined.columnIndices == [2, 3])
        let shared = SparseAttentionPlan(layer: Self.layer(head1Writes: 2, sink: nil), dModel: 4, scale: 1, causal: false)
        #expect(shared.combinedOutput == nil)
    }

    /// The tiny layer, looped with either output choice, runs on the sparse backend exactly
    /// as the reference pass.
    @Test(arguments: [2, 3])
    func tinyLoopedModelMatchesTheReference(head1Writes: Int) throws {
        let embedding = try Matrix([[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 0, 0]])
        let model = try TransformerModel(
            tokenEmbedding: embedding, positionEmbedding: Matrix(rows: 4, columns: 4),
            layers: [Self.layer(head1Writes: head1Writes, sink: 200)], layout: .looped(maxIterations: 3, halting: nil),
            unembedding: WeightMatrix(Matrix.identity(4)), attentionScale: 1,
            residualLabels: ["a", "b", "c", "d"], inputEncoder: InputEncoder(tokens: ["x", "y", "z"]),
            outputEncoder: .categorical(values: ["a", "b", "c", "d"]))
        try SparseBackendTests.expectBothBackendsMatchReference(model, [[0, 1, 2], [2, 2], [1]])
    }
}
