import Foundation

/// Accuracy against input length as SVG, in the style of ``LossCurvePlot``: one point per
/// length (evenly spaced, labelled), accuracy from 0 to 1, joined by a line.
public enum AccuracyPlot {
    /// The plot of `points` (length, accuracy in 0...1), with `title` above it.
    public static func svg(points: [(length: Int, accuracy: Double)], title: String) -> String {
        let frame = LinePlotFrame(title: title, xLabel: "input length", yLabel: "accuracy")
        var canvas = frame.canvas
        let (left, top, plotWidth, plotHeight) = (frame.left, frame.top, frame.plotWidth, frame.plotHeight)
        func py(_ accuracy: Double) -> Double { top + plotHeight * (1 - min(1, max(0, accuracy))) }
        for k in 0...4 {
            let a = Double(k) / 4
            canvas.line(x1: left - 4, y1: py(a), x2: left + plotWidth, y2: py(a), stroke: "#eee")
            canvas.text(String(format: "%.2f", a), x: left - 6, y: py(a) + 4, size: 10, anchor: "end")
        }
        guard !points.isEmpty else {
            canvas.text("no lengths to draw", x: left + 10, y: top + 20)
            return canvas.document
        }
        func px(_ index: Int) -> Double {
            left + plotWidth * (Double(index) + 0.5) / Double(points.count)
        }
        for (i, point) in points.enumerated() {
            canvas.text(String(point.length), x: px(i), y: top + plotHeight + 16, size: 10, anchor: "middle")
            canvas.rect(x: px(i) - 3, y: py(point.accuracy) - 3, width: 6, height: 6, fill: "rgb(40,80,220)",
                        title: "length \(point.length): \(String(format: "%.2f", point.accuracy))")
        }
        canvas.polyline(points.enumerated().map { (px($0.offset), py($0.element.accuracy)) }, stroke: "rgb(40,80,220)")
        return canvas.document
    }
}
