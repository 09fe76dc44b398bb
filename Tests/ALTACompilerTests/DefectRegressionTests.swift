import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import AltaTestSupport
import Testing

/// One regression test per defect of the original compiler (ALTA.md §15) that the compiler
/// fixes, each showing our behaviour.
@Suite struct DefectRegressionTests {
    /// Runs `tokens` through interpreter and weights and requires agreement everywhere.
    func expectConformant(_ compiled: ALTACompiledProgram, _ tokens: [Int], layers: ALTALayerLimit) throws {
        let report = try ALTAConformance.check(compiled, tokens: tokens, layers: layers)
        #expect(report.isConformant, "\(tokens): \(report.mismatches.prefix(5).map(\.description)) layers \(report.interpreterLayers)/\(report.compiledLayers)")
        #expect(report.comparisons > 0)
    }

    /// The residual after attention and after the MLP of layer `layer`.
    func states(_ compiled: ALTACompiledProgram, _ tokens: [Int], layers: Int) throws -> [LayerTrace] {
        let result = try compiled.model.forward(
            tokenIDs: [tokens], options: RunOptions(maxLayers: layers, halting: false, trace: .residuals))
        return result.traces?.first?.layers ?? []
    }

    // §15 item 3: thresholds below −1.
    @Test func negativeThresholdsBucketCorrectly() throws {
        let values: [Double] = [-9, -5, -1, 3, -7.5, -6, 0.9, 1.6, -20, 40]
        let expected = [0, 1, 2, 3, 0, 1, 2, 3, 0, 3]
        let program = try ALTAProgram(
            name: "negative_thresholds", inputRange: values.count,
            variables: [
                .numerical("x", buckets: [-9, -5, -1, 3], fromToken: { values[$0] }),
                .categorical("bucket", range: 5, default: 4),
            ],
            output: "bucket"
        ) { b in
            try b.forEachNumber("x") { centre in
                let index = [-9.0, -5, -1, 3].firstIndex(of: centre) ?? 0
                try b.when("bucket", is: 4) { try b.set("bucket", index) }
            }
        }
        let compiled = try program.compile(maxLength: values.count)
        let tokens = Array(0..<values.count)
        try expectConformant(compiled, tokens, layers: .exactly(1))
        let after = try states(compiled, tokens, layers: 1)
        let buckets = try compiled.outputs(of: after[0].afterMLP)
        #expect(buckets == expected.map { .int($0) })
    }

    // §15 item 6: MLP updates of set variables.
    @Test func setVariablesCanBeUpdated() throws {
        let sets: [Set<Int>] = [[], [0], [0, 1], [2, 3]]
        let program = try ALTAProgram(
            name: "set_updates", inputRange: 4, positionRange: 4,
            variables: [
                .set("s", range: 4, values: sets, default: []),
                .categorical("step", range: 4),
                .position("k", range: 4),
                .input("v", range: 4),
            ],
            heads: [.qkv("picked", query: "s", key: "k", value: "v")],
            output: "picked"
        ) { b in
            try b.when("step", is: 0) {
                try b.set("s", members: [0, 1])
                try b.set("step", 1)
            }
            try b.when("step", is: 1) {
                try b.when("s", is: .set([0, 1])) { try b.set("s", members: [2, 3]) }
                try b.set("step", 2)
            }
            try b.when("step", is: 2) {
                try b.when("s", is: .set([2, 3])) { try b.setNull("s") }
                try b.set("step", 3)
            }
        }
        let compiled = try program.compile()
        try expectConformant(compiled, [3, 1, 2, 0], layers: .exactly(4))
        let trace = try states(compiled, [3, 1, 2, 0], layers: 3)
        #expect(try compiled.layout.decode("s", residual: trace[0].afterMLP, position: 0) == .set([0, 1]))
        #expect(try compiled.layout.decode("s", residual: trace[1].afterMLP, position: 0) == .set([2, 3]))
        #expect(try compiled.layout.decode("s", residual: trace[2].afterMLP, position: 0) == nil)
        #expect(compiled.layout.block(named: "s")?.presenceDimension != nil)
    }

    // §15 item 7: categorical values outside their range.
    @Test func outOfRangeValuesAreRejectedAndDeltasStayInTheirVariable() throws {
        expectError(ALTAError.invalidValue(variable: "a", value: "2", expected: "an integer in 0..<2", context: "new value of rule [a=0 => a: 0 -> 2]"),
                    message: "new value of rule [a=0 => a: 0 -> 2]: value 2 is not valid for variable 'a' (expected an integer in 0..<2)") {
            try ALTAProgram(name: "bad", inputRange: 2, variables: [.categorical("a", range: 2)], output: "a") { b in
                b.add(ALTARule(when: [ALTAAtom("a", 0)], set: "a", from: 0, to: 2))
            }
        }
        expectError(ALTACompilerError.valueOutOfRange(variable: "a", value: "2", context: "test"),
                    message: "test: value 2 is outside the range of variable 'a'") {
            _ = try ALTAVariableBlock(name: "a", variableIndex: 0, kind: .categorical(range: 2), dimensions: 0..<2,
                                      presenceDimension: nil, matchCountDimension: nil, isHeadOutput: false, presenceThreshold: 0.5)
                .encode(.int(2), context: "test")
        }
        // Every lookup unit writes only into the dimensions of one variable.
        let compiled = try TestPrograms.parityRelative().compile(maxLength: 8)
        let w4 = compiled.model.layers[0].feedForward.layers[3].weight.dense
        let owner = Dictionary(uniqueKeysWithValues: compiled.layout.blocks.flatMap { b in b.allDimensions.map { ($0, b.name) } })
        #expect(w4.rows == compiled.statistics.hiddenWidths[2])
        for unit in 0..<w4.rows {
            let written = Set((0..<w4.columns).filter { w4[unit, $0] != 0 }.compactMap { owner[$0] })
            #expect(written.count == 1, "unit \(unit) writes \(written)")
        }
    }

    // §15 item 13 / §10.3: a categorical head that selects nothing is null, not an average.
    @Test func unmatchedCategoricalHeadIsNull() throws {
        let program = try ALTAProgram(
            name: "no_match", inputRange: 4, positionRange: 4,
            variables: [
                .position("k", range: 4),
                .input("q", range: 4),
                .categorical("v", range: 3, fromPosition: { $0 % 3 }),
                .categorical("copy", range: 4, default: 3),
            ],
            heads: [.qkv("got", query: "q", key: "k", value: "v")],
            output: "copy"
        ) { b in
            try b.forEach("got") { got in try b.when("copy", is: 3) { try b.set("copy", got) } }
        }
        let compiled = try program.compile()
        let tokens = [3, 0, 2]                 // query 3 has no position 3 in a 3-token input
        try expectConformant(compiled, tokens, layers: .exactly(2))
        let layer = try states(compiled, tokens, layers: 1)[0]
        let block = try #require(compiled.layout.block(named: "got"))
        for d in block.dimensions { #expect(layer.afterAttention[0, d] == 0) }
        #expect(try compiled.layout.decode(block, residual: layer.afterAttention, position: 0) == nil)
        #expect(try compiled.layout.decode(block, residual: layer.afterAttention, position: 1) == .int(0))
        #expect(try compiled.layout.decode("copy", residual: layer.afterMLP, position: 0) == .int(3))
        #expect(block.matchCountDimension == nil)   // keys are distinct positions: at most one match
    }

    // §10.3: a relative mask that leaves no key gives null (the original averaged all positions).
    @Test func relativeMaskWithoutKeyIsNull() throws {
        let compiled = try TestPrograms.parityRelative().compile(maxLength: 6)
        let layer = try states(compiled, [2, 1, 1, 0], layers: 1)[0]
        let block = try #require(compiled.layout.block(named: "parity_left"))
        for d in block.dimensions { #expect(layer.afterAttention[0, d] == 0) }
        #expect(try compiled.layout.decode(block, residual: layer.afterAttention, position: 1) == .int(0))
        try expectConformant(compiled, [2, 1, 1, 0], layers: .untilHalt(maxLayers: 6))
    }

    // §15 item 13: two matches (even with equal values) are null, as in the interpreter.
    @Test func severalMatchesAreNull() throws {
        let program = try ALTAProgram(
            name: "multi_match", inputRange: 3,
            variables: [
                .input("t", range: 3),
                .categorical("one", range: 3, default: 1),
                .categorical("seen", range: 3, default: 2),
            ],
            heads: [.qkv("got", query: "one", key: "t", value: "one")],
            output: "seen"
        ) { b in
            try b.forEach("got") { got in try b.when("seen", is: 2) { try b.set("seen", got) } }
        }
        let compiled = try program.compile(maxLength: 5)
        let block = try #require(compiled.layout.block(named: "got"))
        #expect(block.matchCountDimension != nil)
        #expect(compiled.statistics.modelHeads == 2)
        for tokens in [[1, 0, 1], [1, 1, 1, 0], [0, 1, 2], [0, 0, 2], [1]] {
            try expectConformant(compiled, tokens, layers: .exactly(2))
        }
        let layer = try states(compiled, [1, 0, 1], layers: 1)[0]
        #expect(try compiled.layout.decode(block, residual: layer.afterAttention, position: 0) == nil)
        #expect(try compiled.layout.decode("seen", residual: layer.afterMLP, position: 0) == .int(2))
        let single = try states(compiled, [0, 1, 2], layers: 1)[0]
        #expect(try compiled.layout.decode("seen", residual: single.afterMLP, position: 0) == .int(1))
    }

    // §15 item 15: numerical head outputs are reset exactly, even off their bucket centres.
    @Test func numericalResetsLeaveNoDrift() throws {
        let program = try ALTAProgram(
            name: "mean_reset", inputRange: 2,
            variables: [
                .numerical("value", buckets: [0, 1], fromToken: { Double($0) }),
                .categorical("flag", range: 2, fromToken: { _ in 1 }),
                .categorical("one", range: 2, default: 1),
                .categorical("high", range: 3, default: 2),
            ],
            heads: [.qkv("mean", query: "one", key: "flag", value: "value", outputKind: .numerical(buckets: [0, 1]))],
            output: "high"
        ) { b in
            try b.forEachNumber("mean") { centre in try b.set("high", centre == 1 ? 1 : 0) }
        }
        let compiled = try program.compile(maxLength: 3)
        let tokens = [1, 0, 0]                 // mean 1/3: off-centre
        try expectConformant(compiled, tokens, layers: .exactly(5))
        let block = try #require(compiled.layout.block(named: "mean"))
        for layer in try states(compiled, tokens, layers: 5) {
            #expect(abs(layer.afterAttention[0, block.numberDimension] - 1.0 / 3) < 1e-6)
            for d in block.allDimensions { #expect(layer.afterMLP[0, d] == 0) }
        }
    }

    // §15 item 16: scalars come from the bucket spacing; sum-mod-2 parity is exact at 30 and
    // 45 ones (and every count the 100 buckets cover), where the original failed.
    @Test func sumModTwoIsExactAtEveryCount() throws {
        let program = try ALTAParity.sumMod2(form: .rules)
        let compiled = try program.compile(maxLength: 102)
        #expect(compiled.model.metadata["alta.exact.max_length"] == "102")
        #expect(compiled.model.metadata["alta.attention_sharpness"] == "256.0")
        let prepared = try PreparedModel(compiled.model, backend: .sparseRows)
        var batch: [[Int]] = []
        for ones in 0..<100 { batch.append([Int](repeating: 1, count: ones) + [2]) }
        let result = try prepared.forward(tokenIDs: batch, options: RunOptions(maxLayers: 1))
        for (ones, residual) in result.finalResiduals.enumerated() {
            let parity = try compiled.outputs(of: residual)
            #expect(parity.allSatisfy { $0 == .int(ones % 2) }, "\(ones) ones")
        }
        for ones in [30, 45, 5, 99] {
            try expectConformant(compiled, [Int](repeating: 1, count: ones) + [0, 0, 2], layers: .exactly(1))
        }
    }

    @Test func float32LimitsAreRefused() throws {
        let program = try ALTAProgram(
            name: "too_close", inputRange: 1,
            variables: [.numerical("x", buckets: [1e6, 1e6 + 0.05]), .categorical("y", range: 2)],
            output: "y"
        ) { b in try b.forEachNumber("x") { v in try b.set("y", v > 1e6 ? 1 : 0) } }
        let reason = "bucket centres 1000000.0 and 1000000.05 are 0.05000000004656613 apart, but float32 rounding of values near 1000000.025 (magnitude up to 1000000.05) needs a gap of at least 2.861023038625717"
        expectError(ALTACompilerError.notExactInFloat32(variable: "x", reason: reason),
                    message: "variable 'x': float32 cannot be exact: \(reason)") {
            try program.compile(maxLength: 2)
        }
    }
}
