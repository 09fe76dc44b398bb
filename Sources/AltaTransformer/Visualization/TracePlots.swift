import AltaTensors

/// SVG pictures of a forward trace, following the Tracr notebook's conventions: one panel
/// per stage (the embedding, then the residual after every sublayer, titled as in the text
/// trace: `layer 1` / `iteration 1` over `attention` and `mlp`, see `TraceStage`),
/// residual labels down the side, input tokens along the bottom; and one attention-pattern
/// grid per head (query rows, key columns, a sink column for heads with a sink). Colours
/// follow ``ColorScale`` over the picture's own range, stated in a legend; every cell's
/// tooltip holds its exact value.
public enum TracePlots {
    /// The residual stream at every stage, side by side.
    public static func residualSVG(model: TransformerModel, tokens: [String], trace: SequenceTrace) -> String {
        let stages = trace.stages(layout: model.layout)
        let labels = model.residualLabels
        let scale = ColorScale(values: stages.lazy.flatMap(\.residual.values))
        let cell = labels.count > 400 ? 4.0 : 12.0
        let labelWidth = Double((labels.map(\.count).max() ?? 4) * 7 + 10)
        let panelWidth = max(Double(tokens.count) * cell + 14, 96)
        let tokenHeight = Double((tokens.map(\.count).max() ?? 3) * 7 + 10)
        let top = 62.0
        let width = max(labelWidth + Double(stages.count) * panelWidth + 10, 520)
        let height = top + Double(labels.count) * cell + tokenHeight
        var svg = SVGCanvas(width: width, height: height, title: "residual stream")
        svg.text("residual stream (rows: residual directions; columns: positions)", x: 4, y: 14, size: 12, bold: true)
        svg.legend(scale, x: 4, y: 20)
        if cell >= 8 {
            for (i, label) in labels.enumerated() {
                svg.text(label, x: labelWidth - 6, y: top + (Double(i) + 0.8) * cell, size: 10, anchor: "end")
            }
        }
        for (s, stage) in stages.enumerated() {
            let x0 = labelWidth + Double(s) * panelWidth
            let (title, residual) = (stage.title, stage.residual)
            let middle = x0 + Double(tokens.count) * cell / 2
            svg.text(stage.step ?? "", x: middle, y: top - 16, size: 11, anchor: "middle", bold: true)
            svg.text(stage.sublayer, x: middle, y: top - 4, size: 11, anchor: "middle", bold: true)
            for p in 0..<residual.rows {
                for d in 0..<residual.columns {
                    svg.rect(x: x0 + Double(p) * cell, y: top + Double(d) * cell, width: cell, height: cell,
                             fill: scale.color(residual[p, d]),
                             title: "\(title) · \(tokens[safe: p] ?? "") · \(labels[safe: d] ?? "#\(d)") = \(residual[p, d])")
                }
            }
            for (p, token) in tokens.enumerated() {
                svg.text(token, x: x0 + (Double(p) + 0.7) * cell, y: top + 4 + Double(labels.count) * cell, size: 10, anchor: "end", rotate: true)
            }
        }
        return svg.document
    }

    /// Every head's attention pattern at every layer application, one row per layer
    /// (named as in the text trace: `layer N` or `iteration N`), each grid titled
    /// `layer N head H` with what the head computes, query and key axes labelled with the
    /// input tokens, a sink column for heads with a sink (rows sum to 1) and one legend.
    public static func attentionSVG(model: TransformerModel, tokens: [String], trace: SequenceTrace) -> String {
        let grids = AttentionGrid.grids(model: model, tokens: tokens, trace: trace)
        let scale = ColorScale(values: grids.flatMap { $0.weights.flatMap { $0.map(Float.init) } } + [0, 1])
        let metrics = GridMetrics(queries: tokens, keys: tokens + (grids.contains(where: \.hasSink) ? [AttentionGrid.sinkLabel] : []))
        let heads = trace.layers.map(\.attentionPatterns.count).max() ?? 0
        let width = max(Double(max(heads, 1)) * (metrics.width + 16) + 8, 560)
        let top = 52.0
        let height = top + Double(trace.layers.count) * (metrics.height + 12)
        var svg = SVGCanvas(width: width, height: height, title: "attention patterns")
        svg.text("attention patterns (rows: queries; columns: keys)", x: 4, y: 14, size: 12, bold: true)
        svg.legend(scale, x: 4, y: 20)
        var index = 0
        for (row, step) in trace.layers.enumerated() {
            for h in step.attentionPatterns.indices where index < grids.count {
                draw(grids[index], scale: scale, metrics: metrics, into: &svg,
                     x: 8 + Double(h) * (metrics.width + 16), y: top + Double(row) * (metrics.height + 12))
                index += 1
            }
        }
        return svg.document
    }

    /// One head's grid as its own picture: title, what it computes, the grid and a legend.
    public static func attentionSVG(_ grid: AttentionGrid, scale: ColorScale = ColorScale(minimum: 0, maximum: 1)) -> String {
        let metrics = GridMetrics(queries: grid.queries, keys: grid.keys)
        var svg = SVGCanvas(width: max(metrics.width + 16, 330), height: metrics.height + 52, title: grid.title)
        draw(grid, scale: scale, metrics: metrics, into: &svg, x: 8, y: 4)
        svg.legend(scale, x: 8, y: metrics.height + 12, width: 90)
        return svg.document
    }

    /// Sizes of a grid panel for these axis labels.
    struct GridMetrics {
        let cell = 18.0
        let rowLabels: Double, columnLabels: Double, columns: Int, rows: Int
        init(queries: [String], keys: [String]) {
            rowLabels = Double(min(queries.map(\.count).max() ?? 3, 14) * 7 + 12)
            columnLabels = Double(min(keys.map(\.count).max() ?? 3, 14) * 7 + 10)
            rows = queries.count
            columns = keys.count
        }
        var width: Double { rowLabels + Double(columns) * cell }
        var height: Double { 34 + Double(rows) * cell + columnLabels }
    }

    /// Draws `grid` with its title at `(x, y)`.
    static func draw(_ grid: AttentionGrid, scale: ColorScale, metrics: GridMetrics, into svg: inout SVGCanvas, x: Double, y: Double) {
        let cell = metrics.cell
        let x0 = x + metrics.rowLabels, y0 = y + 34
        svg.text(grid.title, x: x, y: y + 12, size: 12, bold: true)
        svg.text(clip(grid.summary, Int((metrics.width) / 6.2)), x: x, y: y + 26, size: 10, fill: "#555", title: grid.summary)
        for (i, query) in grid.queries.enumerated() {
            svg.text(clip(query, 14), x: x0 - 4, y: y0 + (Double(i) + 0.72) * cell, size: 10, anchor: "end", title: "query \(i): \(query)")
            for (j, key) in grid.keys.enumerated() {
                let w = grid.weights[safe: i]?[safe: j] ?? 0
                svg.rect(x: x0 + Double(j) * cell, y: y0 + Double(i) * cell, width: cell, height: cell,
                         fill: scale.color(Float(w)),
                         title: "\(grid.title): query \(i) (\(query)) → \(grid.hasSink && j == grid.keys.count - 1 ? "sink" : "key \(j) (\(key))"): \(w)")
            }
        }
        if grid.hasSink {
            let sx = x0 + Double(grid.keys.count - 1) * cell
            svg.line(x1: sx, y1: y0, x2: sx, y2: y0 + Double(grid.queries.count) * cell, stroke: "#333", width: 1.5)
        }
        svg.rect(x: x0, y: y0, width: Double(grid.keys.count) * cell, height: Double(grid.queries.count) * cell, fill: "none", stroke: "#aaa")
        for (j, key) in grid.keys.enumerated() {
            svg.text(clip(key, 14), x: x0 + (Double(j) + 0.7) * cell, y: y0 + 4 + Double(grid.queries.count) * cell, size: 10,
                     anchor: "end", rotate: true, title: "key \(j): \(key)")
        }
    }

    /// `s` cut to `n` characters with an ellipsis.
    static func clip(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(max(1, n - 1))) + "…"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
