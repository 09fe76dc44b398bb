import AltaTensors

/// SVG pictures of a forward trace, following the Tracr notebook's conventions: one panel
/// per stage (the embedding, then the residual after every sublayer, titled as in the text
/// trace: `layer 1` / `iteration 1` over `attention` and `mlp`, see `TraceStage`),
/// residual labels down the side, input tokens along the bottom, colour range 0…1 (blue;
/// negative values red); and one attention-pattern grid per head (query rows, key columns).
public enum TracePlots {
    /// The residual stream at every stage, side by side.
    public static func residualSVG(model: TransformerModel, tokens: [String], trace: SequenceTrace) -> String {
        let stages = trace.stages(layout: model.layout)
        let labels = model.residualLabels
        let cell = labels.count > 400 ? 4.0 : 12.0
        let labelWidth = Double((labels.map(\.count).max() ?? 4) * 7 + 10)
        let panelWidth = max(Double(tokens.count) * cell + 14, 96)
        let tokenHeight = Double((tokens.map(\.count).max() ?? 3) * 7 + 10)
        let width = labelWidth + Double(stages.count) * panelWidth + 10
        let height = 40 + Double(labels.count) * cell + tokenHeight
        var svg = SVGCanvas(width: width, height: height)
        if cell >= 8 {
            for (i, label) in labels.enumerated() {
                svg.text(label, x: labelWidth - 6, y: 40 + (Double(i) + 0.8) * cell, size: 10, anchor: "end")
            }
        }
        for (s, stage) in stages.enumerated() {
            let x0 = labelWidth + Double(s) * panelWidth
            let (title, residual) = (stage.title, stage.residual)
            let middle = x0 + Double(tokens.count) * cell / 2
            svg.text(stage.step ?? "", x: middle, y: 14, size: 11, anchor: "middle", bold: true)
            svg.text(stage.sublayer, x: middle, y: 27, size: 11, anchor: "middle", bold: true)
            for p in 0..<residual.rows {
                for d in 0..<residual.columns {
                    svg.rect(x: x0 + Double(p) * cell, y: 40 + Double(d) * cell, width: cell, height: cell,
                             fill: SVGCanvas.color(residual[p, d]),
                             title: "\(title) · \(tokens[safe: p] ?? "") · \(labels[d]) = \(residual[p, d])")
                }
            }
            for (p, token) in tokens.enumerated() {
                svg.text(token, x: x0 + (Double(p) + 0.7) * cell, y: 44 + Double(labels.count) * cell, size: 10, anchor: "end", rotate: true)
            }
        }
        return svg.document
    }

    /// Every head's attention pattern at every layer application, one row per layer
    /// (named as in the text trace: `layer N` or `iteration N`), query and key axes
    /// labelled with the input tokens.
    public static func attentionSVG(layout: ModelLayout, tokens: [String], trace: SequenceTrace) -> String {
        let cell = 16.0
        let t = Double(tokens.count)
        let margin = Double((tokens.map(\.count).max() ?? 3) * 7 + 10)
        let panel = t * cell + margin + 20
        let heads = trace.layers.map(\.attentionPatterns.count).max() ?? 0
        let width = 80 + Double(max(heads, 1)) * panel
        let height = 20 + Double(trace.layers.count) * (panel + 20)
        var svg = SVGCanvas(width: width, height: height)
        for (row, step) in trace.layers.enumerated() {
            let y0 = 20 + Double(row) * (panel + 20)
            svg.text(layout.stepName(step.step), x: 4, y: y0 + 14, size: 12, bold: true)
            for (h, pattern) in step.attentionPatterns.enumerated() {
                let x0 = 80 + Double(h) * panel + margin
                svg.text("head \(h)", x: x0 + t * cell / 2, y: y0 + 12, size: 11, anchor: "middle")
                for i in 0..<pattern.rows {
                    svg.text(tokens[safe: i] ?? "", x: x0 - 4, y: y0 + 20 + (Double(i) + 0.75) * cell, size: 10, anchor: "end")
                    for j in 0..<pattern.columns {
                        svg.rect(x: x0 + Double(j) * cell, y: y0 + 20 + Double(i) * cell, width: cell, height: cell,
                                 fill: SVGCanvas.color(pattern[i, j]),
                                 title: "query \(i) (\(tokens[safe: i] ?? "")) → key \(j) (\(tokens[safe: j] ?? "")): \(pattern[i, j])")
                    }
                }
                for (j, token) in tokens.enumerated() {
                    svg.text(token, x: x0 + (Double(j) + 0.7) * cell, y: y0 + 24 + t * cell, size: 10, anchor: "end", rotate: true)
                }
            }
        }
        return svg.document
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
