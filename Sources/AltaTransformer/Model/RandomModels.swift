import AltaTensors
import AltaTransformer

/// Random models covering every runtime feature, for differential tests.
enum RandomModels {
    static func matrix(_ rows: Int, _ columns: Int, sparsity: Double = 0, using g: inout SplitMix64) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices where Double.random(in: 0..<1, using: &g) >= sparsity {
            m.values[i] = Float.random(in: -1...1, using: &g)
        }
        return m
    }

    static func vector(_ n: Int, sparsity: Double = 0, using g: inout SplitMix64) -> [Float] {
        (0..<n).map { _ in
            Double.random(in: 0..<1, using: &g) < sparsity ? 0 : Float.random(in: -0.5...0.5, using: &g)
        }
    }

    /// `m` with every column but `keep` random ones zeroed: a layer that writes a few
    /// residual features, as compiled heads and MLPs do.
    static func keepingColumns(_ m: Matrix, _ keep: Int, using g: inout SplitMix64) -> Matrix {
        var kept = m
        let columns = Set((0..<m.columns).shuffled(using: &g).prefix(keep))
        for r in 0..<m.rows {
            for c in 0..<m.columns where !columns.contains(c) { kept.values[r * m.columns + c] = 0 }
        }
        return kept
    }

    /// A random model; `looped` gives a one-layer looped model with a halting rule on
    /// dimension 0. `sparse` makes every weight sparse and most biases zero, as in
    /// compiled models (each head and MLP then writes a few residual features).
    static func make(
        seed: UInt64, layerCount: Int = 2, mlpDepth: Int = 2, activation: Activation = .relu,
        layerNorm: Bool = false, causal: Bool = false, looped: Bool = false, sparse allSparse: Bool = false
    ) throws -> TransformerModel {
        var g = SplitMix64(seed: seed)
        var d = Int.random(in: 3...9, using: &g)
        // Compiled-like: wider residuals of which each layer writes a few features.
        if allSparse { d = Int.random(in: 12...20, using: &g) }
        let vocab = (0..<Int.random(in: 2...5, using: &g)).map { "t\($0)" }
        let maxLength = Int.random(in: 4...8, using: &g)
        func norm() -> LayerNormWeights? {
            layerNorm ? LayerNormWeights(scale: vector(d, using: &g).map { $0 + 1 }, shift: vector(d, using: &g)) : nil
        }
        var layers: [TransformerLayer] = []
        for _ in 0..<(looped ? 1 : layerCount) {
            var heads: [AttentionHead] = []
            for _ in 0..<Int.random(in: 0...3, using: &g) {
                let dHead = Int.random(in: 1...4, using: &g)
                let dValue = Int.random(in: 1...4, using: &g)
                let sparse = allSparse || Bool.random(using: &g)
                func weight(_ r: Int, _ c: Int) -> WeightMatrix {
                    let m = matrix(r, c, sparsity: sparse ? 0.7 : 0, using: &g)
                    return sparse ? .sparse(SparseMatrix(m)) : .dense(m)
                }
                let mask: RelativePositionMask? = Bool.random(using: &g)
                    ? RelativePositionMask(allowing: (0..<Int.random(in: 1...3, using: &g)).map { _ in Int.random(in: -2...2, using: &g) })
                    : nil
                heads.append(AttentionHead(
                    query: weight(d, dHead), key: weight(d, dHead), value: weight(d, dValue), output: allSparse
                        ? .sparse(SparseMatrix(keepingColumns(matrix(dValue, d, using: &g), d / 8, using: &g)))
                        : weight(dValue, d),
                    queryBias: vector(dHead, sparsity: allSparse ? 1 : 0, using: &g), keyBias: vector(dHead, using: &g),
                    valueBias: vector(dValue, using: &g),
                    relativeMask: mask, sinkLogit: Bool.random(using: &g) ? Float.random(in: -1...1, using: &g) : nil))
            }
            var widths = [d]
            for _ in 0..<(mlpDepth - 1) { widths.append(Int.random(in: 0...6, using: &g)) }
            widths.append(d)
            let biasSparsity = allSparse ? 0.9 : 0
            let linears = (0..<mlpDepth).map { k in
                var m = matrix(widths[k], widths[k + 1], sparsity: allSparse ? 0.7 : 0, using: &g)
                if allSparse && k == mlpDepth - 1 { m = keepingColumns(m, d / 8, using: &g) }
                return LinearLayer(
                    weight: allSparse ? .sparse(SparseMatrix(m)) : .dense(m),
                    bias: vector(widths[k + 1], sparsity: biasSparsity, using: &g))
            }
            layers.append(TransformerLayer(
                heads: heads, feedForward: FeedForward(layers: linears, activation: activation),
                attentionOutputBias: vector(d, sparsity: biasSparsity, using: &g), attentionNorm: norm(),
                feedForwardNorm: norm()))
        }
        let outputWidth = Int.random(in: 1...4, using: &g)
        return try TransformerModel(
            tokenEmbedding: matrix(vocab.count, d, sparsity: allSparse ? 0.85 : 0, using: &g),
            positionEmbedding: matrix(maxLength, d, sparsity: allSparse ? 0.85 : 0, using: &g),
            layers: layers,
            layout: looped ? .looped(maxIterations: 6, halting: HaltingRule(dimension: 0, label: "x0", threshold: 0.2)) : .stacked,
            unembedding: .dense(matrix(d, outputWidth, using: &g)),
            attentionScale: Float.random(in: 0.3...1.5, using: &g), causal: causal,
            finalNorm: norm(),
            residualLabels: (0..<d).map { "x\($0)" },
            inputEncoder: InputEncoder(tokens: vocab),
            outputEncoder: .categorical(values: (0..<outputWidth).map { "o\($0)" }),
            metadata: ["seed": "\(seed)"])
    }

    /// Random token-id sequences of random lengths for `model`.
    static func inputs(for model: TransformerModel, count: Int, seed: UInt64) -> [[Int]] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...model.maxSequenceLength, using: &g)).map { _ in Int.random(in: 0..<model.dVocab, using: &g) }
        }
    }
}
