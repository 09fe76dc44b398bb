import AltaTensors
import AltaTransformer
import Foundation

/// An independent, deliberately plain forward pass in Double over nested arrays, used as
/// the reference in differential tests of the runtime.
enum NaiveForward {
    typealias Rows = [[Double]]

    static func dense(_ w: WeightMatrix) -> Rows {
        let m = w.dense
        return (0..<m.rows).map { r in (0..<m.columns).map { Double(m[r, $0]) } }
    }

    static func matmul(_ a: Rows, _ b: Rows, columns: Int) -> Rows {
        a.map { row in
            (0..<columns).map { j in
                var s = 0.0
                for (k, x) in row.enumerated() { s += x * b[k][j] }
                return s
            }
        }
    }

    static func addBias(_ a: Rows, _ bias: [Float]) -> Rows {
        a.map { row in zip(row, bias).map { $0 + Double($1) } }
    }

    static func norm(_ x: Rows, _ n: LayerNormWeights?) -> Rows {
        guard let n else { return x }
        return x.map { row in
            let mean = row.reduce(0, +) / Double(row.count)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(row.count)
            return row.indices.map { (row[$0] - mean) / (variance + Double(n.epsilon)).squareRoot() * Double(n.scale[$0]) + Double(n.shift[$0]) }
        }
    }

    static func activate(_ a: Activation, _ x: Double) -> Double {
        switch a {
        case .relu: max(0, x)
        case .clippedReLU: min(1, max(0, x))
        case .sigmoid: 1 / (1 + exp(-x))
        case .tanh: Foundation.tanh(x)
        case .identity: x
        }
    }

    /// `(output scores, layers run)` for one sequence.
    static func run(_ model: TransformerModel, ids: [Int]) -> (scores: Rows, layersRun: Int) {
        let t = ids.count
        let d = model.dModel
        var x: Rows = (0..<t).map { p in (0..<d).map { Double(model.tokenEmbedding[ids[p], $0] + model.positionEmbedding[p, $0]) } }
        var depth = model.layers.count
        var halting: HaltingRule? = nil
        if case let .looped(cap, rule) = model.layout { depth = cap; halting = rule }
        var run = 0
        for step in 0..<depth {
            let layer = model.layers[model.layers.count == 1 ? 0 : step]
            let h = norm(x, layer.attentionNorm)
            var attention: Rows = Array(repeating: layer.attentionOutputBias.map(Double.init), count: t)
            for head in layer.heads {
                let q = addBias(matmul(h, dense(head.query), columns: head.dHead), head.queryBias)
                let k = addBias(matmul(h, dense(head.key), columns: head.dHead), head.keyBias)
                let v = addBias(matmul(h, dense(head.value), columns: head.dValue), head.valueBias)
                var z: Rows = Array(repeating: Array(repeating: 0, count: head.dValue), count: t)
                for i in 0..<t {
                    var logits: [(Int, Double)] = []
                    for j in 0..<t {
                        if model.causal && j > i { continue }
                        if let mask = head.relativeMask, !mask.allowedOffsets.contains(j - i) { continue }
                        logits.append((j, zip(q[i], k[j]).map(*).reduce(0, +) * Double(model.attentionScale)))
                    }
                    var all = logits.map(\.1)
                    if let sink = head.sinkLogit { all.append(Double(sink)) }
                    guard let top = all.max() else { continue }
                    let total = all.map { exp($0 - top) }.reduce(0, +)
                    for (j, logit) in logits {
                        let w = exp(logit - top) / total
                        for c in 0..<head.dValue { z[i][c] += w * v[j][c] }
                    }
                }
                let o = matmul(z, dense(head.output), columns: d)
                for i in 0..<t { for c in 0..<d { attention[i][c] += o[i][c] } }
            }
            for i in 0..<t { for c in 0..<d { x[i][c] += attention[i][c] } }
            var m = norm(x, layer.feedForwardNorm)
            for (index, linear) in layer.feedForward.layers.enumerated() {
                m = addBias(matmul(m, dense(linear.weight), columns: linear.outputWidth), linear.bias)
                if index < layer.feedForward.depth - 1 { m = m.map { $0.map { activate(layer.feedForward.activation, $0) } } }
            }
            for i in 0..<t { for c in 0..<d { x[i][c] += m[i][c] } }
            run += 1
            if let halting, x.allSatisfy({ $0[halting.dimension] > Double(halting.threshold) }) { break }
        }
        x = norm(x, model.finalNorm)
        return (matmul(x, dense(model.unembedding), columns: model.dVocabOut), run)
    }
}
