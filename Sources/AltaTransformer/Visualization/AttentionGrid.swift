import AltaTensors
import Foundation

/// One head's attention at one layer application, as the pictures and reports draw it:
/// query rows × key columns labelled with the input tokens, plus a `sink` column for a
/// head with an attention sink, so that every row sums to 1 (the runtime's pattern leaves
/// the sink's share out).
public struct AttentionGrid: Sendable {
    /// `layer 2 head 0` (stacked) or `iteration 3 head 1` (looped); layers counted from 1,
    /// heads from 0 as in the exported weights.
    public let title: String
    /// What the head computes (``ModelGraph/Head/summary``).
    public let summary: String
    /// The layer application (0-based) and the head index.
    public let step: Int, head: Int
    /// Row labels: the tokens.
    public let queries: [String]
    /// Column labels: the tokens, then `sink` when the head has one.
    public let keys: [String]
    /// `[queries][keys]` weights; a row sums to 1 (0 for a query that sees no key and has no sink).
    public let weights: [[Double]]

    /// Whether the last column is the sink's.
    public var hasSink: Bool { keys.count > queries.count }

    /// The column label of the sink.
    public static let sinkLabel = "sink"

    /// Every head's grid at every layer application of `trace` (a trace at
    /// `TraceLevel.full`; none for a trace without patterns). `tokens` label the axes.
    public static func grids(model: TransformerModel, tokens: [String], trace: SequenceTrace, graph: ModelGraph? = nil) -> [AttentionGrid] {
        let graph = graph ?? ModelGraph(model: model)
        var result: [AttentionGrid] = []
        for step in trace.layers {
            guard model.layers.indices.contains(step.layer) else { continue }
            let heads = model.layers[step.layer].heads
            for (h, pattern) in step.attentionPatterns.enumerated() where h < heads.count {
                let sink = heads[h].sinkLogit
                let logits = step.attentionLogits.indices.contains(h) ? step.attentionLogits[h] : nil
                var weights: [[Double]] = []
                for i in 0..<pattern.rows {
                    var row = (0..<pattern.columns).map { Double(pattern[i, $0]) }
                    if let sink {
                        row.append(logits.map { sinkWeight(logits: $0, row: i, sink: sink) } ?? max(0, 1 - row.reduce(0, +)))
                    }
                    weights.append(row)
                }
                let labels = (0..<pattern.rows).map { tokens[safe: $0] ?? "#\($0)" }
                result.append(AttentionGrid(
                    title: "\(model.layout.stepName(step.step)) head \(h)",
                    summary: graph.head(layer: step.layer, index: h)?.summary ?? "",
                    step: step.step, head: h, queries: labels,
                    keys: labels + (sink == nil ? [] : [sinkLabel]), weights: weights))
            }
        }
        return result
    }

    /// The sink's share of query `row`: `exp(s − m) / (Σ_visible exp(l − m) + exp(s − m))`
    /// over the scaled logits (invisible keys are −∞ and count 0), in double precision.
    static func sinkWeight(logits: Matrix, row: Int, sink: Float) -> Double {
        var m = Double(sink)
        for j in 0..<logits.columns where logits[row, j].isFinite { m = max(m, Double(logits[row, j])) }
        var total = exp(Double(sink) - m)
        let own = total
        for j in 0..<logits.columns where logits[row, j].isFinite { total += exp(Double(logits[row, j]) - m) }
        return own / total
    }
}
