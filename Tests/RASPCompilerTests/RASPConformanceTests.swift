import AltaPrograms
import AltaTensors
import AltaTransformer
import RASP
import RASPCompiler
import AltaTestSupport
import Testing

/// `RASPConformance`: agreement on library programs, a corrupted weight reported where it
/// bites (layer, position, s-op), the one tolerance and the one null rule.
@Suite struct RASPConformanceTests {
    static let vocabulary: [Value] = [1, 2, 3]

    /// `tokens + 1` (categorical, computed by layer 1's MLP), compiled for length 3.
    static func plusOne() throws -> (CompiledRASPProgram, CompiledSOp) {
        let program = categorical(Map({ x in try x + 1 }, tokens)).named("plus_one")
        let compiled = try RASPModelCompiler.compile(program, vocabulary: vocabulary, maxSeqLen: 3)
        let sop = try #require(compiled.sop(for: program))
        return (compiled, sop)
    }

    @Test(arguments: ["reverse", "hist", "sort", "frac_prevs", "shuffle_dyck2", "length_causal"])
    func libraryProgramsAgreeEverywhere(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let compiled = try RASPModelCompiler.compile(
            try entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let inputs = try #require(try TracrReference.library().program(named: name)).examples.map(\.input)
        let report = try RASPConformance.check(compiled, inputs: inputs)
        #expect(report.isConformant, "\(report.mismatches.prefix(3))")
        #expect(report.mismatches.isEmpty && report.mismatchCount == 0)
        // Each s-op is compared after its own sublayer and every later one.
        let sublayers = 2 * compiled.model.layers.count
        let expected = inputs.map { input in
            compiled.sops.map { (sublayers - max($0.sublayer, -1)) * input.count }.reduce(0, +)
        }.reduce(0, +)
        #expect(report.comparisons == expected)
        #expect(report.values.allSatisfy { $0.agrees })
    }

    @Test func aCorruptedMLPBiasIsReportedAtItsLayerPositionAndSOp() throws {
        var (compiled, sop) = try Self.plusOne()
        #expect(sop.sublayer == 1, "computed by layer 1's MLP")
        #expect(try RASPConformance.check(compiled, inputs: [[3, 1]]).isConformant)
        // Push the direction plus_one:4 up by 2 at every position: only where the value is
        // not 4 does it change the decoded value.
        let four = try #require(sop.values.firstIndex(of: 4))
        let last = compiled.model.layers[0].feedForward.layers.count - 1
        compiled.model.layers[0].feedForward.layers[last].bias[sop.residualIndices[four]] += 2
        let report = try RASPConformance.check(compiled, inputs: [[3, 1]])
        #expect(!report.isConformant)
        #expect(report.mismatches == [
            RASPConformanceMismatch(inputIndex: 0, input: [3, 1], sublayer: 1, position: 1, sop: sop.label, expected: 2, found: 4)
        ])
        #expect(report.mismatches.map(\.description) == ["layer 1 mlp, position 1, plus_one_1: evaluator 2, weights 4 (input [3, 1])"])
        #expect(report.values.filter { !$0.agrees }.map(\.position) == [1])
    }

    /// A layer that writes over an earlier s-op's directions is caught after that layer,
    /// not only where the s-op is computed.
    @Test func anEarlierSOpOverwrittenLaterIsReportedAfterTheLayerThatBrokeIt() throws {
        var (compiled, _) = try Self.plusOne()
        let tokensSOp = try #require(compiled.sop(labelled: "tokens"))
        #expect(tokensSOp.sublayer == -1)
        let one = try #require(tokensSOp.values.firstIndex(of: 1))
        let last = compiled.model.layers[0].feedForward.layers.count - 1
        compiled.model.layers[0].feedForward.layers[last].bias[tokensSOp.residualIndices[one]] += 2
        let report = try RASPConformance.check(compiled, inputs: [[1, 2, 3]])
        #expect(report.mismatches.map(\.description) == [
            "layer 1 mlp, position 1, tokens: evaluator 2, weights 1 (input [1, 2, 3])",
            "layer 1 mlp, position 2, tokens: evaluator 3, weights 1 (input [1, 2, 3])",
        ])
        // After its own stage (the embeddings) the tokens still agree.
        #expect(report.values.filter { $0.sop == "tokens" }.allSatisfy { $0.agrees })
    }

    @Test func theLimitKeepsTheFirstMismatchesAndCountsAll() throws {
        let (compiled, _) = try Self.plusOne()
        var ablation = Hooks()
        // Zero the MLP's output: plus_one decodes as null everywhere.
        ablation.replace(.mlpOut(step: 0)) { _, out in Matrix(rows: out.rows, columns: out.columns) }
        let report = try RASPConformance.check(compiled, inputs: [[1, 2, 3], [2]], hooks: ablation, limit: 2)
        #expect(report.mismatchCount == 4)
        #expect(report.mismatches.map(\.description) == [
            "layer 1 mlp, position 0, plus_one_1: evaluator 2, weights None (input [1, 2, 3])",
            "layer 1 mlp, position 1, plus_one_1: evaluator 3, weights None (input [1, 2, 3])",
        ])
    }

    @Test func nullIsAValueOnBothSides() {
        // Categorical: null only for null.
        #expect(RASPConformance.agree(nil, nil, encoding: .categorical))
        #expect(!RASPConformance.agree(nil, 1, encoding: .categorical))
        #expect(!RASPConformance.agree(1, nil, encoding: .categorical))
        #expect(RASPConformance.agree(1, 1.0, encoding: .categorical), "Python equality")
        #expect(!RASPConformance.agree("a", "b", encoding: .categorical))
        // Numerical: null is the zero block.
        #expect(RASPConformance.agree(nil, 0.0, encoding: .numerical))
        #expect(RASPConformance.agree(nil, 0.00009, encoding: .numerical))
        #expect(!RASPConformance.agree(nil, 0.5, encoding: .numerical))
        #expect(!RASPConformance.agree(0.0, nil, encoding: .numerical))
    }

    @Test func oneToleranceRelativeAboveOneAbsoluteBelow() {
        #expect(RASPConformance.tolerance == 1e-4)
        #expect(RASPConformance.agree(2.0, 2.00019, encoding: .numerical))
        #expect(!RASPConformance.agree(2.0, 2.00021, encoding: .numerical))
        #expect(RASPConformance.agree(0.0, -0.00009, encoding: .numerical))
        #expect(!RASPConformance.agree(0.0, 0.00011, encoding: .numerical))
        #expect(RASPConformance.agree(true, 1.0, encoding: .numerical))
        #expect(!RASPConformance.agree(1.0, .float(.nan), encoding: .numerical))
        #expect(!RASPConformance.agree("a", 0.0, encoding: .numerical))
    }

    @Test func stagesAreNamedAsTheTraceNamesThem() {
        #expect(RASPConformance.stageName(ofSublayer: -1) == "embedding")
        #expect(RASPConformance.stageName(ofSublayer: 0) == "layer 1 attention")
        #expect(RASPConformance.stageName(ofSublayer: 3) == "layer 2 mlp")
    }

    @Test func anInputTheModelCannotTakeIsTheRuntimesError() throws {
        let (compiled, _) = try Self.plusOne()
        expectError(ModelError.sequenceTooLong(length: 5, maximum: 4, sequence: 0),
                    message: "sequence 0 has 5 tokens, more than the model's maximum of 4") {
            try RASPConformance.check(compiled, inputs: [[1, 2, 3, 1]])
        }
    }
}
