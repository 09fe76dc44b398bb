import Foundation

/// A training loss curve as SVG: loss against step on a log₁₀ axis, in the style of the
/// other plots (monospace labels, white background).
public enum LossCurvePlot {
    /// The curve of `losses` (one per step; non-positive and non-finite values are left
    /// out), with `title` above it. At most `maxPoints` points are drawn (the mean of each
    /// run of consecutive steps).
    public static func svg(losses: [Float], title: String, maxPoints: Int = 600) -> String {
        let frame = LinePlotFrame(title: title, xLabel: "step", yLabel: "loss (log)")
        var canvas = frame.canvas
        let (left, top, plotWidth, plotHeight) = (frame.left, frame.top, frame.plotWidth, frame.plotHeight)
        // Mean over buckets of consecutive steps.
        let bucket = max(1, (losses.count + maxPoints - 1) / max(1, maxPoints))
        var points: [(step: Double, loss: Double)] = []
        var start = 0
        while start < losses.count {
            let slice = losses[start..<min(losses.count, start + bucket)].filter { $0.isFinite && $0 > 0 }
            if !slice.isEmpty {
                let mean = slice.reduce(0.0) { $0 + Double($1) } / Double(slice.count)
                points.append((Double(start + 1), mean))
            }
            start += bucket
        }
        guard let minLoss = points.map(\.loss).min(), let maxLoss = points.map(\.loss).max() else {
            canvas.text("no finite positive loss to draw", x: left + 10, y: top + 20)
            return canvas.document
        }
        let low = floor(log10(minLoss)), high = max(low + 1, ceil(log10(maxLoss)))
        let steps = Double(max(1, losses.count))
        func px(_ step: Double) -> Double { left + plotWidth * (step - 1) / max(1, steps - 1) }
        func py(_ loss: Double) -> Double { top + plotHeight * (high - log10(loss)) / (high - low) }
        var decade = low
        while decade <= high {
            let y = py(pow(10, decade))
            canvas.line(x1: left - 4, y1: y, x2: left + plotWidth, y2: y, stroke: "#eee")
            canvas.text("1e\(Int(decade))", x: left - 6, y: y + 4, size: 10, anchor: "end")
            decade += 1
        }
        for k in 0...4 {
            let step = 1 + (steps - 1) * Double(k) / 4
            canvas.text(String(Int(step.rounded())), x: px(step), y: top + plotHeight + 16, size: 10, anchor: "middle")
        }
        canvas.polyline(points.map { (px($0.step), py($0.loss)) }, stroke: "rgb(40,80,220)")
        return canvas.document
    }
}
