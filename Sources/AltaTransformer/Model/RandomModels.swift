import AltaTensors

/// Random transformers, seeded: models of random shape covering every runtime feature (for
/// differential tests) and models of a given shape and fill (for `alta bench runtime`).
public enum RandomModels {
    /// A `[rows, columns]` matrix whose entries are zero with probability `sparsity`, else
    /// uniform in [−1, 1].
    public static func matrix(_ rows: Int, _ columns: Int, sparsity: Double = 0, using g: inout SplitMix64) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices where Double.random(in: 0..<1, using: &g) >= sparsity {
            m.values[i] = Float.random(in: -1...1, using: &g)
        }
        return m
    }

    /// `n` entries, zero with probability `sparsity`, else uniform in [−0.5, 0.5].
    public static func vector(_ n: Int, sparsity: Double = 0, using g: inout SplitMix64) -> [Float] {
        (0..<n).map { _ in
            Double.random(in: 0..<1, using: &g) < sparsity ? 0 : Float.random(in: -0.5...0.5, using: &g)
        }
    }

    /// `m` with every column but `keep` random ones zeroed: a layer that writes a few
    /// residual features, as compiled heads and MLPs do.
    public static func keepingColumns(_ m: Matrix, _ keep: Int, using g: inout SplitMix64) -> Matrix {
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
    public static func make(
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
    public static func inputs(for model: TransformerModel, count: Int, seed: UInt64) -> [[Int]] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...model.maxSequenceLength, using: &g)).map { _ in Int.random(in: 0..<model.dVocab, using: &g) }
        }
    }
}

// MARK: - Models of a given shape

extension RandomModels {
    /// The shape of a stacked, non-causal ReLU model without layer norms: every head has
    /// query/key/value width `dHead`, the MLP has one hidden layer of `mlpWidth`.
    public struct Shape: Sendable {
        public var dModel: Int
        public var layers: Int
        public var heads: Int
        public var dHead: Int
        public var mlpWidth: Int
        public var vocabulary: Int
        public var maxLength: Int
        /// Fraction of non-zero weights (1 = dense).
        public var fill: Double

        public init(dModel: Int, layers: Int, heads: Int, dHead: Int, mlpWidth: Int, vocabulary: Int,
                    maxLength: Int, fill: Double) {
            self.dModel = dModel
            self.layers = layers
            self.heads = heads
            self.dHead = dHead
            self.mlpWidth = mlpWidth
            self.vocabulary = vocabulary
            self.maxLength = maxLength
            self.fill = fill
        }
    }

    /// A model of `shape` from `seed`. Weights are scaled so a unit-variance input keeps
    /// unit variance (uniform in ±√(3 / fan-in), or `fill` of each row non-zero); biases are
    /// uniform in ±0.1. `sparse` stores every weight matrix sparse (built row by row, never
    /// dense, so a 1%-filled 2048 × 65536 MLP costs its non-zeros only).
    public static func make(_ shape: Shape, seed: UInt64, sparse: Bool) throws -> TransformerModel {
        var g = SplitMix64(seed: seed)
        let s = shape
        func embedding(_ rows: Int) -> Matrix {
            s.fill >= 1 ? scaledMatrix(rows, s.dModel, using: &g) : sparseMatrix(rows, s.dModel, fill: s.fill, using: &g).dense()
        }
        func weight(_ rows: Int, _ columns: Int) -> WeightMatrix {
            if sparse { return .sparse(sparseMatrix(rows, columns, fill: s.fill, using: &g)) }
            return .dense(s.fill >= 1 ? scaledMatrix(rows, columns, using: &g) : sparseMatrix(rows, columns, fill: s.fill, using: &g).dense())
        }
        func bias(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -0.1..<0.1, using: &g) } }
        let token = embedding(s.vocabulary)
        let position = embedding(s.maxLength)
        var layers: [TransformerLayer] = []
        for _ in 0..<s.layers {
            var heads: [AttentionHead] = []
            for _ in 0..<s.heads {
                let q = weight(s.dModel, s.dHead), qb = bias(s.dHead)
                let k = weight(s.dModel, s.dHead), kb = bias(s.dHead)
                let v = weight(s.dModel, s.dHead), vb = bias(s.dHead)
                let o = weight(s.dHead, s.dModel)
                heads.append(AttentionHead(query: q, key: k, value: v, output: o, queryBias: qb, keyBias: kb, valueBias: vb))
            }
            let outputBias = bias(s.dModel)
            let w1 = weight(s.dModel, s.mlpWidth), b1 = bias(s.mlpWidth)
            let w2 = weight(s.mlpWidth, s.dModel), b2 = bias(s.dModel)
            layers.append(TransformerLayer(
                heads: heads,
                feedForward: FeedForward(layers: [LinearLayer(weight: w1, bias: b1), LinearLayer(weight: w2, bias: b2)], activation: .relu),
                attentionOutputBias: outputBias))
        }
        return try TransformerModel(
            tokenEmbedding: token, positionEmbedding: position, layers: layers, layout: .stacked,
            unembedding: weight(s.dModel, s.vocabulary), attentionScale: 1 / Float(s.dHead).squareRoot(), causal: false,
            residualLabels: (0..<s.dModel).map { "d\($0)" },
            inputEncoder: try InputEncoder(tokens: (0..<s.vocabulary).map { "t\($0)" }),
            outputEncoder: .categorical(values: (0..<s.vocabulary).map { "o\($0)" }))
    }

    /// `count` sequences of `length` token ids below `vocabulary`, from `seed`.
    public static func tokenIDs(count: Int, length: Int, vocabulary: Int, seed: UInt64) -> [[Int]] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in (0..<length).map { _ in Int.random(in: 0..<vocabulary, using: &g) } }
    }

    /// The same model with every weight matrix stored dense.
    public static func withDenseWeights(_ model: TransformerModel) -> TransformerModel {
        var copy = mappingLayerWeights(model) { .dense($0.dense) }
        copy.unembedding = .dense(copy.unembedding.dense)
        return copy
    }

    /// `model` with `transform` applied to every layer's weight matrices (each head's query,
    /// key, value and output, every MLP layer's weight); embeddings, unembedding and biases
    /// stay.
    public static func mappingLayerWeights(
        _ model: TransformerModel, _ transform: (WeightMatrix) -> WeightMatrix
    ) -> TransformerModel {
        var copy = model
        for l in copy.layers.indices {
            for h in copy.layers[l].heads.indices {
                copy.layers[l].heads[h].query = transform(copy.layers[l].heads[h].query)
                copy.layers[l].heads[h].key = transform(copy.layers[l].heads[h].key)
                copy.layers[l].heads[h].value = transform(copy.layers[l].heads[h].value)
                copy.layers[l].heads[h].output = transform(copy.layers[l].heads[h].output)
            }
            for k in copy.layers[l].feedForward.layers.indices {
                copy.layers[l].feedForward.layers[k].weight = transform(copy.layers[l].feedForward.layers[k].weight)
            }
        }
        return copy
    }

    /// A dense `[rows, columns]` matrix, uniform in ±√(3 / rows).
    static func scaledMatrix(_ rows: Int, _ columns: Int, using g: inout SplitMix64) -> Matrix {
        let scale = (3 / Float(max(rows, 1))).squareRoot()
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices { m.values[i] = Float.random(in: -scale..<scale, using: &g) }
        return m
    }

    /// A CSR matrix with `round(fill · columns)` (at least one) distinct random columns per
    /// row, values scaled so a dense input keeps unit variance.
    static func sparseMatrix(_ rows: Int, _ columns: Int, fill: Double, using g: inout SplitMix64) -> SparseMatrix {
        let perRow = max(1, min(columns, Int((fill * Double(columns)).rounded())))
        let scale = (3 / Float(max(1, Int(fill * Double(rows))))).squareRoot()
        var starts = [0]
        starts.reserveCapacity(rows + 1)
        var indices: [Int32] = []
        var values: [Float] = []
        indices.reserveCapacity(rows * perRow)
        values.reserveCapacity(rows * perRow)
        var chosen = Set<Int32>()
        for _ in 0..<rows {
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < perRow { chosen.insert(Int32(Int.random(in: 0..<columns, using: &g))) }
            for column in chosen.sorted() {
                indices.append(column)
                values.append(Float.random(in: -scale..<scale, using: &g))
            }
            starts.append(indices.count)
        }
        // Built sorted and in range above, so validation cannot fail.
        return (try? SparseMatrix(rows: rows, columns: columns, rowStarts: starts, columnIndices: indices, values: values))
            ?? SparseMatrix(Matrix(rows: rows, columns: columns))
    }
}
