import AltaPrograms
import RASP
import Testing
@testable import RASPCompiler

/// MLP fusion: chains of MLP-only steps become one MLP, heads fold single-operand functions,
/// and a function of categorical operands and a discretised number becomes one gated MLP.
@Suite struct FusionTests {
    let vocabulary: [Value] = ["a", "b", "c"]

    /// `last & not(mean > 0)`: a categorical Aggregate and a Map over a numerical mean feed
    /// one SequenceMap — fused, a gated discretisation per value of the categorical operand.
    var gatedProgram: SOp {
        let isA = numerical(Map({ x in .bool(x == "a") }, tokens))
        let mean = numerical(Aggregate(Select(indices, indices, .leq), isA, default: 0))
        let noneYet = Map({ x in .bool(!x.isTruthy) }, mean)
        let previous = Aggregate(Select(indices, indices, .custom("k == q - 1") { k, q in k == (try q - 1) }), tokens)
        return SequenceMap({ x, y in .tuple([x, y]) }, previous, noneYet)
    }

    func compile(_ program: SOp, options: RASPCompilerOptions = RASPCompilerOptions()) throws -> CompiledRASPProgram {
        try RASPModelCompiler.compile(program, vocabulary: vocabulary, maxSeqLen: 5, options: options)
    }

    @Test func gatedDiscretisationSavesALayer() throws {
        let program = gatedProgram
        let fused = try TracrBugRegressionTests.expectExhaustive(program, vocabulary: vocabulary, maxSeqLen: 5)
        let unfused = try compile(program, options: RASPCompilerOptions(fuseMLPs: false))
        // Fused: the mean's value folds into its OV circuit (layer 0 attention) and the
        // gated table reads the mean in layer 0's MLP. Unfused: Map, mean, Map, SequenceMap.
        #expect(fused.model.layers.count == 1)
        #expect(unfused.model.layers.count == 3)
        // The Map over the mean has no residual directions once folded.
        #expect(fused.sops.count < unfused.sops.count)
    }

    /// With the gated fold refused (as when float32 noise on the categorical operand is too
    /// large), the node is planned again with its discretised operand materialised.
    @Test func ungatedPlanMaterialisesTheDiscretisedOperand() throws {
        let program = gatedProgram
        let graph = try RASPModelCompiler.plan(program, vocabulary: vocabulary, maxSeqLen: 5, options: RASPCompilerOptions())
        let gated = FusionPlan(graph: graph, options: RASPCompilerOptions())
        guard case let .scalar(gates, _, _, _) = gated.computations[graph.output], !gates.isEmpty else {
            Issue.record("expected a gated discretisation, got \(String(describing: gated.computations[graph.output]))")
            return
        }
        let ungated = FusionPlan(graph: graph, options: RASPCompilerOptions(), ungated: [graph.output])
        guard case .lookup = ungated.computations[graph.output] else {
            Issue.record("expected a lookup, got \(String(describing: ungated.computations[graph.output]))")
            return
        }
        #expect(ungated.materialized.count == gated.materialized.count + 1)
        #expect(LayerSchedule(graph: graph, plan: gated).layerCount == 1)
        #expect(LayerSchedule(graph: graph, plan: ungated).layerCount == 2)
    }

    /// Chains of Maps and SequenceMaps over categorical operands are one lookup table.
    @Test func chainsBecomeOneTable() throws {
        let t2 = SequenceMap({ x, y in .tuple([x, y]) }, tokens, tokens)
        let t3 = SequenceMap({ x, y in .tuple([x, y]) }, t2, indices)
        let program = Map({ v in .bool(v.tupleElement(0) == "a" && v.tupleElement(1) == .int(2)) }, t3)
        let compiled = try TracrBugRegressionTests.expectExhaustive(program, vocabulary: vocabulary, maxSeqLen: 5)
        #expect(compiled.model.layers.count == 1)
        #expect(compiled.model.layers[0].feedForward.hiddenWidths[0] <= vocabulary.count * 5)
    }

    /// An Aggregate reads a Map of tokens through its OV circuit, and a Select a Map of a
    /// SelectorWidth through its QK circuit, with no MLP in between.
    @Test func headsFoldSingleOperandFunctions() throws {
        let length = TracrLib.makeLength()
        let last = Select(indices, Map({ x in try x - 1 }, length), .eq)
        let program = Aggregate(last, Map({ x in .bool(x == "b") }, tokens))
        let compiled = try TracrBugRegressionTests.expectExhaustive(program, vocabulary: vocabulary, maxSeqLen: 5)
        #expect(compiled.model.layers.count == 2)
        #expect(compiled.model.layers[1].feedForward.isEmpty)
        let unfused = try compile(program, options: RASPCompilerOptions(fuseMLPs: false))
        #expect(unfused.model.layers.count == 3)
    }
}
