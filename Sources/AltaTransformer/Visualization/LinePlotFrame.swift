/// The frame the line plots share (``LossCurvePlot``, ``AccuracyPlot``): a 640 × 360
/// canvas with a title, two axes and their labels. The plot area spans `left` to
/// `left + plotWidth` and `top` to `top + plotHeight`.
struct LinePlotFrame {
    let left = 70.0, top = 36.0
    let plotWidth = 640.0 - 70 - 20, plotHeight = 360.0 - 36 - 44
    /// The canvas with the frame drawn.
    var canvas = SVGCanvas(width: 640, height: 360)

    init(title: String, xLabel: String, yLabel: String) {
        canvas.text(title, x: 10, y: 20, size: 11, bold: true)
        canvas.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight)
        canvas.line(x1: left, y1: top, x2: left, y2: top + plotHeight)
        canvas.text(xLabel, x: left + plotWidth / 2, y: 360 - 8, anchor: "middle")
        canvas.text(yLabel, x: 14, y: top + plotHeight / 2, anchor: "middle", rotate: true)
    }
}
