import AltaTestSupport
import Testing
@testable import Craft

@Suite struct LinearMapTests {
    let x1 = BasisDirection("x", 1)
    let x2 = BasisDirection("x", 2)
    let y = BasisDirection("y")
    let h = BasisDirection("h")
    let o = BasisDirection("o")

    @Test func fromActionBuildsRows() throws {
        let input = VectorSpace([x1, x2])
        let output = VectorSpace([y, o])
        let map = try Linear.fromAction(input: input, output: output) { d in
            d == x1 ? .basis(y, 2) : VectorInBasis([y: 1, o: -1])
        }
        #expect(output.basis == [o, y])  // sorted
        #expect(map.matrix.dense == [[0, 2], [-1, 1]])
        #expect(map.apply(.basis(x2, 3)) == VectorInBasis([y: 3, o: -3]))
        expectError(CraftError.directionOutsideSpace(y, space: "the output space of a map (image of 'x:1')"),
                    message: "direction 'y' is not in the output space of a map (image of 'x:1')") {
            try Linear.fromAction(input: input, output: VectorSpace([o])) { _ in .basis(y) }
        }
    }

    @Test func combineInParallelSumsSharedDirections() throws {
        let first = try Linear.fromAction(input: VectorSpace([x1]), output: VectorSpace([h, y])) { _ in
            VectorInBasis([h: 1, y: 2])
        }
        let second = try Linear.fromAction(
            input: VectorSpace([x1, x2]), output: VectorSpace([h, o]), bias: .basis(o, 5)
        ) { d in d == x1 ? .basis(h, 10) : .basis(o, 1) }
        let combined = Linear.combineInParallel([first, second])
        #expect(combined.input.basis == [x1, x2])
        #expect(combined.output.basis == [h, o, y])
        #expect(combined.weight(from: x1, to: h) == 11)
        #expect(combined.weight(from: x1, to: y) == 2)
        #expect(combined.weight(from: x2, to: o) == 1)
        #expect(combined.bias(of: o) == 5)
        // Applying the combination equals summing the parts.
        let v = VectorInBasis([x1: 2, x2: -1])
        #expect(combined.apply(v) == first.apply(v) + second.apply(v))
    }

    @Test func projectAndCompose() throws {
        let p = Linear.project(from: VectorSpace([x1, x2, y]), to: VectorSpace([y, x1, o]))
        #expect(p.apply(VectorInBasis([x1: 1, x2: 2, y: 3])) == VectorInBasis([x1: 1, y: 3]))
        let double = try Linear.fromAction(input: VectorSpace([y]), output: VectorSpace([o]), bias: .basis(o, 1)) { _ in .basis(o, 2) }
        let composed = p.then(double)
        #expect(composed.apply(VectorInBasis([y: 3])) == VectorInBasis([o: 7]))
    }

    @Test func bilinearForm() {
        let form = ScalarBilinear.fromAction(left: VectorSpace([x1, x2]), right: VectorSpace([y, o])) { l, r in
            l == x1 && r == o ? 4 : 0
        }
        #expect(form.apply(.basis(x1), .basis(o, 0.5)) == 2)
        #expect(form.apply(.basis(x2), .basis(o)) == 0)
        #expect(form.scaled(by: 2).weight(x1, o) == 8)
    }

    @Test func mlpCombineUnionsHiddenNeuronsByName() throws {
        let shared = BasisDirection("_hidden_", 0)
        let only = BasisDirection("_hidden_", 1)
        func mlp(_ hidden: [BasisDirection], out: BasisDirection) throws -> MLP {
            let hs = VectorSpace(hidden)
            let first = try Linear.fromAction(input: VectorSpace([x1]), output: hs) { _ in
                VectorInBasis(Dictionary(uniqueKeysWithValues: hidden.map { ($0, 1.0) }))
            }
            let second = try Linear.fromAction(input: hs, output: VectorSpace([out])) { _ in .basis(out) }
            return try MLP(first: first, second: second)
        }
        let combined = try MLP.combineInParallel([try mlp([shared], out: y), try mlp([shared, only], out: o)])
        #expect(combined.hiddenSpaces == [VectorSpace([shared, only])])
        // The shared neuron receives weight 2 from x1 and feeds both outputs.
        #expect(combined.layers[0].weight(from: x1, to: shared) == 2)
        #expect(combined.apply(.basis(x1)) == VectorInBasis([y: 2, o: 3]))
        let clipped = try MLP(name: "clipped", layers: [combined.layers[0], combined.layers[1]], activation: .clippedReLU)
        expectError(CraftError.incompatibleMaps("MLP 'clipped' (depth 2, clippedReLU) cannot run beside '' (depth 2, relu)"),
                    message: "incompatible maps: MLP 'clipped' (depth 2, clippedReLU) cannot run beside '' (depth 2, relu)") {
            try MLP.combineInParallel([combined, clipped])
        }
    }
}
