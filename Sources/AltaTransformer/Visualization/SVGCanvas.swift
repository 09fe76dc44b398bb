import Foundation

/// A minimal SVG writer: rectangles, text, lines and paths, escaped, in document order.
/// Every picture of Alta is drawn with it (trace plots, line plots, reports).
public struct SVGCanvas: Sendable {
    private var body = ""
    private var usesArrow = false
    /// Width in pixels.
    public let width: Double
    /// Height in pixels.
    public let height: Double
    /// The picture's title: the document's `<title>` (shown by viewers and screen readers).
    public var title: String?

    /// An empty white canvas.
    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// A rectangle; `title` is its tooltip (the exact value a cell stands for).
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil,
                              stroke: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        let outline = stroke.map { " stroke=\"\($0)\"" } ?? ""
        body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" fill=\"\(fill)\"\(outline)>\(tooltip)</rect>\n"
    }

    /// Text at `(x, y)` (the baseline); `rotate` turns it to read upwards.
    public mutating func text(_ string: String, x: Double, y: Double, size: Double = 11, anchor: String = "start", rotate: Bool = false,
                              bold: Bool = false, fill: String? = nil, title: String? = nil) {
        let transform = rotate ? " transform=\"rotate(-90 \(Self.f(x)) \(Self.f(y)))\"" : ""
        let weight = bold ? " font-weight=\"bold\"" : ""
        let color = fill.map { " fill=\"\($0)\"" } ?? ""
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        body += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(Self.f(size))\" text-anchor=\"\(anchor)\"\(weight)\(color)\(transform)>\(tooltip)\(Self.escape(string))</text>\n"
    }

    /// A straight line.
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#999", width: Double = 1) {
        body += "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\"/>\n"
    }

    /// Connected line segments.
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5) {
        let list = points.map { "\(Self.f($0.x)),\(Self.f($0.y))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\"/>\n"
    }

    /// A path (`d` in SVG path syntax) with an arrow head at its end when `arrow` is set
    /// (the canvas defines the marker `arrow`); `title` is its tooltip.
    public mutating func path(_ d: String, stroke: String, width: Double = 1, arrow: Bool = false, title: String? = nil) {
        let marker = arrow ? " marker-end=\"url(#arrow)\"" : ""
        usesArrow = usesArrow || arrow
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        body += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\"\(marker)>\(tooltip)</path>\n"
    }

    /// The colour legend of `scale`: a bar of `width` pixels from the minimum to the
    /// maximum, both values written under its ends (and 0 when the range spans it), and
    /// the range stated beside it. 34 pixels high.
    public mutating func legend(_ scale: ColorScale, x: Double, y: Double, width: Double = 160) {
        let steps = 48
        let low = Double(scale.minimum), high = Double(scale.maximum)
        body += "<g class=\"legend\">\n"
        for i in 0..<steps {
            let v = Float(low + (high - low) * (Double(i) + 0.5) / Double(steps))
            rect(x: x + width * Double(i) / Double(steps), y: y, width: width / Double(steps) + 0.3, height: 10, fill: scale.color(v))
        }
        rect(x: x, y: y, width: width, height: 10, fill: "none", stroke: "#888")
        text(ColorScale.short(scale.minimum), x: x, y: y + 22, size: 10, anchor: "start")
        text(ColorScale.short(scale.maximum), x: x + width, y: y + 22, size: 10, anchor: "end")
        if low < 0, high > 0 {
            let zero = x + width * (-low) / (high - low)
            line(x1: zero, y1: y, x2: zero, y2: y + 13, stroke: "#444")
            text("0", x: zero, y: y + 22, size: 10, anchor: "middle")
        }
        text(scale.caption, x: x + width + 10, y: y + 9, size: 10)
        body += "</g>\n"
    }

    /// The SVG document (standalone, or inline in an HTML page).
    public var document: String {
        let heading = title.map { "<title>\(Self.escape($0))</title>\n" } ?? ""
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.f(width))" height="\(Self.f(height))" \
        viewBox="0 0 \(Self.f(width)) \(Self.f(height))" font-family="Menlo, DejaVu Sans Mono, monospace">
        \(heading)\(usesArrow ? Self.arrowMarker : "")<rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    private static let arrowMarker = """
        <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" \
        orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#667"/></marker></defs>

        """

    /// A number as SVG coordinates write it (integers without a fraction).
    public static func f(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
    }

    /// `s` escaped for XML text and attributes.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
