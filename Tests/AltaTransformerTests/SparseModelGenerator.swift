import AltaTensors
import AltaTransformer

/// Random models that exercise every path of the sparse-rows backend: dense and sparse
/// weights, biases (query/key/value/output/MLP, positive ones that keep units alive),
/// relative masks that may leave no key, sinks of any height, causal attention, stacked
/// and looped layouts (with or without a halting rule), MLPs of depth 2–4 with ReLU or
/// clipped ReLU and AND-like units that the backend gates.
struct SparseModelGenerator {
    var rng: SplitMix64

    mutating func value() -> Float {
        let magnitudes: [Float] = [0.25, 0.5, 1, 1.5, 2, 3]
        let v = magnitudes[Int.random(in: 0..<magnitudes.count, using: &rng)]
        return Bool.random(using: &rng) ? v : -v
    }

    mutating func matrix(_ rows: Int, _ columns: Int, fill: Double) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices where Double.random(in: 0..<1, using: &rng) < fill { m.values[i] = value() }
        return m
    }

    mutating func vector(_ n: Int, fill: Double) -> [Float] {
        (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) < fill ? value() : 0 }
    }

    /// A map whose units are partly AND-like (positive integer weights, bias 1 − Σw).
    mutating func andLike(_ rows: Int, _ columns: Int) -> (Matrix, [Float]) {
        var m = matrix(rows, columns, fill: 0.15)
        var bias = vector(columns, fill: 0.3)
        for j in 0..<columns where Bool.random(using: &rng) {
            for r in 0..<rows { m[r, j] = 0 }
            let inputs = Array((0..<rows).shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)))
            var total: Float = 0
            for r in inputs {
                let w = Float(Int.random(in: 1...2, using: &rng))
                m[r, j] = w
                total += w
            }
            bias[j] = 1 - total
        }
        return (m, bias)
    }

    /// The first two maps of an MLP acting column by column (see `ColumnTable`): each
    /// first-map unit reads one residual column, each second-map unit one or two first-map
    /// units (joining their columns), no bias above zero (no unit is non-zero without input).
    mutating func columnLocal(_ d: Int, hidden: Int, second: Int) -> [LinearLayer] {
        var first = Matrix(rows: d, columns: hidden)
        for j in 0..<hidden { first[Int.random(in: 0..<d, using: &rng), j] = value() }
        var next = Matrix(rows: hidden, columns: second)
        for j in 0..<second {
            for _ in 0..<Int.random(in: 1...2, using: &rng) { next[Int.random(in: 0..<hidden, using: &rng), j] = abs(value()) }
        }
        return [
            LinearLayer(weight: WeightMatrix(first), bias: (0..<hidden).map { _ in -Float(Int.random(in: 0...1, using: &rng)) / 2 }),
            LinearLayer(weight: WeightMatrix(next)),
        ]
    }

    /// A random mostly-zero model; with `columnLocal`, every MLP begins with two maps acting
    /// column by column.
    mutating func model(columnLocal local: Bool = false) throws -> TransformerModel {
        let d = Int.random(in: 6...14, using: &rng)
        let vocab = 5
        let length = 7
        let looped = Bool.random(using: &rng)
        let layerCount = looped ? 1 : Int.random(in: 1...3, using: &rng)
        let depth = Int.random(in: 2...4, using: &rng)
        let activation: Activation = Bool.random(using: &rng) ? .clippedReLU : .relu
        let causal = Int.random(in: 0..<4, using: &rng) == 0
        let haltingDimension = Int.random(in: 0..<d, using: &rng)
        let halting = Bool.random(using: &rng)
            ? HaltingRule(dimension: haltingDimension, label: "r\(haltingDimension)", threshold: 0.5) : nil
        var layers: [TransformerLayer] = []
        for _ in 0..<layerCount {
            var heads: [AttentionHead] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let width = Int.random(in: 1...4, using: &rng)
                let valueWidth = Int.random(in: 1...4, using: &rng)
                let fill = Bool.random(using: &rng) ? 0.05 : 0.5
                let mask: RelativePositionMask? = Bool.random(using: &rng)
                    ? RelativePositionMask(allowing: (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int.random(in: -2...2, using: &rng) })
                    : nil
                let sinks: [Float?] = [nil, 0.5, 2, 200]
                heads.append(AttentionHead(
                    query: WeightMatrix(matrix(d, width, fill: fill)), key: WeightMatrix(matrix(d, width, fill: fill)),
                    value: WeightMatrix(matrix(d, valueWidth, fill: fill)), output: WeightMatrix(matrix(valueWidth, d, fill: fill)),
                    queryBias: vector(width, fill: 0.2), keyBias: vector(width, fill: 0.2), valueBias: vector(valueWidth, fill: 0.2),
                    relativeMask: mask, sinkLogit: sinks[Int.random(in: 0..<sinks.count, using: &rng)]))
            }
            var linear: [LinearLayer] = []
            var width = d
            if local {
                width = Int.random(in: 3...12, using: &rng)
                linear = columnLocal(d, hidden: Int.random(in: d...(2 * d), using: &rng), second: depth == 2 ? d : width)
            }
            for k in linear.count..<depth {
                let out = k == depth - 1 ? d : Int.random(in: 3...12, using: &rng)
                if k > 0 && activation == .clippedReLU && Bool.random(using: &rng) {
                    let (m, b) = andLike(width, out)
                    linear.append(LinearLayer(weight: WeightMatrix(m), bias: b))
                } else {
                    linear.append(LinearLayer(weight: WeightMatrix(matrix(width, out, fill: 0.3)), bias: vector(out, fill: 0.3)))
                }
                width = out
            }
            layers.append(TransformerLayer(
                heads: heads, feedForward: FeedForward(layers: linear, activation: activation),
                attentionOutputBias: vector(d, fill: 0.2)))
        }
        return try TransformerModel(
            tokenEmbedding: matrix(vocab, d, fill: 0.4), positionEmbedding: matrix(length, d, fill: 0.3),
            layers: layers, layout: looped ? .looped(maxIterations: 3, halting: halting) : .stacked,
            unembedding: WeightMatrix(Matrix.identity(d)), attentionScale: [Float(1), 0.5][Int.random(in: 0...1, using: &rng)],
            causal: causal, residualLabels: (0..<d).map { "r\($0)" },
            inputEncoder: InputEncoder(tokens: (0..<vocab).map { "t\($0)" }),
            outputEncoder: .categorical(values: (0..<d).map { "r\($0)" }))
    }
}
