import Foundation
import AltaTransformer

/// The report's attention section: per layer application, every head's grid
/// (``AttentionGrid``) as a picture titled `layer L head H` with what the head computes,
/// query rows and key columns labelled with the tokens, a sink column where the head has
/// one (so rows sum to 1), the colour legend, and the exact weights in a table below.
struct AttentionSection {
    let grids: [AttentionGrid]
    let layout: ModelLayout
    let cellLimit: Int

    /// Weights are drawn on one 0…1 scale, so that all heads compare.
    static let scale = ColorScale(minimum: 0, maximum: 1)

    func write(into page: inout HTMLWriter) {
        page.raw("<section id=\"attention\">\n")
        page.element("h2", "Attention")
        page.element("p", "Every head at every layer application: rows are queries, columns keys, both labelled with the "
            + "input tokens; a head with an attention sink gets a last column, sink, for the weight that goes to no "
            + "token, so that every row sums to 1. Colours: \(Self.scale.caption). Hover a cell for its exact weight, "
            + "or open the table under a head.")
        if grids.isEmpty { page.element("p", "The model has no attention heads.") }
        var step: Int? = nil
        var cells = 0
        for (index, grid) in grids.enumerated() {
            cells += grid.queries.count * grid.keys.count
            if cells > cellLimit {
                if step != nil { page.raw("</div>\n") }
                step = nil
                page.element("p", HTMLReport.leftOut(grids.count - index, "head grid", limit: cellLimit), attributes: "class=\"left-out\"")
                break
            }
            if grid.step != step {
                if step != nil { page.raw("</div>\n") }
                step = grid.step
                page.element("h3", layout.stepName(grid.step))
                page.raw("<div class=\"row\">\n")
            }
            page.raw("<figure class=\"head\" id=\"head-\(grid.step + 1)-\(grid.head)\">\n")
            page.raw(TracePlots.attentionSVG(grid, scale: Self.scale))
            page.raw("<figcaption><b>\(SVGCanvas.escape(grid.title))</b>: \(SVGCanvas.escape(grid.summary))</figcaption>\n")
            page.raw("<details>\n<summary>exact weights</summary>\n")
            page.raw("<table class=\"data attention\" data-title=\"\(SVGCanvas.escape(grid.title))\" data-rows=\"\(grid.queries.count)\" "
                + "data-columns=\"\(grid.keys.count)\">\n<thead><tr><th>query \\ key</th>")
            for key in grid.keys { page.raw("<th>\(SVGCanvas.escape(key))</th>") }
            page.raw("<th>sum</th></tr></thead>\n<tbody>\n")
            for (i, query) in grid.queries.enumerated() {
                page.raw("<tr><th>\(SVGCanvas.escape(query))</th>")
                for w in grid.weights[i] {
                    let x = Float(w)
                    page.raw("<td style=\"background:\(Self.scale.color(x));\(Self.scale.needsLightText(x) ? "color:white;" : "")\" "
                        + "title=\"\(w)\">\(Self.format(w))</td>")
                }
                page.raw("<td>\(Self.format(grid.weights[i].reduce(0, +)))</td></tr>\n")
            }
            page.raw("</tbody>\n</table>\n</details>\n</figure>\n")
        }
        if step != nil { page.raw("</div>\n") }
        page.raw("</section>\n")
    }

    /// A weight as the tables print it: 4 decimals, exact 0 and 1 as such.
    static func format(_ w: Double) -> String {
        if w == 0 { return "0" }
        if w == 1 { return "1" }
        return String(format: "%.4f", w)
    }
}
