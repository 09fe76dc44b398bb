/// The program graph of a model (``ModelGraph``) as an SVG picture in a layered layout:
/// columns in computation order — the embedding, then per layer its heads, the variables
/// its attention writes and the variables its MLP writes — and arrows for every read.
/// A variable written in several sublayers (an ALTA variable that the embedding sets and
/// the MLP updates) appears once per sublayer; a reader takes the latest version written
/// before it. Nodes carry their full description as a tooltip.
public enum ModelGraphPlot {
    /// A node of the drawing: a variable as written by one sublayer, or a head.
    enum Item: Hashable {
        case variable(String, ModelGraph.Sublayer?)
        case head(layer: Int, index: Int)
    }

    /// The SVG picture of `graph` for a model of `layout`.
    public static func svg(_ graph: ModelGraph, layout: ModelLayout) -> String {
        // Columns: key → items, in order.
        var columns: [(title: String, items: [Item])] = []
        let layerCount = (graph.heads.map(\.layer) + graph.variables.flatMap(\.writers).compactMap { sublayer -> Int? in
            switch sublayer {
            case .embedding: nil
            case .attention(let l), .mlp(let l): l
            }
        }).max().map { $0 + 1 } ?? 0
        let base = graph.variables.filter { $0.writers.first.map { $0 == .embedding } ?? true }
            .map { Item.variable($0.name, $0.writers.isEmpty ? nil : .embedding) }
        columns.append(("embedding", base))
        for l in 0..<layerCount {
            let heads = graph.heads.filter { $0.layer == l }.map { Item.head(layer: l, index: $0.index) }
            let prefix: String = if case .looped = layout { "" } else { "layer \(l + 1) " }
            columns.append((prefix + "heads", heads))
            for sublayer in [ModelGraph.Sublayer.attention(layer: l), .mlp(layer: l)] {
                let items = graph.variables.filter { $0.writers.contains(sublayer) }.map { Item.variable($0.name, sublayer) }
                columns.append((sublayer.name(layout: layout), items))
            }
        }
        columns.removeAll { $0.items.isEmpty }

        // Edges between drawn items.
        func version(of name: String, before order: Int) -> Item {
            let writers = graph.variables.first { $0.name == name }?.writers.filter { $0.order < order } ?? []
            if let latest = writers.last { return .variable(name, latest) }
            let all = graph.variables.first { $0.name == name }?.writers ?? []
            return .variable(name, all.isEmpty ? nil : all.first)
        }
        var arrows: [(from: Item, to: Item, role: String)] = []
        for edge in graph.edges {
            switch (edge.from, edge.to) {
            case let (.variable(name), .head(l, h)):
                arrows.append((version(of: name, before: 2 * l), .head(layer: l, index: h), edge.role))
            case let (.head(l, h), .variable(name)):
                arrows.append((.head(layer: l, index: h), .variable(name, .attention(layer: l)), edge.role))
            case let (.variable(source), .variable(target)):
                // An MLP arrow: from the version the MLP reads to the target as it writes it.
                let l = edge.layer
                arrows.append((version(of: source, before: 2 * l + 1), .variable(target, .mlp(layer: l)), "mlp"))
            default:
                break
            }
        }
        // Order each column by the mean row of what it reads (one barycentre pass).
        var row: [Item: Double] = [:]
        for c in columns.indices {
            if c > 0 {
                let keyed = columns[c].items.enumerated().map { index, item -> (Double, Int, Item) in
                    let sources = arrows.filter { $0.to == item }.compactMap { row[$0.from] }
                    return (sources.isEmpty ? Double(index) : sources.reduce(0, +) / Double(sources.count), index, item)
                }
                columns[c].items = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            for (i, item) in columns[c].items.enumerated() { row[item] = Double(i) }
        }

        // Geometry.
        func label(_ item: Item) -> String {
            switch item {
            case .variable(let name, _): name
            case let .head(l, h): "L\(l + 1) H\(h)"
            }
        }
        let nodeHeight = 22.0, gap = 10.0, top = 44.0, columnGap = 70.0
        var x = 10.0
        var frames: [Item: (x: Double, y: Double, w: Double)] = [:]
        var columnX: [Double] = []
        for column in columns {
            let w = Double(min(max((column.items.map { label($0).count } + [column.title.count - 4]).max() ?? 4, 4), 26)) * 7 + 16
            columnX.append(x)
            for (i, item) in column.items.enumerated() {
                frames[item] = (x, top + Double(i) * (nodeHeight + gap), w)
            }
            x += w + columnGap
        }
        let rows = columns.map(\.items.count).max() ?? 0
        let height = top + Double(rows) * (nodeHeight + gap) + 10
        var svg = SVGCanvas(width: max(x - columnGap + 20, 300), height: max(height, 80), title: "program graph")
        for (c, column) in columns.enumerated() {
            svg.text(column.title, x: columnX[c], y: 16, size: 11, bold: true)
        }
        for arrow in arrows {
            guard let a = frames[arrow.from], let b = frames[arrow.to] else { continue }
            let (x1, y1) = (a.x + a.w, a.y + nodeHeight / 2)
            let (x2, y2) = (b.x - 2, b.y + nodeHeight / 2)
            let path: String
            if x2 > x1 {
                let bend = (x2 - x1) / 2
                path = "M \(SVGCanvas.f(x1)) \(SVGCanvas.f(y1)) C \(SVGCanvas.f(x1 + bend)) \(SVGCanvas.f(y1)), \(SVGCanvas.f(x2 - bend)) \(SVGCanvas.f(y2)), \(SVGCanvas.f(x2)) \(SVGCanvas.f(y2))"
            } else {
                // Same or an earlier column: loop over the top.
                let lift = min(a.y, b.y) - 14
                path = "M \(SVGCanvas.f(x1)) \(SVGCanvas.f(y1)) C \(SVGCanvas.f(x1 + 40)) \(SVGCanvas.f(lift)), \(SVGCanvas.f(x2 - 40)) \(SVGCanvas.f(lift)), \(SVGCanvas.f(x2)) \(SVGCanvas.f(y2))"
            }
            let color = switch arrow.role {
            case "query": "#c77c1e"
            case "key": "#8e5fb5"
            case "value": "#2f8f5b"
            case "writes": "#c0392b"
            default: "#5d6d7e"
            }
            svg.path(path, stroke: color, width: 1.2, arrow: true, title: "\(label(arrow.from)) → \(label(arrow.to)) (\(arrow.role))")
        }
        for column in columns {
            for item in column.items {
                guard let frame = frames[item] else { continue }
                let tooltip: String
                let fill: String
                switch item {
                case let .variable(name, sublayer):
                    fill = "#e3eef9"
                    tooltip = "\(name): " + (sublayer.map { "computed in \($0.name(layout: layout))" } ?? "written by no sublayer")
                case let .head(l, h):
                    fill = "#fde7c8"
                    let summary = graph.head(layer: l, index: h)?.summary ?? ""
                    tooltip = "\(label(item)) (layer \(l + 1) head \(h)): \(summary)"
                }
                svg.rect(x: frame.x, y: frame.y, width: frame.w, height: nodeHeight, fill: fill, title: tooltip, stroke: "#7f8c8d")
                svg.text(TracePlots.clip(label(item), 26), x: frame.x + 8, y: frame.y + 15, size: 11, title: tooltip)
            }
        }
        return svg.document
    }
}
