import AltaTensors
import Foundation

/// Adafactor (Shazeer & Stern 2018) as optax's `adafactor` with its default settings, which
/// the original trainer used (ALTA.md §13.2). Per tensor and step `t` (1-based):
///
/// 1. `ĝ² = g² + 1e-30`; second-moment decay `β₂ = 1 − t^(−0.8)` (0 at the first step).
/// 2. Factored second moments for matrices whose smaller side is at least 128
///    (`min_dim_size_to_factor`): row means `R ← β₂R + (1−β₂)·mean_cols(ĝ²)`, column means
///    `C ← β₂C + (1−β₂)·mean_rows(ĝ²)`, update `u = g · (R / mean(R))^(−½) · C^(−½)`; other
///    tensors keep the full `V ← β₂V + (1−β₂)ĝ²` and `u = g · V^(−½)`.
/// 3. Clipping by block RMS: `u ← u / max(1, rms(u))` (threshold 1).
/// 4. Relative scale: `u ← u · max(rms(w), 1e-3)` (`multiply_by_parameter_scale`).
/// 5. `w ← w − lr · u`.
///
/// No momentum and no relative step size (the T5 `relative_step` schedule): the learning
/// rate is always the caller's (the trainer's warm-up/decay schedule).
public struct Adafactor: Optimizer {
    /// Tensors with both sides at least this large get factored second moments.
    public static let minDimensionToFactor = 128
    /// Exponent of the second-moment decay schedule.
    public static let decayExponent = 0.8
    /// Added to squared gradients.
    public static let epsilon: Float = 1e-30
    /// Block RMS clipping threshold.
    public static let clippingThreshold: Float = 1
    /// Smallest parameter scale.
    public static let minimumScale: Float = 1e-3

    /// Steps taken.
    public private(set) var count = 0
    private let shapes: [[Int]]
    /// Per tensor: `[rows]` row statistics when factored, else the full `[rows · columns]`.
    private var rowOrFull: [[Float]]
    /// Per tensor: `[columns]` column statistics when factored, else empty.
    private var columnStatistics: [[Float]]

    /// Zero statistics for tensors of these shapes (`[rows, columns]`).
    public init(shapes: [[Int]]) {
        self.shapes = shapes
        rowOrFull = shapes.map { [Float](repeating: 0, count: Self.isFactored($0) ? $0[0] : $0.reduce(1, *)) }
        columnStatistics = shapes.map { Self.isFactored($0) ? [Float](repeating: 0, count: $0[1]) : [] }
    }

    /// Whether a tensor of `shape` gets factored statistics.
    public static func isFactored(_ shape: [Int]) -> Bool {
        shape.count == 2 && Swift.min(shape[0], shape[1]) >= minDimensionToFactor
    }

    public mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
        count += 1
        let beta2 = Float(1 - Foundation.pow(Double(count), -Self.decayExponent))
        for t in parameters.indices {
            let g = gradients[t].values
            var update = [Float](repeating: 0, count: g.count)
            if Self.isFactored(shapes[t]) {
                let rows = shapes[t][0], columns = shapes[t][1]
                var rowMean = [Float](repeating: 0, count: rows)
                var columnMean = [Float](repeating: 0, count: columns)
                for r in 0..<rows {
                    for c in 0..<columns {
                        let s = g[r * columns + c] * g[r * columns + c] + Self.epsilon
                        rowMean[r] += s
                        columnMean[c] += s
                    }
                }
                for r in 0..<rows { rowOrFull[t][r] = beta2 * rowOrFull[t][r] + (1 - beta2) * (rowMean[r] / Float(columns)) }
                for c in 0..<columns {
                    columnStatistics[t][c] = beta2 * columnStatistics[t][c] + (1 - beta2) * (columnMean[c] / Float(rows))
                }
                let meanOfRows = rowOrFull[t].reduce(0, +) / Float(rows)
                for r in 0..<rows {
                    let rowFactor = 1 / (rowOrFull[t][r] / meanOfRows).squareRoot()
                    for c in 0..<columns {
                        update[r * columns + c] = g[r * columns + c] * rowFactor / columnStatistics[t][c].squareRoot()
                    }
                }
            } else {
                for k in g.indices {
                    rowOrFull[t][k] = beta2 * rowOrFull[t][k] + (1 - beta2) * (g[k] * g[k] + Self.epsilon)
                    update[k] = g[k] / rowOrFull[t][k].squareRoot()
                }
            }
            let clip = Swift.max(1, Self.rms(update) / Self.clippingThreshold)
            let scale = Swift.max(Self.rms(parameters[t].values), Self.minimumScale)
            let factor = learningRate * scale / clip
            for k in update.indices { parameters[t].values[k] -= factor * update[k] }
        }
    }

    /// Root mean square (accumulated in `Double`).
    static func rms(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        var sum = 0.0
        for x in values { sum += Double(x) * Double(x) }
        return Float((sum / Double(values.count)).squareRoot())
    }
}
