import AltaTensors
import Foundation

/// Adafactor (Shazeer & Stern 2018) as optax's `adafactor`, which the original trainer used
/// with its default settings (ALTA.md §13.2). Per tensor and step `t` (1-based):
///
/// 1. `ĝ² = g² + 1e-30`; second-moment decay `β₂ = 1 − t^(−0.8)` (0 at the first step).
/// 2. Factored second moments for matrices whose smaller side is at least 128
///    (`min_dim_size_to_factor`): row means `R ← β₂R + (1−β₂)·mean_cols(ĝ²)`, column means
///    `C ← β₂C + (1−β₂)·mean_rows(ĝ²)`, update `u = g · (R / mean(R))^(−½) · C^(−½)`; other
///    tensors keep the full `V ← β₂V + (1−β₂)ĝ²` and `u = g · V^(−½)`.
/// 3. Clipping by block RMS: `u ← u / max(1, rms(u))` (threshold 1).
/// 4. Learning rate and relative scale: `u ← lr · max(rms(w), 1e-3) · u`
///    (`multiply_by_parameter_scale`).
/// 5. Momentum `β₁` (optax's `momentum`, an exponential moving average without bias
///    correction), when not 0: `m ← β₁m + (1−β₁)u`, `u ← m`.
/// 6. `w ← w − u`.
///
/// The learning rate is the caller's: the trainer's warm-up/decay schedule, or T5's relative
/// step `min(1e-2, 1/√t)` (`LearningRateSchedule.relativeStep`).
///
/// Every statistic lives in one flat buffer allocated up front, with the scratch space of
/// an update, so a step allocates nothing; the loops run over contiguous memory in index
/// order (one square root per row and per column of a factored tensor), computing each
/// value with the operations of the element-by-element definition above; only the RMS
/// sums its squares in four interleaved partial sums (``rms(_:count:)``).
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

    /// Momentum β₁ in [0, 1) (optax's `momentum`); 0 keeps no first moment.
    public let momentum: Float
    /// Steps taken.
    public private(set) var count = 0

    /// Where one tensor's statistics live in `state`.
    private struct Slot: Sendable {
        /// Elements of the tensor.
        let count: Int
        /// `[rows, columns]` when factored, else 0.
        let rows: Int
        let columns: Int
        /// Offset of the row statistics (factored) or of the full second moments.
        let statistics: Int
        /// Offset of the column statistics (factored only).
        let columnStatistics: Int
        /// Offset of the first moment (momentum only).
        let firstMoment: Int
        var factored: Bool { rows > 0 }
    }

    private let slots: [Slot]
    /// Every tensor's statistics and first moments, then the scratch update of the largest
    /// tensor, then scratch space for the column sums and roots of the widest factored one.
    private var state: [Float]
    private let updateOffset: Int
    private let columnOffset: Int

    /// Zero statistics for tensors of these shapes (`[rows, columns]`), with momentum
    /// `momentum` (0: none).
    public init(shapes: [[Int]], momentum: Float = 0) {
        self.momentum = momentum
        var slots: [Slot] = []
        var offset = 0, largest = 0, widest = 0
        for shape in shapes {
            let count = shape.reduce(1, *)
            let factored = Self.isFactored(shape)
            let rows = factored ? shape[0] : 0, columns = factored ? shape[1] : 0
            let statisticsCount = factored ? rows + columns : count
            slots.append(Slot(count: count, rows: rows, columns: columns, statistics: offset, columnStatistics: offset + rows,
                              firstMoment: offset + statisticsCount))
            offset += statisticsCount + (momentum != 0 ? count : 0)
            largest = Swift.max(largest, count)
            widest = Swift.max(widest, columns)
        }
        self.slots = slots
        updateOffset = offset
        columnOffset = offset + largest
        state = [Float](repeating: 0, count: offset + largest + 2 * widest)
    }

    /// Whether a tensor of `shape` gets factored statistics.
    public static func isFactored(_ shape: [Int]) -> Bool {
        shape.count == 2 && Swift.min(shape[0], shape[1]) >= minDimensionToFactor
    }

    public mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
        precondition(parameters.count == slots.count && gradients.count == slots.count, "Adafactor: \(slots.count) tensors expected")
        count += 1
        let beta2 = Float(1 - Foundation.pow(Double(count), -Self.decayExponent))
        let slots = self.slots, momentum = self.momentum, updateOffset = self.updateOffset, columnOffset = self.columnOffset
        state.withUnsafeMutableBufferPointer { stateBuffer in
            guard let state = stateBuffer.baseAddress else { return }   // only tensors without elements
            let update = state + updateOffset
            for t in slots.indices {
                let slot = slots[t]
                guard slot.count > 0 else { continue }
                precondition(parameters[t].values.count == slot.count && gradients[t].values.count == slot.count,
                             "Adafactor: tensor \(t) changed shape")
                gradients[t].values.withUnsafeBufferPointer { gradient in
                    guard let g = gradient.baseAddress else { return }
                    if slot.factored {
                        Self.factoredUpdate(g, rows: slot.rows, columns: slot.columns, beta2: beta2,
                                            rowStatistics: state + slot.statistics, columnStatistics: state + slot.columnStatistics,
                                            scratch: state + columnOffset, update: update)
                    } else {
                        Self.fullUpdate(g, count: slot.count, beta2: beta2, statistics: state + slot.statistics, update: update)
                    }
                }
                let clip = Swift.max(1, Self.rms(update, count: slot.count) / Self.clippingThreshold)
                parameters[t].values.withUnsafeMutableBufferPointer { buffer in
                    guard let w = buffer.baseAddress else { return }
                    let scale = Swift.max(Self.rms(w, count: slot.count), Self.minimumScale)
                    Self.apply(update, times: learningRate * scale / clip, to: w, count: slot.count, momentum: momentum,
                               firstMoment: state + slot.firstMoment)
                }
            }
        }
    }

    /// `w ← w − factor · u`, or with momentum `m ← β₁m + (1−β₁)(factor · u)`, `w ← w − m`
    /// (`firstMoment` is only read with momentum).
    private static func apply(_ u: UnsafePointer<Float>, times factor: Float, to w: UnsafeMutablePointer<Float>, count: Int,
                              momentum: Float, firstMoment m: UnsafeMutablePointer<Float>) {
        if momentum != 0 {
            for k in 0..<count {
                m[k] = momentum * m[k] + (1 - momentum) * (factor * u[k])
                w[k] -= m[k]
            }
        } else {
            for k in 0..<count { w[k] -= factor * u[k] }
        }
    }

    /// The full second moments' step: `V ← β₂V + (1−β₂)ĝ²`, `u = g / √V`, with the square
    /// roots in a loop of their own (Swift's `squareRoot` is a guarded libm call on Linux and
    /// never vectorises; the other two loops do).
    private static func fullUpdate(_ g: UnsafePointer<Float>, count: Int, beta2: Float, statistics v: UnsafeMutablePointer<Float>,
                                   update u: UnsafeMutablePointer<Float>) {
        for k in 0..<count {
            v[k] = beta2 * v[k] + (1 - beta2) * (g[k] * g[k] + epsilon)
            u[k] = v[k]
        }
        for k in 0..<count { u[k] = u[k].squareRoot() }
        for k in 0..<count { u[k] = g[k] / u[k] }
    }

    /// The factored step of a `[rows, columns]` gradient: row and column means of `ĝ²` (each
    /// summed in index order, four rows at a time so the sums run side by side), the moving
    /// averages `R` and `C`, then `u = g · (R / mean(R))^(−½) / √C` with one square root per
    /// row and per column. `scratch` holds `2 · columns` floats.
    private static func factoredUpdate(_ g: UnsafePointer<Float>, rows: Int, columns: Int, beta2: Float,
                                       rowStatistics: UnsafeMutablePointer<Float>, columnStatistics: UnsafeMutablePointer<Float>,
                                       scratch: UnsafeMutablePointer<Float>, update u: UnsafeMutablePointer<Float>) {
        let columnSums = scratch, columnRoots = scratch + columns
        for c in 0..<columns { columnSums[c] = 0 }
        let keep = 1 - beta2
        let rowCount = Float(columns), columnCount = Float(rows)
        var r = 0
        while r + 4 <= rows {
            let g0 = g + r * columns, g1 = g0 + columns, g2 = g1 + columns, g3 = g2 + columns
            var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
            for c in 0..<columns {
                let x0 = g0[c] * g0[c] + epsilon, x1 = g1[c] * g1[c] + epsilon
                let x2 = g2[c] * g2[c] + epsilon, x3 = g3[c] * g3[c] + epsilon
                s0 += x0; s1 += x1; s2 += x2; s3 += x3
                columnSums[c] = columnSums[c] + x0 + x1 + x2 + x3
            }
            rowStatistics[r] = beta2 * rowStatistics[r] + keep * (s0 / rowCount)
            rowStatistics[r + 1] = beta2 * rowStatistics[r + 1] + keep * (s1 / rowCount)
            rowStatistics[r + 2] = beta2 * rowStatistics[r + 2] + keep * (s2 / rowCount)
            rowStatistics[r + 3] = beta2 * rowStatistics[r + 3] + keep * (s3 / rowCount)
            r += 4
        }
        while r < rows {
            let gr = g + r * columns
            var s: Float = 0
            for c in 0..<columns {
                let x = gr[c] * gr[c] + epsilon
                s += x
                columnSums[c] += x
            }
            rowStatistics[r] = beta2 * rowStatistics[r] + keep * (s / rowCount)
            r += 1
        }
        for c in 0..<columns {
            columnStatistics[c] = beta2 * columnStatistics[c] + keep * (columnSums[c] / columnCount)
            columnRoots[c] = columnStatistics[c].squareRoot()
        }
        var total: Float = 0
        for r in 0..<rows { total += rowStatistics[r] }
        let meanOfRows = total / Float(rows)
        for r in 0..<rows {
            let rowFactor = 1 / (rowStatistics[r] / meanOfRows).squareRoot()
            let gr = g + r * columns, ur = u + r * columns
            for c in 0..<columns { ur[c] = gr[c] * rowFactor / columnRoots[c] }
        }
    }

    /// Root mean square of `count` values, the squares accumulated in `Double` in four
    /// interleaved partial sums (element `k` into sum `k mod 4`, then `(s₀ + s₁) + (s₂ + s₃)`):
    /// four independent chains run about four times faster than one, and the fixed order
    /// keeps runs bit-identical. Against one sequential `Double` sum the result differs at
    /// most in the last bit of the `Float`, and only when the two `Double`s straddle a
    /// rounding boundary.
    static func rms(_ values: UnsafePointer<Float>, count: Int) -> Float {
        guard count > 0 else { return 0 }
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var k = 0
        while k + 4 <= count {
            let x0 = Double(values[k]), x1 = Double(values[k + 1]), x2 = Double(values[k + 2]), x3 = Double(values[k + 3])
            s0 += x0 * x0
            s1 += x1 * x1
            s2 += x2 * x2
            s3 += x3 * x3
            k += 4
        }
        if k < count { s0 += Double(values[k]) * Double(values[k]) }
        if k + 1 < count { s1 += Double(values[k + 1]) * Double(values[k + 1]) }
        if k + 2 < count { s2 += Double(values[k + 2]) * Double(values[k + 2]) }
        let sum = (s0 + s1) + (s2 + s3)
        return Float((sum / Double(count)).squareRoot())
    }

    /// ``rms(_:count:)`` of an array.
    static func rms(_ values: [Float]) -> Float {
        values.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { rms($0, count: buffer.count) } ?? 0 }
    }
}
