import AltaTensors
import AltaTestSupport
import Testing
@testable import AltaTransformer

@Suite struct ForwardPassTests {
    static func assertAgrees(_ model: TransformerModel, inputs: [[Int]], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try model.forward(tokenIDs: inputs)
        for (s, ids) in inputs.enumerated() {
            let expected = NaiveForward.run(model, ids: ids)
            #expect(result.layersRun[s] == expected.layersRun, "layers run for \(ids)", sourceLocation: sourceLocation)
            let got = result.outputScores(of: s)
            for p in 0..<ids.count {
                for c in 0..<model.dVocabOut {
                    let e = expected.scores[p][c]
                    #expect(abs(Double(got[p, c]) - e) <= 1e-3 * max(1, abs(e)),
                            "sequence \(s) position \(p) column \(c): \(got[p, c]) vs \(e)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test(arguments: 0..<12)
    func stackedModelsAgreeWithNaiveReference(seed: UInt64) throws {
        let model = try RandomModels.make(seed: seed, layerCount: 1 + Int(seed % 3), causal: seed % 2 == 0)
        try Self.assertAgrees(model, inputs: RandomModels.inputs(for: model, count: 6, seed: seed + 100))
    }

    @Test(arguments: [Activation.relu, .clippedReLU, .sigmoid, .tanh])
    func fourLayerMLPsAndActivationsAgree(activation: Activation) throws {
        let model = try RandomModels.make(seed: 42, mlpDepth: 4, activation: activation)
        try Self.assertAgrees(model, inputs: RandomModels.inputs(for: model, count: 5, seed: 7))
    }

    @Test func layerNormModelsAgree() throws {
        let model = try RandomModels.make(seed: 5, layerNorm: true)
        try Self.assertAgrees(model, inputs: RandomModels.inputs(for: model, count: 5, seed: 8))
    }

    @Test(arguments: 0..<6)
    func loopedModelsAgree(seed: UInt64) throws {
        let model = try RandomModels.make(seed: 200 + seed, looped: true)
        try Self.assertAgrees(model, inputs: RandomModels.inputs(for: model, count: 6, seed: seed))
    }

    @Test func causalMaskHidesLaterPositions() throws {
        let model = try CopyPreviousTokenModel.make()
        let full = try model.run([["BOS", "a", "b", "c"]], trace: true)
        let prefix = try model.run([["BOS", "a", "b"]], trace: true)
        // With a causal mask the first positions cannot see the extra token.
        let a = try #require(full.traces?.first?.layers.first?.attentionPatterns.first)
        let b = try #require(prefix.traces?.first?.layers.first?.attentionPatterns.first)
        for i in 0..<3 {
            for j in 0..<3 { #expect(abs(a[i, j] - b[i, j]) < 1e-6) }
            #expect(a[i, 3] == 0)
        }
        let logits = try #require(full.traces?.first?.layers.first?.attentionLogits.first)
        #expect(logits[0, 1] == -.infinity)
    }

    @Test func copyPreviousTokenOutputsThePreviousToken() throws {
        let model = try CopyPreviousTokenModel.make()
        let result = try model.run([["BOS", "a", "b", "c", "a"], ["BOS", "c"]])
        #expect(result.outputs(of: 0) == [.category("BOS"), .null, .category("a"), .category("b"), .category("c")])
        #expect(result.outputs(of: 1) == [.category("BOS"), .null])
    }

    @Test func relativeMaskWithNoVisibleKeyGivesZero() throws {
        // Position 0 has no key at offset −1: its incoming value must be exactly zero.
        let model = try SpreadingFlagModel.make()
        let result = try model.run([["0", "1", "1"]], trace: true)
        let step = try #require(result.traces?.first?.layers.first)
        #expect(step.attentionPatterns[0][0, 0] == 0)
        #expect(step.afterAttention[0, 1] == 0)
        #expect(step.attentionPatterns[0][2, 1] == 1)
    }

    @Test(arguments: 1...10)
    func loopedModelHaltsEarly(length: Int) throws {
        let model = try SpreadingFlagModel.make(maxLength: 16, maxIterations: 32)
        let result = try model.run([Array(repeating: "1", count: length)])
        #expect(result.halted == [true])
        #expect(result.layersRun == [max(1, length - 1)])
        #expect(result.outputs(of: 0).allSatisfy { $0 == .number(1) })
    }

    @Test func loopedModelStopsAtTheCap() throws {
        let model = try SpreadingFlagModel.make(maxLength: 16, maxIterations: 3)
        let result = try model.run([Array(repeating: "0", count: 10), ["0", "0"]])
        #expect(result.layersRun == [3, 1])
        #expect(result.halted == [false, true])
        // Positions 0…3 are done after three iterations, the rest are not.
        #expect(result.outputs(of: 0).prefix(4).allSatisfy { $0 == .number(1) })
        #expect(result.outputs(of: 0).dropFirst(4).allSatisfy { $0 == .number(0) })
    }

    @Test func sequencesOfDifferentLengthsDoNotInteract() throws {
        let model = try RandomModels.make(seed: 9)
        let inputs = RandomModels.inputs(for: model, count: 5, seed: 3)
        let batch = try model.forward(tokenIDs: inputs)
        for (s, ids) in inputs.enumerated() {
            let alone = try model.forward(tokenIDs: [ids])
            #expect(alone.outputScores(of: 0).maxAbsDifference(batch.outputScores(of: s)) < 1e-5)
        }
    }

    @Test func traceHasEveryStage() throws {
        let model = try RandomModels.make(seed: 11, layerCount: 3)
        let result = try model.forward(tokenIDs: [[0, 1, 0]], trace: true)
        let trace = try #require(result.traces?.first)
        #expect(trace.layers.count == 3)
        #expect(trace.layers.map(\.layer) == [0, 1, 2])
        for (l, step) in trace.layers.enumerated() {
            #expect(step.attentionPatterns.count == model.layers[l].heads.count)
            #expect(step.mlpHidden.count == model.mlpDepth - 1)
            #expect(step.afterMLP.shape == [3, model.dModel])
        }
        #expect(trace.layers.last?.afterMLP == result.finalResidual(of: 0))
    }
}

@Suite struct InputValidationTests {
    @Test func unknownTokenIsNamed() throws {
        let model = try CopyPreviousTokenModel.make()
        #expect(throws: ModelError.unknownToken("z", sequence: 0, position: 2, known: model.inputEncoder.tokens)) {
            try model.run([["BOS", "a", "z"]])
        }
        let message = "\(ModelError.unknownToken("z", sequence: 0, position: 2, known: ["a"]))"
        #expect(message.contains("'z'") && message.contains("position 2"))
    }

    @Test func missingBOSIsRejected() throws {
        let model = try CopyPreviousTokenModel.make()
        #expect(throws: ModelError.missingBOS(expected: "BOS", found: "a", sequence: 1)) {
            try model.run([["BOS"], ["a", "b"]])
        }
    }

    @Test func tooLongIsRejected() throws {
        let model = try CopyPreviousTokenModel.make(maxLength: 3)
        #expect(throws: ModelError.sequenceTooLong(length: 5, maximum: 4, sequence: 0)) {
            try model.run([["BOS", "a", "a", "a", "a"]])
        }
    }

    @Test func badIDsAndEmptySequencesAreRejected() throws {
        let model = try CopyPreviousTokenModel.make()
        #expect(throws: ModelError.tokenIDOutOfRange(99, vocabularySize: 5, sequence: 0, position: 1)) {
            try model.forward(tokenIDs: [[0, 99]])
        }
        #expect(throws: ModelError.emptySequence(sequence: 0)) { try model.forward(tokenIDs: [[]]) }
    }

    @Test func inconsistentModelsAreRejected() throws {
        var g = SplitMix64(seed: 1)
        let embedding = RandomModels.matrix(2, 3, using: &g)
        expectError(ModelError.inconsistentShape("position embedding has width 4, expected 3"),
                    message: "inconsistent model: position embedding has width 4, expected 3") {
            try TransformerModel(
                tokenEmbedding: embedding, positionEmbedding: RandomModels.matrix(2, 4, using: &g),
                layers: [TransformerLayer(heads: [], feedForward: .empty(dModel: 3, depth: 2, activation: .relu))],
                unembedding: .dense(RandomModels.matrix(3, 1, using: &g)), attentionScale: 1,
                residualLabels: ["a", "b", "c"], inputEncoder: InputEncoder(tokens: ["x", "y"]),
                outputEncoder: .numerical)
        }
    }
}
