import AltaTestSupport
import Craft
import Testing
@testable import RASPCompiler

/// The exact discretising MLP (`Discretiser`) on hand-tabulated functions of one input φ.
///
/// For a step between tabulated points a and b (gap g) and input noise η, the ramp has slope
/// L = 2 / (g − 2η) and is centred on (a + b) / 2, so it is flat — output exactly 0 or the
/// full step — outside the centre ± 1 / (2L) = ±(g / 4 − η / 2).
@Suite struct DiscretiserTests {
    let x = BasisDirection("x")
    let one = BasisDirection("one")
    let bos = BasisDirection("tokens", "BOS")
    let gate = BasisDirection("g", 1)
    let out = BasisDirection("out", 1)

    /// φ = x tabulated at 0 → nothing, 1 → `out:1`, 2 → `out:1`.
    func step(noise: Double, gate: [BasisDirection] = []) -> Discretiser {
        var discretiser = Discretiser(
            label: "step", inputs: [(direction: x, coefficient: 1)],
            points: [
                Discretiser.Point(x: 0, output: VectorInBasis()),
                Discretiser.Point(x: 1, output: .basis(out)),
                Discretiser.Point(x: 2, output: .basis(out)),
            ],
            outputSpace: VectorSpace([out]), noise: noise, one: one, bos: bos)
        discretiser.gate = gate
        return discretiser
    }

    func apply(_ mlp: MLP, _ inputs: [BasisDirection: Double]) -> Double {
        mlp.apply(VectorInBasis(inputs.merging([one: 1]) { a, _ in a }))[out]
    }

    /// η = 0.1: L = 2 / 0.8 = 2.5, the ramp spans (0.3, 0.7). One ramp pair for the one step
    /// that changes the output (1 → 2 changes nothing), plus a constant neuron (the pair sits
    /// on the side of its threshold where pre-activations stay smaller: below, since the
    /// inputs reach 2.1 above 0.5 but only −0.1 below it).
    @Test func oneRampPairPerChangeFlatWithinTheNoise() throws {
        let (mlp, _) = try step(noise: 0.1).build()
        #expect(mlp.hiddenSpaces.map(\.count) == [3])
        for φ in [-0.1, 0, 0.1, 0.3] { #expect(apply(mlp, [x: φ]) == 0, "φ = \(φ)") }
        for φ in [0.7, 0.9, 1, 1.1, 1.9, 2, 2.1] { #expect(apply(mlp, [x: φ]) == 1, "φ = \(φ)") }
        #expect(apply(mlp, [x: 0.5]) == 0.5, "the middle of the ramp")
        // Every neuron is off at BOS.
        #expect(apply(mlp, [x: 2, bos: 1]) == 0)
        #expect(apply(mlp, [x: 0, bos: 1]) == 0)
    }

    /// With a gate direction, the function is computed only when the gate is 1.
    @Test func aGateSwitchesTheWholeFunction() throws {
        let (mlp, _) = try step(noise: 0.1, gate: [gate]).build()
        #expect(apply(mlp, [x: 1, gate: 1]) == 1)
        #expect(apply(mlp, [x: 2, gate: 1]) == 1)
        #expect(apply(mlp, [x: 0, gate: 1]) == 0)
        #expect(apply(mlp, [x: 1, gate: 0]) == 0)
        #expect(apply(mlp, [x: 2, gate: 0]) == 0)
    }

    /// A constant function needs no ramp, only the constant neuron.
    @Test func aConstantFunctionIsOneNeuron() throws {
        let constant = Discretiser(
            label: "constant", inputs: [(direction: x, coefficient: 2)],
            points: [Discretiser.Point(x: 0, output: .basis(out)), Discretiser.Point(x: 4, output: .basis(out))],
            outputSpace: VectorSpace([out]), noise: 0, one: one, bos: bos)
        let (mlp, error) = try constant.build()
        #expect(mlp.hiddenSpaces.map(\.count) == [1])
        #expect(error == 0)
        #expect(apply(mlp, [x: 0]) == 1 && apply(mlp, [x: 2]) == 1)
        #expect(apply(mlp, [x: 2, bos: 1]) == 0)
    }

    /// Two points closer than 4η cannot be told apart exactly: refused, naming both values.
    @Test func pointsWithinTheNoiseAreRefused() {
        expectError(RASPCompileError.notExact(label: "step", reason: "the values 0.0 and 1.0 differ by 1.0, not more than 4× the float32 noise 0.3 of the input"),
                    message: "step cannot be computed exactly in float32: the values 0.0 and 1.0 differ by 1.0, not more than 4× the float32 noise 0.3 of the input") {
            try step(noise: 0.3).build()
        }
    }
}
