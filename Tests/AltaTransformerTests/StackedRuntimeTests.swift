import AltaTensors
import Testing
@testable import AltaTransformer

/// The stacked runtime (`GroupForward`, concurrent groups) against the per-sequence
/// reference implementation, compared bit for bit, on random models exercising every
/// feature: causal masking, relative masks, sinks, sparse and dense weights, LayerNorm,
/// deep MLPs, looped models with halting, batches of mixed and of equal lengths.
@Suite struct StackedRuntimeTests {
    static func expectIdentical(
        _ got: ForwardResult, _ expected: ReferenceForward.Result, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let got = ReferenceForward.Result(got)
        #expect(got.outputs == expected.outputs, sourceLocation: sourceLocation)
        #expect(got.outputScores == expected.outputScores, sourceLocation: sourceLocation)
        #expect(got.finalResiduals == expected.finalResiduals, sourceLocation: sourceLocation)
        #expect(got.layersRun == expected.layersRun, sourceLocation: sourceLocation)
        #expect(got.halted == expected.halted, sourceLocation: sourceLocation)
        #expect(got.traces == expected.traces, sourceLocation: sourceLocation)
    }

    /// `count` sequences of one random length.
    static func equalLengthInputs(for model: TransformerModel, count: Int, seed: UInt64) -> [[Int]] {
        var g = SplitMix64(seed: seed)
        let length = Int.random(in: 1...model.maxSequenceLength, using: &g)
        return (0..<count).map { _ in (0..<length).map { _ in Int.random(in: 0..<model.dVocab, using: &g) } }
    }

    static func models(seed: UInt64) throws -> [TransformerModel] {
        [
            try RandomModels.make(seed: seed, layerCount: 1 + Int(seed % 3), causal: seed % 2 == 0),
            try RandomModels.make(seed: seed + 50, mlpDepth: 4, activation: .clippedReLU, layerNorm: true),
            try RandomModels.make(seed: seed + 100, causal: seed % 2 == 1, looped: true),
            try RandomModels.make(seed: seed + 150, mlpDepth: 1 + Int(seed % 3), causal: seed % 2 == 0, sparse: true),
            try RandomModels.make(seed: seed + 200, looped: true, sparse: true),
        ]
    }

    /// 9 sequences: mostly one block per sequence; 40: lengths shared by enough sequences
    /// are interleaved, the others not.
    @Test(arguments: 0..<8, [9, 40])
    func mixedLengthBatchesMatchTheReference(seed: UInt64, count: Int) throws {
        for model in try Self.models(seed: seed) {
            let inputs = RandomModels.inputs(for: model, count: count, seed: seed + 7)
            for trace in [false, true] {
                Self.expectIdentical(
                    try model.forward(tokenIDs: inputs, trace: trace),
                    try ReferenceForward.run(model, tokenIDs: inputs, trace: trace))
            }
        }
    }

    /// 7 sequences are interleaved only when no longer than 7; 20 always are.
    @Test(arguments: 0..<8, [7, 20])
    func equalLengthBatchesMatchTheReference(seed: UInt64, count: Int) throws {
        for model in try Self.models(seed: seed) {
            let inputs = Self.equalLengthInputs(for: model, count: count, seed: seed + 11)
            for trace in [false, true] {
                Self.expectIdentical(
                    try model.forward(tokenIDs: inputs, trace: trace),
                    try ReferenceForward.run(model, tokenIDs: inputs, trace: trace))
            }
        }
    }

    @Test(arguments: 0..<4)
    func concurrentGroupsMatchOneGroup(seed: UInt64) throws {
        for model in try Self.models(seed: seed) {
            let inputs = RandomModels.inputs(for: model, count: 8, seed: seed + 3)
            for trace in [false, true] {
                let whole = try PreparedModel(model).forwardValidated(tokenIDs: inputs, trace: trace, groups: [0..<8])
                let split = try PreparedModel(model).forwardValidated(tokenIDs: inputs, trace: trace, groups: [0..<3, 3..<4, 4..<8])
                Self.expectIdentical(split, ReferenceForward.Result(whole))
                Self.expectIdentical(whole, try ReferenceForward.run(model, tokenIDs: inputs, trace: trace))
            }
        }
    }

    @Test func sequencesHaltingAtDifferentStepsLeaveTheStackInOrder() throws {
        // Lengths 1…10: the flag needs about one iteration per position to spread, so the
        // sequences halt one after another and the stack is compacted at every step.
        let model = try SpreadingFlagModel.make(maxLength: 16, maxIterations: 32)
        let inputs = (1...10).reversed().map { [Int](repeating: 1, count: $0) }
        let result = try model.forward(tokenIDs: inputs, trace: true)
        Self.expectIdentical(result, try ReferenceForward.run(model, tokenIDs: inputs, trace: true))
        #expect(result.layersRun == (1...10).reversed().map { max(1, $0 - 1) })
        #expect(result.halted.allSatisfy { $0 })
    }

    @Test func interleavedSequencesHaltingAtDifferentStepsAreLaidOutAnew() throws {
        // Nine sequences of each length 1…10, shuffled: every length is an interleaved
        // block until its sequences halt, and blocks shrink below the interleaving
        // threshold as the stack is compacted.
        let model = try SpreadingFlagModel.make(maxLength: 16, maxIterations: 32)
        var g = SplitMix64(seed: 9)
        let inputs = (1...10).flatMap { length in (0..<9).map { _ in [Int](repeating: 1, count: length) } }
            .shuffled(using: &g)
        for trace in [false, true] {
            let result = try model.forward(tokenIDs: inputs, trace: trace)
            Self.expectIdentical(result, try ReferenceForward.run(model, tokenIDs: inputs, trace: trace))
            #expect(result.layersRun == inputs.map { max(1, $0.count - 1) })
        }
    }

    @Test func smallBatchesRunAsOneGroup() throws {
        let model = try RandomModels.make(seed: 3)
        #expect(try PreparedModel(model).sequenceGroups([[0, 1], [1, 0, 1]]) == [0..<2])
        #expect(try PreparedModel(model).sequenceGroups([[0, 1, 0]]) == [0..<1])
    }

    @Test(arguments: [1, 2, 7, 300])
    func largeBatchesSplitIntoContiguousBalancedGroups(count: Int) throws {
        let model = try RandomModels.make(seed: 4, layerCount: 3)
        var g = SplitMix64(seed: UInt64(count))
        // Enough rows for a split whenever there are several sequences and cores.
        let rowsNeeded = Double(PreparedModel.concurrentGroupThreshold) / model.estimatedWorkPerRow
        let length = max(1, min(model.maxSequenceLength, Int((rowsNeeded / Double(count)).rounded(.up))))
        let inputs = (0..<count).map { _ in
            (0..<Int.random(in: max(1, length - 1)...length, using: &g)).map { _ in 0 }
        }
        let groups = try PreparedModel(model).sequenceGroups(inputs)
        #expect(groups.first?.lowerBound == 0 && groups.last?.upperBound == count)
        #expect(zip(groups, groups.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(groups.allSatisfy { !$0.isEmpty })
        let total = inputs.reduce(0) { $0 + $1.count }
        let enoughWork = Double(total) * model.estimatedWorkPerRow >= Double(PreparedModel.concurrentGroupThreshold)
        let expected = ParallelFor.coreCount > 1 && count > 1 && enoughWork ? min(ParallelFor.coreCount, count) : 1
        #expect(groups.count == expected)
        if groups.count > 1 {
            // Each group holds about its share of rows: within one sequence of it.
            for range in groups {
                let rows = inputs[range].reduce(0) { $0 + $1.count }
                #expect(abs(rows - total / groups.count) <= length + 1)
            }
        }
    }
}
