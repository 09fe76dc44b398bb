import AltaTensors
import Foundation
import Synchronization
import AltaTestSupport
import Testing
@testable import AltaTransformer

/// A prepared model keeps buffers between passes: whatever ran before, a pass must give
/// what a fresh model gives.
@Suite struct PreparedModelTests {
    @Test(arguments: 0..<4)
    func reusedBuffersGiveTheResultsOfFreshOnes(seed: UInt64) throws {
        for model in try StackedRuntimeTests.models(seed: seed) {
            let prepared = try PreparedModel(model)
            // Large, then smaller (reusing the large buffers with a wider stride), then
            // larger again and longer sequences than any before.
            for (count, inputSeed) in [(40, 1), (3, 2), (17, 3), (60, 4), (1, 5)] {
                let inputs = RandomModels.inputs(for: model, count: count, seed: seed &* 10 &+ UInt64(inputSeed))
                for trace in [false, true] {
                    StackedRuntimeTests.expectIdentical(
                        try prepared.forward(tokenIDs: inputs, trace: trace),
                        try ReferenceForward.run(model, tokenIDs: inputs, trace: trace))
                }
            }
        }
    }

    @Test func passesOnSeveralThreadsAtOnceDoNotInterfere() throws {
        let model = try RandomModels.make(seed: 21, layerCount: 3, sparse: true)
        let prepared = try PreparedModel(model)
        let batches = (0..<8).map { RandomModels.inputs(for: model, count: 10 + $0 * 7, seed: UInt64($0)) }
        let expected = try batches.map { ReferenceForward.Result(try model.forward(tokenIDs: $0)) }
        let results = Mutex<[Int: ReferenceForward.Result]>([:])
        DispatchQueue.concurrentPerform(iterations: 32) { i in
            let got = try? prepared.forward(tokenIDs: batches[i % 8])
            results.withLock { $0[i] = got.map(ReferenceForward.Result.init) }
        }
        let all = results.withLock { $0 }
        for i in 0..<32 { #expect(all[i] == expected[i % 8], "pass \(i)") }
    }

    @Test func anEmptyBatchGivesAnEmptyResult() throws {
        let prepared = try PreparedModel(try RandomModels.make(seed: 5, sparse: true))
        let result = try prepared.forward(tokenIDs: [], trace: true)
        #expect(result.count == 0 && result.outputs.isEmpty && result.layersRun.isEmpty)
        #expect(result.traces?.isEmpty == true)
    }

    @Test func invalidModelsAreRejectedWhenPrepared() throws {
        var model = try RandomModels.make(seed: 2)
        model.positionEmbedding = Matrix(rows: model.maxSequenceLength, columns: model.dModel + 1)
        expectError(ModelError.inconsistentShape("position embedding has width 8, expected 7"),
                    message: "inconsistent model: position embedding has width 8, expected 7") { try PreparedModel(model) }
    }
}
