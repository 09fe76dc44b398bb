import AltaTensors
import Foundation

/// A small standard transformer classifying every position of a token sequence: token
/// (+ absolute position) embeddings, norm-free blocks of multi-head softmax attention and a
/// ReLU MLP on a residual stream, and an unembedding to output classes per position.
/// Stacked (distinct blocks) or looped (one shared block applied again and again), as
/// `SequenceTransformerConfiguration` says.
///
/// Parameters (all `Matrix`, so the `Optimizer`s train them as they train an `MLP`):
///
/// | index | tensor | shape |
/// |---|---|---|
/// | 0 | token embedding | `[vocabulary, dModel]` |
/// | 1 | position embedding (absolute positions; else empty) | `[maxLength, dModel]` or `[0, dModel]` |
/// | 2, 3 | unembedding weight, bias | `[dModel, classes]`, `[1, classes]` |
/// | 4 + 9b + 0…3 | block b's query, key, value, output projections | `[dModel, dModel]` |
/// | 4 + 9b + 4…7 | block b's MLP: weight, bias, weight, bias | `[dModel, mlpWidth]`, `[1, mlpWidth]`, `[mlpWidth, dModel]`, `[1, dModel]` |
/// | 4 + 9b + 8 | block b's relative position bias (relative positions; else empty) | `[heads, 2·relativeRange + 1]` or `[0, 0]` |
///
/// The forward pass is written once (``forward(tokens:length:keep:)``); training keeps its
/// activations and ``gradients(tokens:length:targets:)`` runs the backward pass. Every
/// product is a `Kernels.gemm` or a loop in index order, so results are bit-reproducible.
public struct SequenceTransformer: Sendable, Equatable {
    /// Shape and training settings.
    public let configuration: SequenceTransformerConfiguration
    /// Input token ids are `0..<vocabularySize`.
    public let vocabularySize: Int
    /// Output classes per position.
    public let classCount: Int
    /// Longest input (the absolute position table's size).
    public let maxLength: Int
    /// The tensors listed in the type's description.
    public var parameters: [Matrix]

    static let perBlock = 9

    /// A freshly initialised model drawn from `random`: embeddings N(0, 1), projections
    /// N(0, 1/fan_in) with the output projections (attention output, MLP second layer)
    /// further scaled by `1/√(2·layers)`, zero biases and relative biases.
    public init(configuration: SequenceTransformerConfiguration, vocabularySize: Int, classCount: Int, maxLength: Int,
                random: inout SplitMix64) throws(TrainingError) {
        try configuration.validate()
        guard vocabularySize >= 1, classCount >= 1, (1...65_536).contains(maxLength) else {
            throw .shapeMismatch("a sequence transformer needs at least one token and class and a length in 1...65536, "
                + "not \(vocabularySize) tokens, \(classCount) classes, length \(maxLength)")
        }
        let c = configuration
        let d = c.dModel
        func gaussian(_ rows: Int, _ columns: Int, std: Double) -> Matrix {
            var m = Matrix(rows: rows, columns: columns)
            for k in m.values.indices { m.values[k] = Float(std) * Gaussian.sample(&random) }
            return m
        }
        let depthScale = 1 / (2 * Double(c.layers)).squareRoot()
        var parameters: [Matrix] = [
            gaussian(vocabularySize, d, std: 1),
            c.positions == .absolute ? gaussian(maxLength, d, std: 1) : Matrix(rows: 0, columns: d),
            gaussian(d, classCount, std: 1 / Double(d).squareRoot()),
            Matrix(rows: 1, columns: classCount),
        ]
        for _ in 0..<c.blockCount {
            let std = 1 / Double(d).squareRoot()
            parameters += [gaussian(d, d, std: std), gaussian(d, d, std: std), gaussian(d, d, std: std),
                           gaussian(d, d, std: std * depthScale)]
            parameters += [gaussian(d, c.mlpWidth, std: (2 / Double(d)).squareRoot()), Matrix(rows: 1, columns: c.mlpWidth),
                           gaussian(c.mlpWidth, d, std: (2 / Double(c.mlpWidth)).squareRoot() * depthScale), Matrix(rows: 1, columns: d)]
            parameters.append(c.positions == .relative ? Matrix(rows: c.heads, columns: 2 * c.relativeRange + 1) : Matrix(rows: 0, columns: 0))
        }
        self.init(configuration: c, vocabularySize: vocabularySize, classCount: classCount, maxLength: maxLength, unchecked: parameters)
    }

    private init(configuration: SequenceTransformerConfiguration, vocabularySize: Int, classCount: Int, maxLength: Int, unchecked parameters: [Matrix]) {
        self.configuration = configuration
        self.vocabularySize = vocabularySize
        self.classCount = classCount
        self.maxLength = maxLength
        self.parameters = parameters
    }

    /// Index of block `b`'s first tensor.
    static func blockStart(_ b: Int) -> Int { 4 + perBlock * b }

    /// The block an iteration applies (a looped model has one).
    func block(forIteration iteration: Int) -> Int { configuration.layout == .stacked ? iteration : 0 }

    /// Block `b`'s MLP as an `MLP` (sharing the tensors).
    func mlp(block b: Int) throws(TrainingError) -> MLP {
        let s = Self.blockStart(b)
        let c = configuration
        return try MLP(sizes: [c.dModel, c.mlpWidth, c.dModel], activation: .relu, parameters: Array(parameters[(s + 4)...(s + 7)]))
    }

    // MARK: forward

    /// What one block application keeps for the backward pass.
    struct BlockCache {
        var input: Matrix
        var q: [Float], k: [Float], v: [Float]
        var probabilities: [Float]
        var heads: Matrix
        var mlpActivations: [Matrix]
    }

    /// The residual stream after the last block, `[batch · length, dModel]`, for `tokens`
    /// (`batch` sequences of `length` ids, flattened row-major), and each block's cache when
    /// `keep`.
    func forward(tokens: [Int], length: Int, keep: Bool) throws(TrainingError) -> (residual: Matrix, caches: [BlockCache]) {
        let c = configuration
        let d = c.dModel
        guard length >= 1, tokens.count % length == 0, !tokens.isEmpty else {
            throw .shapeMismatch("\(tokens.count) token ids do not make sequences of length \(length)")
        }
        guard length <= maxLength else {
            throw .shapeMismatch("an input of \(length) tokens is longer than the model's \(maxLength)")
        }
        if let bad = tokens.first(where: { !(0..<vocabularySize).contains($0) }) {
            throw .shapeMismatch("token id \(bad) is outside the vocabulary 0..<\(vocabularySize)")
        }
        let batch = tokens.count / length
        let rows = tokens.count
        var x = Matrix(rows: rows, columns: d)
        let embedding = parameters[0].values, positions = parameters[1].values
        let absolute = c.positions == .absolute
        for r in 0..<rows {
            let token = tokens[r], p = r % length
            for j in 0..<d { x.values[r * d + j] = embedding[token * d + j] + (absolute ? positions[p * d + j] : 0) }
        }
        let attention = SelfAttention(batch: batch, length: length, heads: c.heads, dModel: d, causal: c.causal,
                                      range: c.positions == .relative ? c.relativeRange : 0)
        var caches: [BlockCache] = []
        for iteration in 0..<c.iterations(forTokenCount: length) {
            let b = block(forIteration: iteration)
            let s = Self.blockStart(b)
            var q = Matrix(rows: rows, columns: d), k = q, v = q
            Kernels.gemm(m: rows, n: d, k: d, a: x.values, b: parameters[s].values, c: &q.values, accumulate: false)
            Kernels.gemm(m: rows, n: d, k: d, a: x.values, b: parameters[s + 1].values, c: &k.values, accumulate: false)
            Kernels.gemm(m: rows, n: d, k: d, a: x.values, b: parameters[s + 2].values, c: &v.values, accumulate: false)
            let (headValues, probabilities) = attention.forward(
                q: q.values, k: k.values, v: v.values, bias: c.positions == .relative ? parameters[s + 8].values : nil)
            let heads = try Self.matrix(rows: rows, columns: d, headValues)
            var mid = x
            Kernels.gemm(m: rows, n: d, k: d, a: heads.values, b: parameters[s + 3].values, c: &mid.values, accumulate: true)
            let mlp = try self.mlp(block: b)
            let (update, activations) = try mlp.forwardKeepingActivations(mid)
            if keep {
                caches.append(BlockCache(input: x, q: q.values, k: k.values, v: v.values, probabilities: probabilities,
                                         heads: heads, mlpActivations: activations))
            }
            for j in mid.values.indices { mid.values[j] += update.values[j] }
            x = mid
        }
        return (x, caches)
    }

    /// `[rows, classes]` logits of every position of `residual`.
    func logits(_ residual: Matrix) -> Matrix {
        var out = Matrix(rows: residual.rows, columns: classCount)
        Kernels.gemm(m: residual.rows, n: classCount, k: configuration.dModel, a: residual.values, b: parameters[2].values,
                     c: &out.values, accumulate: false)
        let bias = parameters[3].values
        for r in 0..<residual.rows { for j in 0..<classCount { out.values[r * classCount + j] += bias[j] } }
        return out
    }

    /// The logits `[batch · length, classes]` of every position of `batch` sequences of
    /// `length` token ids (flattened row-major).
    public func logits(tokens: [Int], length: Int) throws(TrainingError) -> Matrix {
        logits(try forward(tokens: tokens, length: length, keep: false).residual)
    }

    /// The most likely class of every position, per sequence (ties: the lowest class).
    public func predict(_ sequences: [[Int]]) throws(TrainingError) -> [[Int]] {
        guard let length = sequences.first?.count, sequences.allSatisfy({ $0.count == length }) else {
            throw .shapeMismatch("prediction takes at least one sequence, all of one length")
        }
        let out = try logits(tokens: sequences.flatMap { $0 }, length: length)
        return (0..<sequences.count).map { s in
            (0..<length).map { p in
                let row = (s * length + p) * classCount
                var best = 0
                for j in 1..<max(1, classCount) where out.values[row + j] > out.values[row + best] { best = j }
                return best
            }
        }
    }

    // MARK: loss and backward

    /// Mean cross-entropy over the positions whose target class is not negative
    /// (`targets` parallel to `tokens`), and the gradient of every parameter (same order and
    /// shapes as `parameters`). Throws when no position carries a target.
    public func gradients(tokens: [Int], length: Int, targets: [Int]) throws(TrainingError) -> (loss: Float, gradients: [Matrix]) {
        guard targets.count == tokens.count else {
            throw .shapeMismatch("\(targets.count) targets for \(tokens.count) tokens")
        }
        let counted = targets.filter { $0 >= 0 }.count
        guard counted > 0 else { throw .shapeMismatch("no position carries a target") }
        if let bad = targets.first(where: { $0 >= classCount }) {
            throw .shapeMismatch("target class \(bad) is outside 0..<\(classCount)")
        }
        let c = configuration
        let d = c.dModel
        let (residual, caches) = try forward(tokens: tokens, length: length, keep: true)
        let rows = residual.rows
        let out = logits(residual)
        // Softmax cross-entropy: dLogits = (softmax − onehot) / counted on target rows.
        var dLogits = Matrix(rows: rows, columns: classCount)
        var loss = 0.0
        for r in 0..<rows where targets[r] >= 0 {
            let base = r * classCount
            var maxLogit = -Float.infinity
            for j in 0..<classCount { maxLogit = max(maxLogit, out.values[base + j]) }
            var total: Float = 0
            for j in 0..<classCount { total += Foundation.exp(out.values[base + j] - maxLogit) }
            let logTotal = Foundation.log(total) + maxLogit
            loss += Double(logTotal - out.values[base + targets[r]])
            for j in 0..<classCount {
                let p = Foundation.exp(out.values[base + j] - logTotal)
                dLogits.values[base + j] = (p - (j == targets[r] ? 1 : 0)) / Float(counted)
            }
        }
        var grads = parameters.map { Matrix(rows: $0.rows, columns: $0.columns) }
        // Unembedding.
        Kernels.gemm(m: d, n: classCount, k: rows, a: residual.transposed().values, b: dLogits.values, c: &grads[2].values, accumulate: false)
        for r in 0..<rows { for j in 0..<classCount { grads[3].values[j] += dLogits.values[r * classCount + j] } }
        var dx = Matrix(rows: rows, columns: d)
        Kernels.gemm(m: rows, n: d, k: classCount, a: dLogits.values, b: parameters[2].values, transposeB: true, c: &dx.values, accumulate: false)
        // Blocks, last application first; a looped model's shared tensors sum over iterations.
        let attention = SelfAttention(batch: rows / length, length: length, heads: c.heads, dModel: d, causal: c.causal,
                                      range: c.positions == .relative ? c.relativeRange : 0)
        for iteration in stride(from: caches.count - 1, through: 0, by: -1) {
            let cache = caches[iteration]
            let b = block(forIteration: iteration)
            let s = Self.blockStart(b)
            // out = mid + MLP(mid): dMid = dOut + MLP'ᵀ dOut.
            let (mlpGrads, dMidFromMLP) = try mlp(block: b).backwardWithInputGradient(activations: cache.mlpActivations, outputGradient: dx)
            for t in 0..<4 { Self.add(mlpGrads[t], to: &grads[s + 4 + t]) }
            var dMid = dx
            for j in dMid.values.indices { dMid.values[j] += dMidFromMLP.values[j] }
            // mid = x + heads · Wo.
            var dWo = Matrix(rows: d, columns: d)
            Kernels.gemm(m: d, n: d, k: rows, a: cache.heads.transposed().values, b: dMid.values, c: &dWo.values, accumulate: false)
            Self.add(dWo, to: &grads[s + 3])
            var dHeads = [Float](repeating: 0, count: rows * d)
            Kernels.gemm(m: rows, n: d, k: d, a: dMid.values, b: parameters[s + 3].values, transposeB: true, c: &dHeads, accumulate: false)
            let back = attention.backward(q: cache.q, k: cache.k, v: cache.v, probabilities: cache.probabilities,
                                          outputGradient: dHeads, hasBias: c.positions == .relative)
            if c.positions == .relative {
                for j in back.bias.indices { grads[s + 8].values[j] += back.bias[j] }
            }
            let inputT = cache.input.transposed().values
            var dx2 = dMid
            for (offset, dProjection) in [back.q, back.k, back.v].enumerated() {
                var dW = Matrix(rows: d, columns: d)
                Kernels.gemm(m: d, n: d, k: rows, a: inputT, b: dProjection, c: &dW.values, accumulate: false)
                Self.add(dW, to: &grads[s + offset])
                Kernels.gemm(m: rows, n: d, k: d, a: dProjection, b: parameters[s + offset].values, transposeB: true,
                             c: &dx2.values, accumulate: true)
            }
            dx = dx2
        }
        // Embeddings.
        let absolute = c.positions == .absolute
        for r in 0..<rows {
            let token = tokens[r], p = r % length
            for j in 0..<d {
                let g = dx.values[r * d + j]
                grads[0].values[token * d + j] += g
                if absolute { grads[1].values[p * d + j] += g }
            }
        }
        return (Float(loss / Double(counted)), grads)
    }

    static func add(_ source: Matrix, to target: inout Matrix) {
        for j in target.values.indices { target.values[j] += source.values[j] }
    }

    static func matrix(rows: Int, columns: Int, _ values: [Float]) throws(TrainingError) -> Matrix {
        do { return try Matrix(rows: rows, columns: columns, values: values) } catch {
            throw .shapeMismatch("\(error)")
        }
    }
}
