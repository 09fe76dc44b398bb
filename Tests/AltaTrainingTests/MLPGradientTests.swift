import AltaTensors
import Testing
@testable import AltaTraining

/// Backpropagation against central finite differences.
///
/// The network is Float, so the differences are too: with step h = 1e-3 and a loss of order
/// 1, rounding contributes about ε·L/h ≈ 1e-4 and truncation about h²·|L'''| ≲ 1e-5, so
/// analytic and numeric gradients must agree within 2e-3 + 2% (a wrong term — a missing
/// transpose, a wrong activation derivative — is off by far more). ReLU has kinks: a
/// parameter whose ±h perturbation switches some unit on or off has no valid central
/// difference, so it is skipped (the test requires that at most a tenth are).
@Suite struct MLPGradientTests {
    static func loss(_ mlp: MLP, _ x: Matrix, _ y: Matrix) throws -> Float {
        let out = try mlp.forward(x)
        var sum: Float = 0
        for k in out.values.indices { sum += (out.values[k] - y.values[k]) * (out.values[k] - y.values[k]) }
        return sum / Float(out.values.count)
    }

    @Test(arguments: [Activation.relu, .sigmoid, .tanh], [2, 3])
    func backwardMatchesFiniteDifferences(activation: Activation, depth: Int) throws {
        var random = SplitMix64(seed: 7)
        let sizes = [3] + [Int](repeating: 5, count: depth) + [2]
        var mlp = try MLP(sizes: sizes, activation: activation, initialisation: .xavier, random: &random)
        // Non-zero biases so every parameter matters.
        for t in stride(from: 1, to: mlp.parameters.count, by: 2) {
            for k in mlp.parameters[t].values.indices { mlp.parameters[t].values[k] = 0.3 * Gaussian.sample(&random) }
        }
        let batch = 4
        var x = Matrix(rows: batch, columns: 3), y = Matrix(rows: batch, columns: 2)
        for k in x.values.indices { x.values[k] = Gaussian.sample(&random) }
        for k in y.values.indices { y.values[k] = Gaussian.sample(&random) }

        let (out, activations) = try mlp.forwardKeepingActivations(x)
        var dOut = Matrix(rows: batch, columns: 2)
        for k in dOut.values.indices { dOut.values[k] = 2 * (out.values[k] - y.values[k]) / Float(out.values.count) }
        let gradients = mlp.backward(activations: activations, outputGradient: dOut)
        #expect(gradients.map(\.shape) == mlp.parameters.map(\.shape))

        let h: Float = 1e-3
        var checked = 0, nonZero = 0, skipped = 0
        func pattern(_ m: MLP) throws -> [Bool] {
            try m.forwardKeepingActivations(x).activations.dropFirst().flatMap { $0.values.map { $0 > 0 } }
        }
        for t in mlp.parameters.indices {
            for k in mlp.parameters[t].values.indices {
                var plus = mlp, minus = mlp
                plus.parameters[t].values[k] += h
                minus.parameters[t].values[k] -= h
                if activation == .relu, try pattern(plus) != pattern(minus) {
                    skipped += 1
                    continue
                }
                let numeric = (try Self.loss(plus, x, y) - Self.loss(minus, x, y)) / (2 * h)
                let analytic = gradients[t].values[k]
                #expect(abs(numeric - analytic) <= 2e-3 + 0.02 * abs(numeric),
                        "parameter \(t)[\(k)]: analytic \(analytic), numeric \(numeric)")
                checked += 1
                if abs(analytic) > 1e-4 { nonZero += 1 }
            }
        }
        #expect(checked + skipped == mlp.parameters.map(\.values.count).reduce(0, +))
        #expect(skipped * 10 <= checked + skipped)
        #expect(nonZero > checked / 2)
    }

    /// The backward pass's pieces give the bits of their definitions: the weight gradient
    /// (whichever side is transposed) is each batch sum in order, the bias gradient each
    /// column's sum in order, and the activation's derivative multiplies elementwise.
    @Test(arguments: [(3, 7), (7, 3)])
    func backwardPiecesAreTheirDefinitionsBitForBit(fanIn: Int, fanOut: Int) throws {
        var random = SplitMix64(seed: 3)
        let batch = 6
        var input = Matrix(rows: batch, columns: fanIn), delta = Matrix(rows: batch, columns: fanOut)
        for k in input.values.indices { input.values[k] = Gaussian.sample(&random) }
        for k in delta.values.indices { delta.values[k] = Gaussian.sample(&random) }
        var expected = Matrix(rows: fanIn, columns: fanOut)
        var expectedBias = Matrix(rows: 1, columns: fanOut)
        for i in 0..<fanIn {
            for o in 0..<fanOut {
                var sum: Float = 0
                for b in 0..<batch { sum += input[b, i] * delta[b, o] }
                expected[i, o] = sum
            }
        }
        for o in 0..<fanOut {
            var sum: Float = 0
            for b in 0..<batch { sum += delta[b, o] }
            expectedBias[0, o] = sum
        }
        #expect(MLP.weightGradient(input: input, delta: delta) == expected)
        #expect(MLP.columnSums(delta) == expectedBias)
        for activation in [Activation.relu, .sigmoid, .tanh] {
            var output = input
            activation.apply(to: &output)
            var product = input
            MLP.multiplyByDerivative(&product, activation: activation, output: output)
            #expect(product.values == input.values.indices.map { input.values[$0] * MLP.derivative(activation, output: output.values[$0]) })
        }
    }

    @Test func forwardIsTheEvaluationForward() throws {
        var random = SplitMix64(seed: 1)
        let mlp = try MLP(sizes: [4, 6, 3], activation: .tanh, initialisation: .he, random: &random)
        var x = Matrix(rows: 5, columns: 4)
        for k in x.values.indices { x.values[k] = Gaussian.sample(&random) }
        #expect(try mlp.forward(x) == (try mlp.forwardKeepingActivations(x).output))
        // Row 2 by hand: tanh(x W0 + b0) W1 + b1.
        var hidden = [Float](repeating: 0, count: 6)
        for j in 0..<6 {
            var s: Float = mlp.parameters[1].values[j]
            for i in 0..<4 { s += x[2, i] * mlp.parameters[0][i, j] }
            hidden[j] = Activation.tanh(s)
        }
        let out = try mlp.forward(x)
        for o in 0..<3 {
            var s: Float = mlp.parameters[3].values[o]
            for j in 0..<6 { s += hidden[j] * mlp.parameters[2][j, o] }
            #expect(abs(out[2, o] - s) < 1e-5)
        }
    }

    @Test func wrongInputWidthIsRefused() throws {
        var random = SplitMix64(seed: 1)
        let mlp = try MLP(sizes: [4, 3], activation: .relu, initialisation: .he, random: &random)
        #expect(throws: TrainingError.shapeMismatch("the MLP takes 4 inputs per row, not 2")) {
            try mlp.forward(Matrix(rows: 1, columns: 2))
        }
    }
}
