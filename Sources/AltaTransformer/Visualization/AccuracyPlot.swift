import Foundation

/// Accuracy against input length as SVG, in the style of ``LossCurvePlot``: one point per
/// length (evenly spaced, labelled), accuracy from 0 to 1, joined by a line — one line per
/// series (e.g. per training method), each in its own colour with a legend, and a bar of ±
/// one standard deviation where a point has one.
public enum AccuracyPlot {
    /// One line of the plot.
    public struct Series: Sendable {
        /// The legend's text (`nil`: no legend entry).
        public var name: String?
        /// (length, accuracy in 0...1, standard deviation or `nil`).
        public var points: [(length: Int, accuracy: Double, sd: Double?)]

        /// A series.
        public init(name: String?, points: [(length: Int, accuracy: Double, sd: Double?)]) {
            self.name = name
            self.points = points
        }
    }

    /// Line colours, in series order (repeating).
    static let colors = ["rgb(40,80,220)", "rgb(220,90,40)", "rgb(40,160,80)", "rgb(150,60,170)", "rgb(120,120,120)", "rgb(200,160,0)"]

    /// The plot of `points` (length, accuracy in 0...1), with `title` above it.
    public static func svg(points: [(length: Int, accuracy: Double)], title: String) -> String {
        svg(series: [Series(name: nil, points: points.map { ($0.length, $0.accuracy, nil) })], title: title)
    }

    /// The plot of several `series` over the union of their lengths (ascending), with
    /// `title` above it and a legend of the named series at the bottom left.
    public static func svg(series: [Series], title: String) -> String {
        let frame = LinePlotFrame(title: title, xLabel: "input length", yLabel: "accuracy")
        var canvas = frame.canvas
        let (left, top, plotWidth, plotHeight) = (frame.left, frame.top, frame.plotWidth, frame.plotHeight)
        func py(_ accuracy: Double) -> Double { top + plotHeight * (1 - min(1, max(0, accuracy))) }
        for k in 0...4 {
            let a = Double(k) / 4
            canvas.line(x1: left - 4, y1: py(a), x2: left + plotWidth, y2: py(a), stroke: "#eee")
            canvas.text(String(format: "%.2f", a), x: left - 6, y: py(a) + 4, size: 10, anchor: "end")
        }
        let lengths = Array(Set(series.flatMap { $0.points.map(\.length) })).sorted()
        guard !lengths.isEmpty else {
            canvas.text("no lengths to draw", x: left + 10, y: top + 20)
            return canvas.document
        }
        func px(_ length: Int) -> Double {
            left + plotWidth * (Double(lengths.firstIndex(of: length) ?? 0) + 0.5) / Double(lengths.count)
        }
        for length in lengths {
            canvas.text(String(length), x: px(length), y: top + plotHeight + 16, size: 10, anchor: "middle")
        }
        // Several series at one length are set a little apart, so equal values stay visible.
        let spread = series.count > 1 ? min(6, plotWidth / Double(lengths.count) / Double(series.count + 1)) : 0
        for (s, line) in series.enumerated() {
            let color = colors[s % colors.count]
            let shift = spread * (Double(s) - Double(series.count - 1) / 2)
            for point in line.points {
                let x = px(point.length) + shift
                if let sd = point.sd, sd > 0 {
                    canvas.line(x1: x, y1: py(point.accuracy - sd), x2: x, y2: py(point.accuracy + sd), stroke: color)
                }
                let what = (line.name.map { "\($0), " } ?? "") + "length \(point.length): \(String(format: "%.2f", point.accuracy))"
                    + (point.sd.map { " ± \(String(format: "%.2f", $0))" } ?? "")
                canvas.rect(x: x - 3, y: py(point.accuracy) - 3, width: 6, height: 6, fill: color, title: what)
            }
            canvas.polyline(line.points.map { (px($0.length) + shift, py($0.accuracy)) }, stroke: color)
        }
        let named = series.enumerated().filter { $0.element.name != nil }
        for (row, (s, line)) in named.enumerated() {
            let y = top + plotHeight - 12 - 14 * Double(named.count - 1 - row)
            canvas.rect(x: left + 10, y: y - 8, width: 10, height: 10, fill: colors[s % colors.count])
            canvas.text(line.name ?? "", x: left + 26, y: y + 1, size: 10)
        }
        return canvas.document
    }
}
