import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import AltaTestSupport
import Testing

@Suite struct CompilerBehaviourTests {
    /// The reference's worked example: d_model 9 = parity 2 + done 2 + relative_qk 1 +
    /// parity_left 2 + done_left 2 (ALTA.md §12.6).
    @Test func residualLayoutFollowsVariables() throws {
        let compiled = try ALTAParity.sequentialRelative(form: .rules).compile(maxLength: 10)
        #expect(compiled.model.residualLabels == [
            "parity:0", "parity:1", "done:0", "done:1", "relative_qk:0",
            "parity_left:0", "parity_left:1", "done_left:0", "done_left:1",
        ])
        #expect(compiled.model.mlpDepth == 4)
        #expect(compiled.model.mlpActivation == .clippedReLU)
        #expect(compiled.model.attentionScale == 1)
        #expect(compiled.statistics.ruleUnits == 3)
        #expect(compiled.statistics.resetUnits == 4)
        guard case .looped(let cap, let halting?) = compiled.model.layout else {
            Issue.record("expected a looped model with halting"); return
        }
        #expect(cap == 1024)
        #expect(halting.label == "done:1")
        #expect(compiled.model.inputEncoder.tokens == ["0", "1", "2"])
    }

    /// The compiled models halt by themselves after the reference's layer counts (ALTA.md
    /// §12.6): N layers for N bits (relative), max(1, N − 1) (absolute), digits + 3 (addition).
    @Test func compiledHaltingMatchesReferenceLayerCounts() throws {
        let relative = try ALTAParity.sequentialRelative(form: .rules).compile(maxLength: 25)
        let absolute = try ALTAParity.sequentialAbsolute(form: .rules).compile()
        for n in [1, 2, 3, 8, 20, 24] {
            let bits = (0..<n).map { $0 % 3 == 0 ? 1 : 0 }
            let r = try relative.model.forward(tokenIDs: [[ALTAParity.start] + bits])
            #expect(r.layersRun == [n] && r.halted == [true], "relative \(n)")
            #expect(try relative.outputs(of: r.finalResidual(of: 0)).last == .int(bits.reduce(0, ^)))
            let a = try absolute.model.forward(tokenIDs: [bits])
            #expect(a.layersRun == [max(1, n - 1)] && a.halted == [true], "absolute \(n)")
        }
        let addition = try ALTAAddition.program().compile(maxLength: 2 * 12 + 3)
        let prepared = try PreparedModel(addition.model)
        #expect(prepared.backend == .sparseRows)
        for (a, b, digits) in [("5", "7", 1), ("789", "456", 3), ("99999", "1", 5), ("958272097856", "305605993353", 12)] {
            let tokens = ALTAAddition.tokens(a, b)
            let result = try prepared.forward(tokenIDs: [tokens])
            #expect(result.layersRun == [digits + 3] && result.halted == [true], "\(a)+\(b)")
            let sum = try ALTAAddition.decode(try addition.outputs(of: result.finalResidual(of: 0)))
            #expect(sum == String((Int(a) ?? 0) + (Int(b) ?? 0)))
        }
    }

    /// The cap stops a run that does not halt.
    @Test func layerCapStopsRuns() throws {
        let compiled = try ALTAParity.sequentialRelative(form: .rules).compile(
            maxLength: 10, options: ALTACompilerOptions(maxLayers: 3))
        let result = try compiled.model.forward(tokenIDs: [[2, 1, 1, 1, 1, 1]])
        #expect(result.layersRun == [3] && result.halted == [false])
    }

    /// The conformance check reports differences (it is not vacuous).
    @Test func conformanceCheckDetectsWrongWeights() throws {
        let compiled = try ALTAParity.sequentialRelative(form: .rules).compile(maxLength: 8)
        var model = compiled.model
        var w4 = model.layers[0].feedForward.layers[3].weight.dense
        let parity1 = try #require(model.residualDimension(of: "parity:1"))
        for unit in 0..<w4.rows where w4[unit, parity1] != 0 { w4[unit, parity1] = -w4[unit, parity1] }
        model.layers[0].feedForward.layers[3].weight = .dense(w4)
        let broken = try PreparedModel(model)
        let report = try ALTAConformance.check(compiled, tokens: [2, 1, 1, 0], layers: .untilHalt(maxLayers: 8), prepared: broken)
        #expect(!report.isConformant)
        #expect(report.mismatches.contains { $0.variable == "parity" })
        let good = try ALTAConformance.check(compiled, tokens: [2, 1, 1, 0], layers: .untilHalt(maxLayers: 8))
        #expect(good.isConformant)
    }

    @Test func vocabularyAndOutputNames() throws {
        let compiled = try ALTAParity.sequentialRelative(form: .rules).compile(
            maxLength: 6, options: ALTACompilerOptions(tokens: ["zero", "one", "start"], outputValues: ["even", "odd"]))
        let result = try compiled.model.run([["start", "one", "one", "one"]])
        #expect(result.outputs(of: 0).last == .category("odd"))
        #expect(result.layersRun == [3])
    }

    /// §15 item 17: a numerical output variable decodes to its number (the original took the
    /// argmax of one dimension, always 0).
    @Test func numericalOutputsDecodeToNumbers() throws {
        let program = try ALTAProgram(
            name: "numeric_output", inputRange: 2,
            variables: [.numerical("x", buckets: [0, 0.25, 1], fromToken: { $0 == 1 ? 0.25 : 0 })],
            output: "x"
        ) { b in try b.when("x", is: .number(0.25)) { try b.set("x", number: 1) } }
        let compiled = try program.compile(maxLength: 3, options: ALTACompilerOptions(maxLayers: 1))
        #expect(compiled.model.outputEncoder == .numerical)
        let result = try compiled.model.forward(tokenIDs: [[1, 0, 1]])
        #expect(result.outputs(of: 0) == [.number(1), .number(0), .number(1)])
        #expect(try compiled.outputs(of: result.finalResidual(of: 0)) == [.number(1), .number(0), .number(1)])
    }

    @Test func invalidProgramsAndOptionsAreRefused() throws {
        let relative = try ALTAParity.sequentialRelative(form: .rules)
        #expect(throws: ALTACompilerError.invalidMaxLength(program: relative.name, reason: "the program has no position table, so maxLength must be given")) {
            try relative.compile()
        }
        let absolute = try ALTAParity.sequentialAbsolute(form: .rules)
        expectError(ALTACompilerError.invalidMaxLength(program: "sparse_parity_sequential_absolute", reason: "maxLength 51 exceeds the position table (50 positions)"),
                    message: "program 'sparse_parity_sequential_absolute': maxLength 51 exceeds the position table (50 positions)") {
            try absolute.compile(maxLength: 51)
        }
        expectError(ALTACompilerError.invalidMaxLength(program: "sparse_parity_sequential_relative", reason: "maxLength must be at least 1, got 0"),
                    message: "program 'sparse_parity_sequential_relative': maxLength must be at least 1, got 0") {
            try relative.compile(maxLength: 0)
        }
        expectError(ALTACompilerError.invalidOption("maxLayers must be at least 1, got 0"),
                    message: "invalid compiler option: maxLayers must be at least 1, got 0") {
            try relative.compile(maxLength: 4, options: ALTACompilerOptions(maxLayers: 0))
        }
        expectError(ALTACompilerError.invalidOption("1 token names for an input range of 3"),
                    message: "invalid compiler option: 1 token names for an input range of 3") {
            try relative.compile(maxLength: 4, options: ALTACompilerOptions(tokens: ["a"]))
        }
        expectError(ALTACompilerError.invalidOption("attention sharpness 8.0 is below 256.0, the smallest value for which float32 attention is exact"),
                    message: "invalid compiler option: attention sharpness 8.0 is below 256.0, the smallest value for which float32 attention is exact") {
            try relative.compile(maxLength: 4, options: ALTACompilerOptions(attentionSharpness: 8))
        }
        let function = try ALTAParity.sequentialRelative(form: .function)
        #expect(throws: ALTACompilerError.functionFormProgram(program: function.name)) { try function.compile(maxLength: 4) }
        let numericHalt = try ALTAProgram(
            name: "numeric_halt", inputRange: 2,
            variables: [.numerical("x", buckets: [0, 1], default: 0)],
            output: "x", halt: ALTAHalt("x", equals: .number(1))
        ) { b in try b.when("x", is: .number(0)) { try b.set("x", number: 1) } }
        expectError(ALTACompilerError.unsupportedHalting(variable: "x", reason: "only categorical halting variables can be read from one residual direction"),
                    message: "halting on 'x' cannot be compiled: only categorical halting variables can be read from one residual direction") {
            try numericHalt.compile(maxLength: 3)
        }
        let unhalted = try numericHalt.compile(maxLength: 3, options: ALTACompilerOptions(compileHalting: false))
        let report = try ALTAConformance.check(unhalted, tokens: [0, 1], layers: .exactly(2))
        #expect(report.isConformant)
        let bad = try PreparedModel(unhalted.model, backend: .sparseRows)
        #expect(throws: ModelError.tokenIDOutOfRange(5, vocabularySize: 2, sequence: 0, position: 1)) {
            try bad.forward(tokenIDs: [[0, 5]])
        }
        #expect(throws: ModelError.emptySequence(sequence: 0)) { try bad.forward(tokenIDs: [[]]) }
        #expect(throws: ModelError.sequenceTooLong(length: 4, maximum: 3, sequence: 0)) {
            try bad.forward(tokenIDs: [[0, 0, 0, 0]])
        }
    }
}
