import AltaTensors
import Foundation
@testable import AltaTraining

/// Adafactor and Adam written element by element over nested arrays, straight from their
/// definitions (the trainer's first implementation, Adafactor with the shipped `rms`): the
/// flat, allocation-free optimisers must match them bit for bit.
enum ReferenceOptimizers {
    struct Adafactor {
        typealias Real = AltaTraining.Adafactor
        var count = 0
        let shapes: [[Int]]
        var rowOrFull: [[Float]]
        var columnStatistics: [[Float]]

        init(shapes: [[Int]]) {
            self.shapes = shapes
            rowOrFull = shapes.map { [Float](repeating: 0, count: Real.isFactored($0) ? $0[0] : $0.reduce(1, *)) }
            columnStatistics = shapes.map { Real.isFactored($0) ? [Float](repeating: 0, count: $0[1]) : [] }
        }

        mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
            count += 1
            let beta2 = Float(1 - Foundation.pow(Double(count), -Real.decayExponent))
            for t in parameters.indices {
                let g = gradients[t].values
                var update = [Float](repeating: 0, count: g.count)
                if Real.isFactored(shapes[t]) {
                    let rows = shapes[t][0], columns = shapes[t][1]
                    var rowMean = [Float](repeating: 0, count: rows)
                    var columnMean = [Float](repeating: 0, count: columns)
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let s = g[r * columns + c] * g[r * columns + c] + Real.epsilon
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
                        rowOrFull[t][k] = beta2 * rowOrFull[t][k] + (1 - beta2) * (g[k] * g[k] + Real.epsilon)
                        update[k] = g[k] / rowOrFull[t][k].squareRoot()
                    }
                }
                let clip = Swift.max(1, Real.rms(update) / Real.clippingThreshold)
                let scale = Swift.max(Real.rms(parameters[t].values), Real.minimumScale)
                let factor = learningRate * scale / clip
                for k in update.indices { parameters[t].values[k] -= factor * update[k] }
            }
        }

        /// Root mean square with one sequential `Double` sum (the first implementation's;
        /// `Adafactor.rms` sums in four interleaved partial sums).
        static func sequentialRMS(_ values: [Float]) -> Float {
            guard !values.isEmpty else { return 0 }
            var sum = 0.0
            for x in values { sum += Double(x) * Double(x) }
            return Float((sum / Double(values.count)).squareRoot())
        }
    }

    struct Adam {
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        var count = 0
        var m: [[Float]]
        var v: [[Float]]

        init(shapes: [[Int]]) {
            m = shapes.map { [Float](repeating: 0, count: $0.reduce(1, *)) }
            v = m
        }

        mutating func step(parameters: inout [Matrix], gradients: [Matrix], learningRate: Float) {
            count += 1
            let correction1 = 1 - Float(Foundation.pow(Double(beta1), Double(count)))
            let correction2 = 1 - Float(Foundation.pow(Double(beta2), Double(count)))
            for t in parameters.indices {
                let g = gradients[t].values
                for k in g.indices {
                    m[t][k] = beta1 * m[t][k] + (1 - beta1) * g[k]
                    v[t][k] = beta2 * v[t][k] + (1 - beta2) * g[k] * g[k]
                    let mHat = m[t][k] / correction1
                    let vHat = v[t][k] / correction2
                    parameters[t].values[k] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
                }
            }
        }
    }
}
