import AltaTensors
import Testing
@testable import AltaTraining

/// The sequence transformer's backward pass against central finite differences.
///
/// The kernels are Float only, so the differences are too. A loss of order 1 accumulated
/// over a few hundred terms carries rounding of about 1e-6, so a central difference with
/// step h has rounding error about 1e-6 / h and truncation error about h² · |L‴|: with
/// h = 1e-2 for attention alone (smooth) that is about 1e-4 each, and with h = 2e-3 for
/// whole models (smaller, so fewer ReLU units switch, see below) about 5e-4 and 1e-5.
/// Analytic and numeric gradients must agree within 1e-3 + 3% (a wrong term — a missing
/// transpose, a softmax Jacobian without its diagonal, one iteration of a shared block not
/// summed — is off by far more, and the tests require most checked gradients to be clearly
/// non-zero). ReLU kinks: a parameter whose ±h perturbation switches some MLP unit on or
/// off has no valid central difference, so it is skipped (at most a tenth may be).
@Suite struct SequenceTransformerGradientTests {
    static let h: Float = 1e-2
    static let modelH: Float = 2e-3

    static func agree(_ analytic: Float, _ numeric: Float) -> Bool {
        abs(numeric - analytic) <= 1e-3 + 0.03 * abs(numeric)
    }

    // MARK: attention alone

    /// L = Σ w ⊙ attention(q, k, v) for fixed random w.
    static func attentionLoss(_ a: SelfAttention, _ q: [Float], _ k: [Float], _ v: [Float], _ bias: [Float]?, _ w: [Float]) -> Float {
        let out = a.forward(q: q, k: k, v: v, bias: bias).output
        var sum: Float = 0
        for i in out.indices { sum += out[i] * w[i] }
        return sum
    }

    @Test(arguments: [false, true], [0, 2])
    func attentionBackwardMatchesFiniteDifferences(causal: Bool, range: Int) throws {
        var random = SplitMix64(seed: 11)
        let a = SelfAttention(batch: 2, length: 4, heads: 2, dModel: 6, causal: causal, range: range)
        func draw(_ n: Int) -> [Float] { (0..<n).map { _ in Gaussian.sample(&random) } }
        let n = 2 * 4 * 6
        var inputs = [draw(n), draw(n), draw(n)]
        var bias: [Float]? = range > 0 ? draw(2 * (2 * range + 1)) : nil
        let w = draw(n)
        let forward = a.forward(q: inputs[0], k: inputs[1], v: inputs[2], bias: bias)
        let back = a.backward(q: inputs[0], k: inputs[1], v: inputs[2], probabilities: forward.probabilities,
                              outputGradient: w, hasBias: bias != nil)
        let analytic = [back.q, back.k, back.v]
        var checked = 0, nonZero = 0
        for t in 0..<3 {
            for i in 0..<n {
                let saved = inputs[t][i]
                inputs[t][i] = saved + Self.h
                let plus = Self.attentionLoss(a, inputs[0], inputs[1], inputs[2], bias, w)
                inputs[t][i] = saved - Self.h
                let minus = Self.attentionLoss(a, inputs[0], inputs[1], inputs[2], bias, w)
                inputs[t][i] = saved
                let numeric = (plus - minus) / (2 * Self.h)
                #expect(Self.agree(analytic[t][i], numeric), "tensor \(t)[\(i)]: analytic \(analytic[t][i]), numeric \(numeric)")
                checked += 1
                if abs(analytic[t][i]) > 1e-3 { nonZero += 1 }
            }
        }
        if var values = bias {
            #expect(back.bias.count == values.count)
            for i in values.indices {
                let saved = values[i]
                values[i] = saved + Self.h
                let plus = Self.attentionLoss(a, inputs[0], inputs[1], inputs[2], values, w)
                values[i] = saved - Self.h
                let minus = Self.attentionLoss(a, inputs[0], inputs[1], inputs[2], values, w)
                values[i] = saved
                let numeric = (plus - minus) / (2 * Self.h)
                #expect(Self.agree(back.bias[i], numeric), "bias[\(i)]: analytic \(back.bias[i]), numeric \(numeric)")
            }
            bias = values
        } else {
            #expect(back.bias.isEmpty)
        }
        #expect(nonZero > checked / 2)
        if causal {
            // Causal: the first query sees only itself, so its probabilities are [1, 0, 0, 0].
            #expect(Array(forward.probabilities[0..<4]) == [1, 0, 0, 0])
        }
    }

    // MARK: whole model

    static func model(_ layout: SequenceTransformerConfiguration.Layout, positions: SequenceTransformerConfiguration.Positions,
                      causal: Bool = false, layers: Int = 2, seed: UInt64 = 5) throws -> SequenceTransformer {
        var c = SequenceTransformerConfiguration()
        c.layout = layout
        c.layers = layers
        c.dModel = 6
        c.heads = 2
        c.mlpWidth = 8
        c.positions = positions
        c.relativeRange = 2
        c.causal = causal
        var random = SplitMix64(seed: seed)
        var model = try SequenceTransformer(configuration: c, vocabularySize: 3, classCount: 3, maxLength: 6, random: &random)
        // Non-zero biases and relative biases so every parameter matters.
        for t in model.parameters.indices {
            for k in model.parameters[t].values.indices where model.parameters[t].values[k] == 0 {
                model.parameters[t].values[k] = 0.3 * Gaussian.sample(&random)
            }
        }
        // A smaller unembedding keeps the loss of order 1 (see the type's description).
        for k in model.parameters[2].values.indices { model.parameters[2].values[k] *= 0.2 }
        return model
    }

    static func reluPattern(_ model: SequenceTransformer, _ tokens: [Int], _ length: Int) throws -> [Bool] {
        try model.forward(tokens: tokens, length: length, keep: true).caches.flatMap { cache in
            cache.mlpActivations.dropFirst().flatMap { $0.values.map { $0 > 0 } }
        }
    }

    /// Checks every parameter of `model` on a batch of `sequences` sequences of `length`
    /// tokens.
    static func checkWholeModel(_ model: SequenceTransformer, length: Int, sequences: Int = 3) throws {
        var random = SplitMix64(seed: 9)
        let tokens = (0..<(sequences * length)).map { _ in random.int(in: 0...2) }
        // Targets on most positions, none on some (they must not count).
        let targets = (0..<(sequences * length)).map { $0 % 3 == 1 ? -1 : random.int(in: 0...2) }
        let (_, gradients) = try model.gradients(tokens: tokens, length: length, targets: targets)
        #expect(gradients.map(\.shape) == model.parameters.map(\.shape))
        let basePattern = try reluPattern(model, tokens, length)
        var checked = 0, skipped = 0, nonZero = 0
        for t in model.parameters.indices {
            for k in model.parameters[t].values.indices {
                var plus = model, minus = model
                plus.parameters[t].values[k] += modelH
                minus.parameters[t].values[k] -= modelH
                let plusPattern = try reluPattern(plus, tokens, length), minusPattern = try reluPattern(minus, tokens, length)
                if plusPattern != basePattern || minusPattern != basePattern {
                    skipped += 1
                    continue
                }
                let numeric = (try plus.gradients(tokens: tokens, length: length, targets: targets).loss
                    - minus.gradients(tokens: tokens, length: length, targets: targets).loss) / (2 * modelH)
                let analytic = gradients[t].values[k]
                #expect(agree(analytic, numeric), "parameter \(t)[\(k)]: analytic \(analytic), numeric \(numeric)")
                checked += 1
                if abs(analytic) > 1e-3 { nonZero += 1 }
            }
        }
        #expect(skipped * 10 <= checked + skipped, "\(skipped) of \(checked + skipped) skipped at ReLU kinks")
        #expect(nonZero > checked / 2, "only \(nonZero) of \(checked) gradients are clearly non-zero")
    }

    @Test(arguments: SequenceTransformerConfiguration.Positions.allCases)
    func stackedBlocksMatchFiniteDifferences(positions: SequenceTransformerConfiguration.Positions) throws {
        try Self.checkWholeModel(try Self.model(.stacked, positions: positions), length: 4)
    }

    @Test func causalStackedBlockMatchesFiniteDifferences() throws {
        try Self.checkWholeModel(try Self.model(.stacked, positions: .relative, causal: true, layers: 1), length: 5)
    }

    /// A looped model applies its one block once per token (5 times here): the gradient of
    /// each shared tensor is the sum over the iterations. (Two sequences, so that few ReLU
    /// units over the five iterations sit within h of their kink.)
    @Test func loopedWeightSharingMatchesFiniteDifferences() throws {
        // Initialised for its five applications (output projections scaled by 1/√10).
        let model = try Self.model(.looped, positions: .relative, layers: 5)
        #expect(model.parameters.count == 4 + SequenceTransformer.perBlock)
        #expect(try model.forward(tokens: [0, 1, 2, 0, 1], length: 5, keep: true).caches.count == 5)
        try Self.checkWholeModel(model, length: 5, sequences: 2)
    }

    @Test func positionsWithoutTargetsDoNotChangeTheLoss() throws {
        let model = try Self.model(.stacked, positions: .absolute)
        let tokens = [0, 1, 2, 1, 0, 2, 2, 1]
        let one = try model.gradients(tokens: tokens, length: 4, targets: [-1, -1, -1, 1, -1, -1, -1, 0])
        let logits = try model.logits(tokens: tokens, length: 4)
        // Mean over the two target rows of −log softmax.
        func nll(_ row: Int, _ target: Int) -> Double {
            let values = (0..<3).map { Double(logits[row, $0]) }
            let m = values.max() ?? 0
            return -(values[target] - m - values.map { Foundation.exp($0 - m) }.reduce(0, +).logOfSelf)
        }
        #expect(abs(Double(one.loss) - (nll(3, 1) + nll(7, 0)) / 2) < 1e-5)
    }

    @Test func wrongInputsAreRefused() throws {
        let model = try Self.model(.stacked, positions: .absolute)
        #expect(throws: TrainingError.shapeMismatch("token id 3 is outside the vocabulary 0..<3")) {
            _ = try model.logits(tokens: [0, 3], length: 2)
        }
        #expect(throws: TrainingError.shapeMismatch("an input of 7 tokens is longer than the model's 6")) {
            _ = try model.logits(tokens: [Int](repeating: 0, count: 7), length: 7)
        }
        #expect(throws: TrainingError.shapeMismatch("no position carries a target")) {
            _ = try model.gradients(tokens: [0, 1], length: 2, targets: [-1, -1])
        }
        var c = SequenceTransformerConfiguration()
        c.heads = 5
        #expect(throws: TrainingError.invalidSetting("heads", reason: "must divide d-model 32, not 5")) {
            _ = try SequenceTransformerTrainer(configuration: c)
        }
    }
}

import Foundation

private extension Double {
    var logOfSelf: Double { Foundation.log(self) }
}
