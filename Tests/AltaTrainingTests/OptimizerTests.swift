import AltaTensors
import Foundation
import Testing
@testable import AltaTraining

/// Optimiser steps against values computed by hand from the update rules.
@Suite struct OptimizerTests {
    func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance }
    }

    @Test func adamTwoSteps() throws {
        var p = [try Matrix(rows: 1, columns: 2, values: [1, -2])]
        var adam = Adam(shapes: [[1, 2]])
        // Step 1: m̂ = g, v̂ = g², so each weight moves by lr · sign(g).
        adam.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.5, -0.1])], learningRate: 0.1)
        #expect(close(p[0].values, [0.9, -1.9]))
        // Step 2, g = (0.5, 0.2): m = (0.095, 0.011), v = (0.00049975, 0.00004999),
        // m̂ = m / 0.19 = (0.5, 0.0578947), v̂ = v / 0.001999 = (0.25, 0.0250075),
        // update = 0.1 · m̂ / √v̂ = (0.1, 0.0366101).
        adam.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.5, 0.2])], learningRate: 0.1)
        #expect(close(p[0].values, [0.8, -1.9366101]))
        #expect(adam.count == 2)
    }

    @Test func adafactorUnfactoredTwoSteps() throws {
        var p = [try Matrix(rows: 1, columns: 2, values: [0.5, -0.5])]
        var opt = Adafactor(shapes: [[1, 2]])
        // Step 1: β₂ = 0, v = g², u = sign(g), rms(u) = 1 (no clip), scale rms(w) = 0.5.
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, -0.4])], learningRate: 0.1)
        #expect(close(p[0].values, [0.45, -0.45]))
        // Step 2: β₂ = 1 − 2^−0.8 = 0.4256510, g = (0.2, 0.2): v = (0.04, 0.0910782),
        // u = (1, 0.6627091), rms(u) = 0.8482872 (no clip), scale 0.45, w −= 0.045 · u.
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, 0.2])], learningRate: 0.1)
        #expect(close(p[0].values, [0.405, -0.4798219]))
    }

    @Test func adafactorFactorsLargeMatricesOnly() {
        #expect(Adafactor.isFactored([128, 128]))
        #expect(!Adafactor.isFactored([9, 128]))
        #expect(!Adafactor.isFactored([1, 128]))
    }

    @Test func adafactorFactoredFirstStep() throws {
        // g = 1 everywhere but g[0][0] = 2 on a 128 × 128 matrix of ones; β₂ = 0 at step 1.
        // Row means of g²: r₀ = 131/128, others 1; column means alike; mean of rows
        // R̄ = (131/128 + 127)/128. u = g · √(R̄/rᵢ) / √cⱼ.
        let n = 128
        var g = Matrix(rows: n, columns: n, repeating: 1)
        g.values[0] = 2
        var p = [Matrix(rows: n, columns: n, repeating: 1)]
        var opt = Adafactor(shapes: [[n, n]])
        opt.step(parameters: &p, gradients: [g], learningRate: 0.01)
        let r0 = 131.0 / 128, mean = (131.0 / 128 + 127) / 128
        let u00 = 2 * (mean / r0).squareRoot() / r0.squareRoot()
        let u01 = (mean / r0).squareRoot()        // also u10
        let u11 = mean.squareRoot()
        let sumSquares = u00 * u00 + 2 * Double(n - 1) * u01 * u01 + Double((n - 1) * (n - 1)) * u11 * u11
        let clip = max(1, (sumSquares / Double(n * n)).squareRoot())
        let factor = 0.01 * 1 / clip   // scale = rms(w) = 1
        #expect(abs(Double(p[0][0, 0]) - (1 - factor * u00)) < 1e-6)
        #expect(abs(Double(p[0][0, 1]) - (1 - factor * u01)) < 1e-6)
        #expect(abs(Double(p[0][1, 0]) - (1 - factor * u01)) < 1e-6)
        #expect(abs(Double(p[0][5, 7]) - (1 - factor * u11)) < 1e-6)
        // Unfactored, every u would be exactly sign(g) = 1: factoring makes u00 differ.
        #expect(abs(u00 - 1) > 0.5)
    }

    @Test func adafactorMomentumThreeSteps() throws {
        var p = [try Matrix(rows: 1, columns: 2, values: [0.5, -0.5])]
        var opt = Adafactor(shapes: [[1, 2]], momentum: 0.9)
        // Step 1 as without momentum: u = sign(g), scaled by lr · rms(w) = 0.05 → (0.05, −0.05);
        // m = 0.1 · that = (0.005, −0.005), w −= m.
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, -0.4])], learningRate: 0.1)
        #expect(close(p[0].values, [0.495, -0.495]))
        // Step 2, g = (0.2, 0.2): u = (1, 0.6627092) (β₂ = 0.4256508, v = (0.04, 0.0910781)),
        // scaled by 0.1 · 0.495; m = 0.9 · (0.005, −0.005) + 0.1 · (0.0495, 0.0328041)
        // = (0.00945, −0.0012196).
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, 0.2])], learningRate: 0.1)
        #expect(close(p[0].values, [0.48555, -0.4937804]))
        // Step 3, g = (−0.1, 0.3): β₂ = 0.5847564, v = (0.0275427, 0.0906304),
        // u = (−0.6025552, 0.9965159) (rms 0.82, no clip), scale rms(w) = 0.4896825;
        // m = (0.0055544, 0.0037821).
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [-0.1, 0.3])], learningRate: 0.1)
        #expect(close(p[0].values, [0.4799956, -0.4975625]))
        #expect(opt.count == 3)
    }

    /// The relative step's rates drive Adafactor as any learning rate: min(1e-2, 1/√t) is
    /// 1e-2 for the first 10,000 steps, so two steps at its rates are the two steps of
    /// `adafactorUnfactoredTwoSteps` at lr 0.01.
    @Test func adafactorAtTheRelativeStepTwoSteps() throws {
        let schedule = LearningRateSchedule.relativeStep
        var p = [try Matrix(rows: 1, columns: 2, values: [0.5, -0.5])]
        var opt = Adafactor(shapes: [[1, 2]])
        // Step 1: u = sign(g), scale 0.5: w −= 0.01 · 0.5 · (1, −1).
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, -0.4])], learningRate: schedule.rate(at: 0))
        #expect(close(p[0].values, [0.495, -0.495]))
        // Step 2: u = (1, 0.6627092), scale 0.495: w −= 0.00495 · u.
        opt.step(parameters: &p, gradients: [try Matrix(rows: 1, columns: 2, values: [0.2, 0.2])], learningRate: schedule.rate(at: 1))
        #expect(close(p[0].values, [0.49005, -0.4982804]))
    }

    @Test func relativeStepIsOneHundredthThenOneOverRootT() {
        let s = LearningRateSchedule.relativeStep
        #expect(s.isRelativeStep)
        #expect(s.rate(at: 0) == 0.01)             // t = 1
        #expect(s.rate(at: 9_999) == 0.01)         // t = 10,000: 1/√t = 0.01
        #expect(s.rate(at: 39_999) == 0.005)       // t = 40,000
        #expect(s.rate(at: 999_999) == 0.001)      // t = 10⁶
        #expect(!LearningRateSchedule(peak: 0.01, warmupSteps: 0, decayRate: 1, transitionSteps: 1).isRelativeStep)
    }

    /// The flat, allocation-free `Adafactor` and `Adam` compute exactly what their definitions
    /// written element by element over nested arrays compute (`ReferenceOptimizers`), bit
    /// for bit, over three steps on a factored matrix (with a row count that is not a
    /// multiple of four), unfactored matrices and a bias row.
    @Test func flatOptimizersMatchTheirElementwiseDefinitionsBitForBit() throws {
        var random = SplitMix64(seed: 11)
        let shapes = [[130, 128], [9, 128], [128, 9], [1, 128], [1, 9]]
        func randomMatrix(_ shape: [Int], scale: Float) -> Matrix {
            var m = Matrix(rows: shape[0], columns: shape[1])
            for k in m.values.indices { m.values[k] = scale * (Float(random.next() >> 40) / Float(1 << 24) - 0.5) }
            return m
        }
        let start = shapes.map { randomMatrix($0, scale: 0.5) }
        var adafactor = Adafactor(shapes: shapes), reference = ReferenceOptimizers.Adafactor(shapes: shapes)
        var adam = Adam(shapes: shapes), referenceAdam = ReferenceOptimizers.Adam(shapes: shapes)
        var (p1, p2, p3, p4) = (start, start, start, start)
        for (step, rate) in [Float(0.01), 0.02, 0.005].enumerated() {
            let g = shapes.map { randomMatrix($0, scale: step == 1 ? 3 : 0.1) }   // step 2 clips
            adafactor.step(parameters: &p1, gradients: g, learningRate: rate)
            reference.step(parameters: &p2, gradients: g, learningRate: rate)
            adam.step(parameters: &p3, gradients: g, learningRate: rate)
            referenceAdam.step(parameters: &p4, gradients: g, learningRate: rate)
            #expect(p1 == p2, "Adafactor step \(step + 1)")
            #expect(p3 == p4, "Adam step \(step + 1)")
        }
        #expect(p1 != start && p3 != start)
    }

    /// Adafactor's RMS (four interleaved `Double` partial sums) is a sequential `Double` sum's
    /// to the last bit of the `Float`, on lengths that leave every remainder.
    @Test func adafactorRMSIsTheSequentialSumsToTheLastBit() {
        var random = SplitMix64(seed: 2)
        for count in [0, 1, 2, 3, 4, 5, 7, 1_000, 16_384, 16_387] {
            let values = (0..<count).map { _ in Gaussian.sample(&random) * 0.3 }
            let fast = Adafactor.rms(values), sequential = ReferenceOptimizers.Adafactor.sequentialRMS(values)
            #expect(fast == sequential || fast == sequential.nextUp || fast == sequential.nextDown, "\(count)")
        }
        #expect(Adafactor.rms([3, 4, 0, 0]) == 2.5)
        #expect(Adafactor.rms([]) == 0)
    }

    @Test func scheduleWarmsUpThenDecaysToItsFloor() {
        let s = LearningRateSchedule(peak: 0.01, warmupSteps: 100, decayRate: 0.01, transitionSteps: 1_000)
        #expect(s.rate(at: 0) == 0)
        #expect(abs(s.rate(at: 50) - 0.005) < 1e-9)
        #expect(abs(s.rate(at: 100) - 0.01) < 1e-9)
        #expect(abs(s.rate(at: 600) - 0.001) < 1e-8)          // 0.01 · 0.01^(1/2)
        #expect(abs(s.rate(at: 1_100) - 0.0001) < 1e-9)
        #expect(abs(s.rate(at: 5_000) - 0.0001) < 1e-9)       // the floor
    }
}
