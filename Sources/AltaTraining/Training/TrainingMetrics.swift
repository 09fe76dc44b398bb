import AltaTensors

/// The original's evaluation metrics (ALTA.md §13.2) of predictions against targets.
public struct TrainingMetrics: Codable, Equatable, Sendable {
    /// A dimension counts as right when within this of its target.
    public static let tolerance: Float = 0.1

    /// Mean squared error over every output.
    public var loss: Double
    /// Fraction of rows whose every dimension is within 0.1 of its target.
    public var vectorAccuracy: Double
    /// Fraction of dimensions within 0.1 of their targets.
    public var elementAccuracy: Double

    /// The metrics of `predictions` against `targets` (same shapes, at least one row).
    public init(predictions: Matrix, targets: Matrix) {
        let n = predictions.values.count
        var squared = 0.0
        var rightElements = 0
        var rightRows = 0
        let columns = max(1, predictions.columns)
        for r in 0..<predictions.rows {
            var rowRight = true
            for c in 0..<predictions.columns {
                let e = predictions.values[r * columns + c] - targets.values[r * columns + c]
                squared += Double(e) * Double(e)
                if abs(e) <= Self.tolerance { rightElements += 1 } else { rowRight = false }
            }
            if rowRight { rightRows += 1 }
        }
        loss = n > 0 ? squared / Double(n) : 0
        vectorAccuracy = predictions.rows > 0 ? Double(rightRows) / Double(predictions.rows) : 0
        elementAccuracy = n > 0 ? Double(rightElements) / Double(n) : 0
    }
}
