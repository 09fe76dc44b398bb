import AltaTensors
import Testing
@testable import AltaTransformer

/// One MLP map of the sparse-rows backend on tiny hand-written weights: which units are
/// gated, scattered or live, which input gates a gated unit, and that evaluating from the
/// non-zero inputs gives `LinearLayer.apply` + activation bit for bit.
@Suite struct SparseMapPlanTests {
    /// Inputs 0–2 (from a clipped ReLU) into four units:
    /// u0 = AND(x0, x1) (weights 1, 1, bias −1): gated;
    /// u1 = x0 − x2: scattered, several inputs;
    /// u2 = bias 0.5 and no input: live (its resting value is 0.5);
    /// u3 = −2·x2: scattered, one input (a single positive weight would make it gated).
    static func layer() throws -> LinearLayer {
        let weight = try Matrix([
            [1, 1, 0, 0],
            [1, 0, 0, 0],
            [0, -1, 0, -2],
        ])
        return LinearLayer(weight: WeightMatrix(weight), bias: [-1, 0, 0.5, 0])
    }

    /// The plan's output for the dense input `x`, its non-zero inputs handed over in
    /// ascending order (`sorted`) or reversed.
    static func evaluate(_ plan: SparseMapPlan, _ x: [Float], sorted: Bool) -> [Float] {
        var indices = x.indices.filter { x[$0] != 0 }.map { Int32($0) }
        if !sorted { indices.reverse() }
        let output = SparseBuffer(width: plan.outputWidth)
        let scratch = SparseBuffer(width: plan.outputWidth)
        x.withUnsafeBufferPointer { input in
            indices.withUnsafeBufferPointer { list in
                if let base = input.baseAddress, let listBase = list.baseAddress {
                    plan.evaluate(
                        input: base, aligned: nil, indices: listBase, count: list.count, sorted: sorted, into: output,
                        scratch: scratch)
                }
            }
        }
        return (0..<plan.outputWidth).map { output.values[$0] }
    }

    static func reference(_ layer: LinearLayer, _ activation: Activation, _ x: [Float]) throws -> [Float] {
        var y = try layer.apply(to: Matrix(rows: 1, columns: x.count, values: x))
        activation.apply(to: &y)
        return y.values
    }

    @Test func unitsAreSortedIntoGatedScatteredAndLive() throws {
        let plan = SparseMapPlan(layer: try Self.layer(), activation: .clippedReLU, inputsInUnitInterval: true)
        #expect(plan.gatedCount == 1)
        #expect(plan.gatedInputs.rowLength(0) == 2 && plan.gatedInputs.columnIndices == [0, 1])
        #expect(plan.liveUnits == [2])
        // Scattered weights by input: x0 → u1, x2 → u1 (−1) and u3 (2); the gated unit is absent.
        #expect(plan.scatter.rowStarts == [0, 1, 1, 3])
        #expect(plan.scatter.columnIndices == [1, 1, 3] && plan.scatter.storedValues == [1, -1, -2])
        #expect(plan.scatterSingle.columnIndices == [3])
        #expect(plan.summedInputs.rowLength(1) == 2)
        #expect(plan.readers == [1, 1, 0])
    }

    /// Not from a clipped ReLU (the first map reads the residual), or with a negative
    /// weight, a unit is not gated.
    @Test func gatingNeedsInputsInTheUnitIntervalAndPositiveWeights() throws {
        let first = SparseMapPlan(layer: try Self.layer(), activation: .clippedReLU, inputsInUnitInterval: false)
        #expect(first.gatedCount == 0)
        #expect(first.scatter.nonZeroCount == 5)
        let negative = LinearLayer(weight: WeightMatrix(try Matrix([[1], [-1]])), bias: [-1])
        #expect(SparseMapPlan(layer: negative, activation: .clippedReLU, inputsInUnitInterval: true).gatedCount == 0)
        // Without an activation (the last map) nothing is gated either.
        #expect(SparseMapPlan(layer: try Self.layer(), activation: nil, inputsInUnitInterval: true).gatedCount == 0)
    }

    /// Unmeasured, the pivot is the input with the fewest gated readers (the first on a
    /// tie); a profile makes it the input least often non-zero.
    @Test func pivotsFollowTheProfile() throws {
        let plan = SparseMapPlan(layer: try Self.layer(), activation: .clippedReLU, inputsInUnitInterval: true)
        func pivot(_ p: SparseMapPlan) -> [Int] {
            (0..<p.inputWidth).filter { p.pivots.groupStarts[$0 + 1] > p.pivots.groupStarts[$0] }
        }
        #expect(pivot(plan) == [0])
        #expect(pivot(plan.calibrated(frequencies: [9, 2, 0])) == [1])
        #expect(pivot(plan.calibrated(frequencies: [2, 9, 0])) == [0])
        // A profile of another shape is ignored.
        #expect(pivot(plan.calibrated(frequencies: [1])) == [0])
    }

    /// Every input in {0, 0.5, 1}³, sorted or not, uncalibrated or calibrated: the dense
    /// result exactly.
    @Test func evaluationEqualsTheDenseMap() throws {
        let layer = try Self.layer()
        let plan = SparseMapPlan(layer: layer, activation: .clippedReLU, inputsInUnitInterval: true)
        let plans = [plan, plan.calibrated(frequencies: [9, 2, 0])]
        let levels: [Float] = [0, 0.5, 1]
        for a in levels {
            for b in levels {
                for c in levels {
                    let x = [a, b, c]
                    let expected = try Self.reference(layer, .clippedReLU, x)
                    for p in plans {
                        #expect(Self.evaluate(p, x, sorted: true) == expected, "\(x)")
                        #expect(Self.evaluate(p, x, sorted: false) == expected, "\(x) unsorted")
                    }
                }
            }
        }
    }

    /// A buffer's written indices sort ascending whether there are few (insertion) or many
    /// (the library sort), keeping each index's value.
    @Test(arguments: [0, 1, 2, 31, 32, 33, 200])
    func writtenIndicesSortAscending(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 1)
        let buffer = SparseBuffer(width: 500)
        let written = Array((0..<500).shuffled(using: &rng).prefix(count))
        for i in written { buffer.add(i, Float(i) + 0.5) }
        buffer.sortIndices()
        let sorted = (0..<buffer.count).map { Int(buffer.indices[$0]) }
        #expect(sorted == written.sorted())
        #expect(sorted.allSatisfy { buffer.values[$0] == Float($0) + 0.5 })
    }
}
