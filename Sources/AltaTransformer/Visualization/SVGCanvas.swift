import Foundation

/// A minimal SVG writer: rectangles and text, escaped, in document order.
struct SVGCanvas {
    private var body = ""
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        let tooltip = title.map { "<title>\(Self.escape($0))</title>" } ?? ""
        body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" fill=\"\(fill)\">\(tooltip)</rect>\n"
    }

    mutating func text(_ string: String, x: Double, y: Double, size: Double = 11, anchor: String = "start", rotate: Bool = false, bold: Bool = false) {
        let transform = rotate ? " transform=\"rotate(-90 \(Self.f(x)) \(Self.f(y)))\"" : ""
        let weight = bold ? " font-weight=\"bold\"" : ""
        body += "<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" font-size=\"\(Self.f(size))\" text-anchor=\"\(anchor)\"\(weight)\(transform)>\(Self.escape(string))</text>\n"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#999", width: Double = 1) {
        body += "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\"/>\n"
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5) {
        let list = points.map { "\(Self.f($0.x)),\(Self.f($0.y))" }.joined(separator: " ")
        body += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\"/>\n"
    }

    var document: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.f(width))" height="\(Self.f(height))" \
        viewBox="0 0 \(Self.f(width)) \(Self.f(height))" font-family="Menlo, DejaVu Sans Mono, monospace">
        <rect width="100%" height="100%" fill="white"/>
        \(body)</svg>

        """
    }

    /// White at 0, blue at +1 and above, red at −1 and below.
    static func color(_ value: Float) -> String {
        let v = Double(max(-1, min(1, value)))
        let fade = Int((1 - abs(v)) * 255)
        return v >= 0 ? "rgb(\(fade),\(fade),255)" : "rgb(255,\(fade),\(fade))"
    }

    static func f(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

