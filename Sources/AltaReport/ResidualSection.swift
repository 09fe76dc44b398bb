import AltaTensors
import AltaTransformer

/// The report's residual-stream section: after the embedding and every sublayer, one table
/// with a row per variable (decoded as every trace decodes it, ``ResidualGroups``: the
/// value of a categorical variable, the number of a numerical one) and a column per
/// position headed by its token. Cells that changed since the previous stage are outlined;
/// numerical cells are coloured on the section's scale; every cell's tooltip holds the
/// exact residual value behind it. Below, the raw residual as a heatmap (when not too
/// large, ``HTMLReport/heatmapCellLimit``).
struct ResidualSection {
    let model: TransformerModel
    let tokens: [String]
    let trace: SequenceTrace
    let cellLimit: Int

    func write(into page: inout HTMLWriter) {
        let groups = ResidualGroups(labels: model.residualLabels)
        let stages = trace.stages(layout: model.layout)
        let numerical = groups.groups.compactMap(\.numericalDimension)
        let scale = ColorScale(values: stages.lazy.flatMap { stage in
            numerical.lazy.flatMap { d in (0..<stage.residual.rows).lazy.map { stage.residual[$0, d] } }
        })
        page.raw("<section id=\"residual\">\n")
        page.element("h2", "Residual stream")
        page.element("p", "After the embedding and after every sublayer, each variable decoded at each position: a categorical "
            + "variable shows the value whose direction is largest (- when none reaches \(OutputEncoder.nullThreshold)), a "
            + "numerical one its number. Outlined cells changed since the previous table. Hover a cell for the residual value behind it.")
        if !numerical.isEmpty {
            var legend = SVGCanvas(width: 520, height: 36, title: "colour legend of numerical variables")
            legend.legend(scale, x: 4, y: 4)
            page.raw("<div class=\"legend-note\">numerical variables, \(SVGCanvas.escape(scale.caption)):<br/>\(legend.document)</div>\n")
        }
        page.raw("<div class=\"row\">\n")
        var previous: [[OutputValue]]? = nil
        var cells = 0
        var omitted = 0
        for (index, stage) in stages.enumerated() {
            cells += groups.groups.count * tokens.count
            if cells > cellLimit {
                omitted = stages.count - index
                break
            }
            let decoded = groups.groups.map { group in
                (0..<stage.residual.rows).map { groups.decode(group, residual: stage.residual, position: $0) }
            }
            page.raw("<table class=\"data residual\" data-stage=\"\(SVGCanvas.escape(stage.title))\">\n")
            page.raw("<caption>\(SVGCanvas.escape(stage.title))</caption>\n<thead><tr><th>variable</th>")
            for token in tokens { page.raw("<th>\(SVGCanvas.escape(token))</th>") }
            page.raw("</tr></thead>\n<tbody>\n")
            for (g, group) in groups.groups.enumerated() {
                page.raw("<tr><th>\(SVGCanvas.escape(group.name))</th>")
                for (p, value) in decoded[g].enumerated() {
                    var classes: [String] = []
                    if let previous, previous[g][p] != value { classes.append("changed") }
                    if value == .null { classes.append("null") }
                    var style = ""
                    if let d = group.numericalDimension {
                        let x = stage.residual[p, d]
                        style = " style=\"background:\(scale.color(x));\(scale.needsLightText(x) ? "color:white;" : "")\""
                    }
                    let tip = Self.tooltip(group, residual: stage.residual, position: p, token: tokens.indices.contains(p) ? tokens[p] : "#\(p)")
                    page.raw("<td\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")\(style) title=\"\(HTMLWriter.attribute(tip))\">"
                        + "\(SVGCanvas.escape(value.description))</td>")
                }
                page.raw("</tr>\n")
            }
            page.raw("</tbody>\n</table>\n")
            previous = decoded
        }
        page.raw("</div>\n")
        if omitted > 0 {
            page.element("p", HTMLReport.leftOut(omitted, "stage", limit: cellLimit), attributes: "class=\"left-out\"")
        }
        let heatmap = stages.count * tokens.count * model.dModel
        if heatmap <= HTMLReport.heatmapCellLimit {
            page.raw("<details>\n<summary>the raw residual stream as a heatmap (every direction)</summary>\n<div class=\"scroll\">\n")
            page.raw(TracePlots.residualSVG(model: model, tokens: tokens, trace: trace))
            page.raw("</div>\n</details>\n")
        } else {
            page.element("p", "The raw residual heatmap is left out: \(heatmap) cells (more than \(HTMLReport.heatmapCellLimit)).")
        }
        page.raw("</section>\n")
    }

    /// The exact residual value(s) behind a decoded cell.
    static func tooltip(_ group: ResidualGroups.Group, residual: Matrix, position: Int, token: String) -> String {
        let place = "position \(position) (\(token))"
        if let d = group.numericalDimension { return "\(place): \(group.name) = \(residual[position, d])" }
        let scores = group.values.map { "\(group.name):\($0.value) = \(residual[position, $0.dimension])" }
        let shown = scores.count > 12
            ? group.values.sorted { residual[position, $0.dimension] > residual[position, $1.dimension] }.prefix(12)
                .map { "\(group.name):\($0.value) = \(residual[position, $0.dimension])" } + ["… \(scores.count - 12) more"]
            : scores
        return ([place] + shown).joined(separator: "\n")
    }
}
