import AltaTensors
@testable import AltaTransformer
import Foundation
import Testing

@Suite struct ReferenceOutputsTests {
    private func decode(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func examples(_ file: [String: Any]) throws -> [[String: Any]] {
        try #require(file["examples"] as? [[String: Any]])
    }

    /// Within the budget every example holds the embedding and two stages per layer.
    @Test func residualsAreRecordedWithinTheBudget() throws {
        let model = try RandomModels.make(seed: 3, layerCount: 2)
        let sequences = [Array(model.inputEncoder.tokens.prefix(3)), [model.inputEncoder.tokens[0]]]
        let file = try decode(try ReferenceOutputs.make(model: model, sequences: sequences))
        #expect(file["residuals_omitted"] == nil)
        for (example, sequence) in zip(try examples(file), sequences) {
            let residuals = try #require(example["residuals"] as? [[[Double]]])
            #expect(residuals.count == 1 + 2 * 2)
            #expect(residuals.allSatisfy { $0.count == sequence.count && $0.allSatisfy { $0.count == model.dModel } })
        }
        #expect(ReferenceOutputs.residualValueBound(model: model, sequenceLengths: [3, 1]) == model.dModel * 4 * 5)
    }

    /// A looped model whose iteration cap makes the bound exceed the budget records no
    /// residual streams (the SCAN model's would be about a gigabyte of JSON), says why, and
    /// keeps every other field.
    @Test func residualsBeyondTheBudgetAreOmittedWithTheReason() throws {
        var model = try RandomModels.make(seed: 5, looped: true)
        // Halts after the first iteration, but may run a million.
        model.layout = .looped(maxIterations: 1_000_000, halting: HaltingRule(dimension: 0, label: "x0", threshold: -1e30))
        let sequence = Array(model.inputEncoder.tokens.prefix(2))
        let bound = ReferenceOutputs.residualValueBound(model: model, sequenceLengths: [sequence.count])
        #expect(bound == model.dModel * sequence.count * 2_000_001)
        let file = try decode(try ReferenceOutputs.make(model: model, sequences: [sequence]))
        #expect(file["residuals_omitted"] as? String
            == "the residual streams of these samples may hold up to \(bound) values, more than the 8000000 this file records")
        let example = try #require(try examples(file).first)
        #expect((example["residuals"] as? [Any])?.isEmpty == true)
        #expect(example["layers_run"] as? Int == 1)
        #expect((example["output_scores"] as? [[Double]])?.count == sequence.count)
        #expect(ReferenceOutputs.residualValueBound(model: model, sequenceLengths: [Int.max]) == Int.max)
    }
}
