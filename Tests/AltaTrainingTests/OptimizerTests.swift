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
