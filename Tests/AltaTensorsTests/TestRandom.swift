import AltaTensors
import Foundation

/// Random tensors for tests, drawn from the seeded generator so every run is reproducible.
extension SplitMix64 {
    /// A uniform float in `range`.
    mutating func float(_ range: ClosedRange<Float> = -1...1) -> Float {
        Float.random(in: range, using: &self)
    }

    /// A `[rows, columns]` matrix whose entries are non-zero with probability `fill`.
    mutating func matrix(_ rows: Int, _ columns: Int, fill: Double = 1) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices where Double.random(in: 0..<1, using: &self) < fill {
            m.values[i] = float()
        }
        return m
    }
}

/// Independent, obviously correct references the kernels are checked against.
enum Reference {
    /// `a @ b` (or `a @ bᵀ`), each element the sequential `Float` dot product.
    static func matmul(_ a: Matrix, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        let n = transposeB ? b.rows : b.columns
        var c = Matrix(rows: a.rows, columns: n)
        for i in 0..<a.rows {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<a.columns {
                    let bv = transposeB ? b[j, p] : b[p, j]
                    sum += a[i, p] * bv
                }
                c[i, j] = sum
            }
        }
        return c
    }

    /// `a @ b` accumulated in `Double`.
    static func matmulDouble(_ a: Matrix, _ b: Matrix) -> [Double] {
        var c = [Double](repeating: 0, count: a.rows * b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum: Double = 0
                for p in 0..<a.columns { sum += Double(a[i, p]) * Double(b[p, j]) }
                c[i * b.columns + j] = sum
            }
        }
        return c
    }

    /// Masked softmax of one row in `Double`, with the documented semantics.
    static func softmax(_ row: [Float], allowed: [Bool]?, extra: Float?) -> [Double] {
        let visible = allowed ?? [Bool](repeating: true, count: row.count)
        var maximum = -Double.infinity
        for (x, v) in zip(row, visible) where v { maximum = max(maximum, Double(x)) }
        if let extra { maximum = max(maximum, Double(extra)) }
        if maximum == -.infinity { return [Double](repeating: 0, count: row.count) }
        var e = zip(row, visible).map { x, v in v ? Foundation.exp(Double(x) - maximum) : 0 }
        var total = e.reduce(0, +)
        if let extra { total += Foundation.exp(Double(extra) - maximum) }
        for i in e.indices { e[i] /= total }
        return e
    }
}
