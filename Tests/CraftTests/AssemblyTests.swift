import AltaTestSupport
import AltaTensors
import AltaTransformer
import Foundation
import Testing
@testable import Craft

/// A hand-built Tracr-style model over vocab {a, b}, max length 3 (+ BOS):
/// layer 0 attention copies the previous token into `prev:*` (BOS trick for position 1),
/// layer 0 MLP writes the numerical `is_a = [prev == a]`.
struct PreviousTokenModel {
    let one = BasisDirection("one")
    let bos = BasisDirection("tokens", "BOS")
    let pad = BasisDirection("tokens", "PAD")
    let tokens: [BasisDirection] = ["a", "b"].map { BasisDirection("tokens", .string($0)) }
    let indices: [BasisDirection] = (0..<3).map { BasisDirection("indices", .int($0)) }
    let prev: [BasisDirection] = ["a", "b"].map { BasisDirection("prev", .string($0)) }
    let isA = BasisDirection("is_a")

    func craft() throws -> CraftModel {
        let query = VectorSpace(indices + [one])
        let key = VectorSpace(indices + [bos])
        let qk = ScalarBilinear.fromAction(left: query, right: key) { q, k in
            if q == one && k == bos { return 50 }
            guard case .int(let qi)? = q.value, case .int(let ki)? = k.value, q.name == "indices", k.name == "indices"
            else { return 0 }
            return ki == qi - 1 ? 100 : 0
        }
        let ov = try Linear.fromAction(input: VectorSpace(tokens + [bos]), output: VectorSpace(prev)) { d in
            d == bos ? .zero : .basis(BasisDirection("prev", d.value))
        }
        let head = CraftAttentionHead(name: "prev", qk: qk, ov: ov)
        let hidden = BasisDirection("_hidden_is_a_")
        let first = try Linear.fromAction(input: VectorSpace(prev), output: VectorSpace([hidden])) { d in
            d.value == "a" ? .basis(hidden) : .zero
        }
        let second = try Linear.fromAction(input: VectorSpace([hidden]), output: VectorSpace([isA])) { _ in .basis(isA) }
        let mlp = try MLP(name: "is_a", first: first, second: second)
        return CraftModel(layers: [CraftLayer(heads: [head], mlp: mlp)])
    }

    func configuration(residual: VectorSpace) -> AssemblyConfiguration {
        let tokenSpace = VectorSpace(tokens + [bos, pad])
        return AssemblyConfiguration(
            residual: residual,
            tokens: tokenSpace.basis.map { TokenEmbedding(token: $0.value!.description, vector: .basis($0) + .basis(one)) },
            positions: [.zero] + indices.map { .basis($0) },
            output: .numerical(isA), bos: "BOS", pad: "PAD", metadata: ["compiler": "test"])
    }
}

@Suite struct AssemblyTests {
    @Test func shapesLabelsAndEncoders() throws {
        let spec = PreviousTokenModel()
        let craft = try spec.craft()
        let residual = VectorSpace.join([craft.residualSpace, VectorSpace(spec.tokens + [spec.bos, spec.pad])])
        let model = try craft.assemble(spec.configuration(residual: residual))
        #expect(model.residualLabels == [
            "indices:0", "indices:1", "indices:2", "is_a", "one", "prev:a", "prev:b",
            "tokens:BOS", "tokens:PAD", "tokens:a", "tokens:b",
        ])
        #expect(model.dModel == 11)
        #expect(model.layers.count == 1)
        let head = try #require(model.layers[0].heads.first)
        #expect(head.query.shape == [11, 4])   // key space: 3 indices + BOS
        #expect(head.key.shape == [11, 4])
        #expect(head.value.shape == [11, 2])   // output space prev:a, prev:b
        #expect(head.output.shape == [2, 11])
        #expect(head.query.nonZeroCount == 3)  // indices:1→0, indices:2→1, one→BOS
        #expect(head.query.isSparse)
        #expect(model.layers[0].feedForward.hiddenWidths == [1])
        #expect(model.inputEncoder.tokens == ["BOS", "PAD", "a", "b"])
        #expect(model.outputEncoder == .numerical)
        #expect(model.unembedding.shape == [11, 1])
        #expect(model.unembedding.dense[3, 0] == 1)
        #expect(model.tokenEmbedding.row(2) == [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])
        #expect(model.positionEmbedding.row(0).allSatisfy { $0 == 0 })
        #expect(model.positionEmbedding[3, 2] == 1)
        #expect(model.metadata["compiler"] == "test")
        #expect(model.attentionScale == 1)
    }

    @Test func forwardPassComputesPreviousTokenIsA() throws {
        let spec = PreviousTokenModel()
        let craft = try spec.craft()
        let residual = VectorSpace.join([craft.residualSpace, VectorSpace(spec.tokens + [spec.bos, spec.pad])])
        let model = try craft.assemble(spec.configuration(residual: residual))
        let inputs: [[String]] = [["a", "b", "a"], ["b", "a", "a"], ["a"], ["b", "b"]]
        let result = try model.run(inputs.map { ["BOS"] + $0 }, trace: true)
        for (input, output) in zip(inputs, result.outputs) {
            for p in 1..<input.count {
                let expected: Float = input[p - 1] == "a" ? 1 : 0
                guard case let .number(value) = output[p + 1] else {
                    Issue.record("expected a number")
                    continue
                }
                #expect(abs(value - expected) < 1e-6, "input \(input) position \(p)")
            }
            // The first real token selects nothing and falls back to BOS (zero value).
            guard case let .number(first) = output[1] else { continue }
            #expect(abs(first) < 1e-6)
        }
        // The trace's attention residual holds the copied one-hot.
        let trace = try #require(result.traces?.first)
        let prevA = try #require(model.residualDimension(of: "prev:a"))
        #expect(abs(trace.layers[0].afterAttention[3, prevA] - 0) < 1e-6)
        #expect(abs(trace.layers[0].afterAttention[2, prevA] - 1) < 1e-6)
    }

    @Test func rejectsDirectionsOutsideTheResidual() throws {
        let spec = PreviousTokenModel()
        let craft = try spec.craft()
        let tooSmall = VectorSpace(spec.tokens + [spec.bos, spec.pad, spec.one])
        expectError(CraftError.directionOutsideSpace(BasisDirection("indices", 0), space: "the residual stream (used by layer 0)"),
                    message: "direction 'indices:0' is not in the residual stream (used by layer 0)") {
            try craft.assemble(spec.configuration(residual: tooSmall))
        }
    }

    @Test func tracrScalingUsesWidestHead() throws {
        let spec = PreviousTokenModel()
        let craft = try spec.craft()
        let residual = VectorSpace.join([craft.residualSpace, VectorSpace(spec.tokens + [spec.bos, spec.pad])])
        var configuration = spec.configuration(residual: residual)
        configuration.attentionScaling = .inverseSqrtKeySize
        let model = try craft.assemble(configuration)
        #expect(abs(model.attentionScale - 1 / Float(4).squareRoot()) < 1e-7)
    }
}

@Suite struct LoopedAssemblyTests {
    let one = BasisDirection("one")
    let counter = BasisDirection("counter")
    let done = BasisDirection("done")
    let token = BasisDirection("tokens", "x")
    let seen = BasisDirection("seen")

    /// One shared layer: the MLP adds 1 to `counter` and sets `done` once counter ≥ 3;
    /// the factored head (relative mask {−1, 0}, sink) averages token `x` flags.
    func model(maxIterations: Int) throws -> TransformerModel {
        let h1 = BasisDirection("_h_", 1)
        let h2 = BasisDirection("_h_", 2)
        let hidden = VectorSpace([h1, h2])
        let first = try Linear.fromAction(input: VectorSpace([one, counter]), output: hidden, bias: .basis(h2, -2)) { d in
            d == one ? .basis(h1) : .basis(h2)
        }
        let second = try Linear.fromAction(input: hidden, output: VectorSpace([counter, done])) { d in
            d == h1 ? .basis(counter) : .basis(done)
        }
        let mlp = try MLP(name: "count", layers: [first, second], activation: .relu)
        let s = BasisDirection("s")
        let query = try Linear.fromAction(input: VectorSpace([one]), output: VectorSpace([s])) { _ in .basis(s) }
        let key = try Linear.fromAction(input: VectorSpace([token]), output: VectorSpace([s])) { _ in .basis(s, 10) }
        let ov = try Linear.fromAction(input: VectorSpace([token]), output: VectorSpace([seen])) { _ in .basis(seen) }
        let head = try CraftAttentionHead(
            name: "seen", query: query, key: key, ov: ov,
            relativeMask: RelativePositionMask(allowing: [-1, 0]), sinkLogit: 5)
        let craft = CraftModel(layers: [CraftLayer(heads: [head], mlp: mlp)])
        let residual = try VectorSpace(ordered: [token, BasisDirection("tokens", "y"), one, counter, done, seen])
        return try craft.assemble(AssemblyConfiguration(
            residual: residual,
            tokens: [
                TokenEmbedding(token: "x", vector: .basis(token) + .basis(one)),
                TokenEmbedding(token: "y", vector: .basis(BasisDirection("tokens", "y")) + .basis(one)),
            ],
            positions: Array(repeating: .zero, count: 4),
            output: .numerical(counter),
            layout: .looped(maxIterations: maxIterations, halting: HaltingCondition(direction: done))))
    }

    @Test func haltsWhenDoneAndKeepsGivenOrder() throws {
        let model = try model(maxIterations: 10)
        #expect(model.residualLabels == ["tokens:x", "tokens:y", "one", "counter", "done", "seen"])
        guard case let .looped(maxIterations, halting) = model.layout else {
            Issue.record("not looped")
            return
        }
        #expect(maxIterations == 10)
        #expect(halting?.dimension == 4)
        let result = try model.run([["x", "y", "x"]])
        #expect(result.layersRun == [4])
        #expect(result.halted == [true])
        #expect(result.outputs(of: 0).allSatisfy { $0 == .number(4) })
        // Capped before the condition holds.
        let capped = try self.model(maxIterations: 2).run([["x"]])
        #expect(capped.layersRun == [2])
        #expect(capped.halted == [false])
    }

    @Test func factoredHeadWithMaskAndSink() throws {
        let model = try model(maxIterations: 1)
        let result = try model.run([["x", "y", "x"]], trace: true)
        let trace = try #require(result.traces?.first)
        let seenIndex = 5
        let e10 = exp(10.0), e5 = exp(5.0)
        // Each iteration's head adds its output; after one iteration:
        // position 0 sees {0: x}; position 1 sees {0: x, 1: y}; position 2 sees {1: y, 2: x}.
        let expected = [e10 / (e10 + e5), e10 / (e10 + 1 + e5), e10 / (e10 + 1 + e5)]
        for p in 0..<3 {
            #expect(abs(Double(trace.layers[0].afterAttention[p, seenIndex]) - expected[p]) < 1e-5)
        }
    }

    @Test func loopedNeedsOneLayer() throws {
        let layer = CraftLayer()
        let craft = CraftModel(layers: [layer, layer])
        expectError(CraftError.invalidAssembly("a looped model has exactly one shared layer, not 2"),
                    message: "cannot assemble the model: a looped model has exactly one shared layer, not 2") {
            try craft.assemble(AssemblyConfiguration(
                residual: VectorSpace([one]), tokens: [TokenEmbedding(token: "t", vector: .basis(one))],
                positions: [.zero], output: .numerical(one),
                layout: .looped(maxIterations: 2, halting: nil)))
        }
    }
}
