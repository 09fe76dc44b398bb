import AltaTensors
import Foundation
import Testing

@Suite("Activations and vector math")
struct ActivationTests {
    /// Values covering zero, tiny, moderate, large and overflowing magnitudes.
    static let probes: [Float] = {
        var values: [Float] = [0, -0, 1e-8, -1e-8, 1e-4, -3e-3, 0.3, -0.6, 0.624, 0.626, -0.625,
                               1, -1, 2.5, -7, 9.5, 15, -20, 40, -80, 88, -88, 89, -104, 200, -200,
                               .infinity, -.infinity]
        var rng = SplitMix64(seed: 42)
        for _ in 0..<301 { values.append(rng.float(-30...30)) }
        return values
    }()

    /// Relative distance in units of `Float.ulpOfOne`, with an absolute floor for values
    /// near zero.
    func close(_ got: Float, _ want: Double, ulps: Double = 4) -> Bool {
        if want.isNaN { return got.isNaN }
        if want.isInfinite { return Double(got) == want }
        return abs(Double(got) - want) <= ulps * Double(Float.ulpOfOne) * max(abs(want), 1e-30)
            + Double(Float.leastNonzeroMagnitude)
    }

    @Test("relu and clipped relu agree exactly with the scalar definitions")
    func piecewiseLinear() throws {
        for activation in [Activation.relu, .clippedReLU, .identity] {
            var m = try Matrix(rows: 1, columns: Self.probes.count, values: Self.probes)
            activation.apply(to: &m)
            for (x, y) in zip(Self.probes, m.values) { #expect(y == activation(x), "\(activation) \(x)") }
        }
        var m = try Matrix([[-2, -0.5, 0, 0.25, 1, 3]])
        Activation.clippedReLU.apply(to: &m)
        #expect(m.values == [0, 0, 0, 0.25, 1, 1])
    }

    @Test("sigmoid and tanh are within a few ulps of the Double functions")
    func smooth() throws {
        var s = try Matrix(rows: 1, columns: Self.probes.count, values: Self.probes)
        var t = s
        Activation.sigmoid.apply(to: &s)
        Activation.tanh.apply(to: &t)
        for (i, x) in Self.probes.enumerated() {
            let want = 1 / (1 + Foundation.exp(-Double(x)))
            #expect(close(s.values[i], want), "sigmoid(\(x)) = \(s.values[i]), want \(want)")
            #expect(close(t.values[i], Foundation.tanh(Double(x))), "tanh(\(x)) = \(t.values[i])")
        }
    }

    @Test("exp is within a few ulps and handles the edges")
    func exponential() {
        for x in Self.probes {
            let got = VectorMath.exp(x)
            let want = Foundation.exp(Double(x))
            if want < Double(Float.leastNormalMagnitude) {
                #expect(Double(got) <= Double(Float.leastNormalMagnitude), "exp(\(x))")
            } else if want > Double(Float.greatestFiniteMagnitude) {
                #expect(got == .infinity, "exp(\(x))")
            } else {
                #expect(close(got, want), "exp(\(x)) = \(got), want \(want)")
            }
        }
        #expect(VectorMath.exp(.nan).isNaN)
        #expect(VectorMath.exp(-.infinity) == 0)
        #expect(VectorMath.exp(0) == 1)
    }

    @Test("every length gives each value the same result (vector body and remainder agree)")
    func tails() throws {
        for count in [0, 1, 7, 8, 9, 17] {
            var rng = SplitMix64(seed: UInt64(count))
            let m = rng.matrix(1, count)
            var applied = m
            Activation.tanh.apply(to: &applied)
            var padded = try Matrix(rows: 1, columns: 24, values: m.values + [Float](repeating: 0, count: 24 - count))
            Activation.tanh.apply(to: &padded)
            #expect(applied.values == Array(padded.values.prefix(count)))
        }
    }

    @Test("raw values round-trip")
    func rawValues() {
        #expect(Activation(rawValue: "clipped_relu") == .clippedReLU)
        #expect(Activation.allCases.map(\.rawValue) == ["relu", "clipped_relu", "sigmoid", "tanh", "identity"])
    }
}
