import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import Testing
@testable import AltaTraining

/// The learning tie-in of rule coverage: wrong test-time transitions of constructed MLPs whose
/// errors are known, split by whether the training set covered their rules.
@Suite struct LearnedTransitionAuditTests {
    static func zeroMLP(_ d: Int) throws -> MLP {
        try MLP(sizes: [d, 2, d], activation: .relu,
                parameters: [Matrix(rows: d, columns: 2), Matrix(rows: 1, columns: 2), Matrix(rows: 2, columns: d), Matrix(rows: 1, columns: d)])
    }

    /// sparse_parity_sequential_relative compiled for 3 bits, and the coverage of its
    /// training set: every bit string of `trainingLengths`.
    static func setUp(trainingLengths: ClosedRange<Int>) throws -> (ALTAProgramEntry, ALTACompiledProgram, ALTARuleCoverage) {
        let (entry, compiled) = try LearnedMLPModelTests.compiled(maxBits: 3)
        let inputs = try TraceInputGenerator.bitStrings(lengths: trainingLengths).inputs(for: entry, seed: 0)
        let training = try ALTARuleCoverage.measure(entry: entry, program: try entry.program(), inputs: inputs)
        return (entry, compiled, training)
    }

    static func inputs(_ texts: [String], _ entry: ALTAProgramEntry) throws -> [TraceInput] {
        try texts.map { TraceInput(text: $0, tokens: try entry.encode($0)) }
    }

    @Test func aZeroMLPGetsEveryRuleFiringWrong() throws {
        // Training on one bit covers rule 0 (done 0→1) and the resets parity_left=0 (3) and
        // done_left=1 (6). Rules: 1, 2 parity 0→1 / 1→0; 4, 5 resets parity_left=1, done_left=0.
        // Test "1" (START 1, one layer) and "11" (two layers); the zero MLP changes nothing, so
        // every variable a rule writes keeps its old value:
        //   "1"  L0 p1: done=0 done_left=1 parity_left=0 parity=1 → rules 0, 3, 6 (input seen)
        //   "11" L0 p1: the same → 0, 3, 6 (seen);   L0 p2: done_left=0 parity_left=1 → 4, 5
        //   "11" L1 p1: done=1 done_left=1 parity_left=0 → 3, 6;   L1 p2: done=0 done_left=1
        //        parity_left=1 parity=1 → 0, 2, 4, 6.  START never fires anything.
        let (entry, compiled, training) = try Self.setUp(trainingLengths: 1...1)
        #expect(training.firedRules == [0, 3, 6])
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: try Self.zeroMLP(compiled.model.dModel))
        let audit = try LearnedTransitionAudit.audit(learned, training: training, inputs: try Self.inputs(["1", "11"], entry))
        #expect(audit.applications == 8)
        #expect(audit.wrong.map { "\($0.text) L\($0.layer) p\($0.position)" } == ["1 L0 p1", "11 L0 p1", "11 L0 p2", "11 L1 p1", "11 L1 p2"])
        #expect(audit.wrong.map(\.firedRules) == [[0, 3, 6], [0, 3, 6], [4, 5], [3, 6], [0, 2, 4, 6]])
        #expect(audit.wrong.map(\.inputSeenInTraining) == [true, true, false, false, false])
        #expect(audit.wrong[0].variables == [
            .init(variable: "done", expected: .int(1), decoded: .int(0), rule: 0, covered: true),
            .init(variable: "parity_left", expected: nil, decoded: .int(0), rule: 3, covered: true),
            .init(variable: "done_left", expected: nil, decoded: .int(1), rule: 6, covered: true),
        ])
        #expect(audit.wrong[4].variables.map(\.variable) == ["parity", "done", "parity_left", "done_left"])
        #expect(audit.wrong[4].variables[0] == .init(variable: "parity", expected: .int(0), decoded: .int(1), rule: 2, covered: false))
        #expect(audit.transitionsOnCoveredRules == 10 && audit.transitionsOnUncoveredRules == 4)
        #expect(audit.wrongOnCoveredRules == 10 && audit.wrongOnUncoveredRules == 4 && audit.wrongWithoutRule == 0)
        #expect(audit.summary == "5 of 8 applications wrong: 10 wrong transitions on covered rules (of 10), 4 on uncovered rules (of 4), 0 changes no rule makes")
    }

    @Test func theCompiledMLPGetsNothingWrongAndAnIdentityBreakingOneIsCaught() throws {
        let (entry, compiled, training) = try Self.setUp(trainingLengths: 1...2)
        let exact = try LearnedMLPModelTests.compiledMLP(compiled)
        let inputs = try TraceInputGenerator.bitStrings(lengths: 1...3).inputs(for: entry, seed: 0)
        let audit = try LearnedTransitionAudit.audit(try LearnedMLPModel(entry: entry, compiled: compiled, mlp: exact),
                                                     training: training, inputs: inputs)
        // 124 applications over the 14 strings (see RuleCoverageTests); 224 rule firings.
        #expect(audit.applications == 124)
        #expect(audit.wrong.isEmpty)
        #expect(audit.transitionsOnCoveredRules + audit.transitionsOnUncoveredRules == 224)
        // The compiled MLP minus 1 on the parity:1 dimension of the output: where parity is 1
        // after the MLP that dimension reads 0 (parity decodes to null), where it is 0 it
        // reads −1 beside parity:0 = 1 (still 0). So exactly the applications leaving parity
        // at 1 are wrong, in `parity` alone; among the rules only "parity 0 → 1" (rule 1,
        // 5 firings) writes a 1, every other such application is a change no rule makes.
        var shifted = exact
        let column = try #require(compiled.layout.block(named: "parity")).dimension(of: 1)
        shifted.parameters[2 * (shifted.layerCount - 1) + 1].values[column] -= 1
        let broken = try LearnedTransitionAudit.audit(try LearnedMLPModel(entry: entry, compiled: compiled, mlp: shifted),
                                                      training: training, inputs: inputs)
        var parityOne: [String] = []
        for input in inputs {
            let trace = try #require(try ALTAInterpreter(program: compiled.program).run(input.tokens, layers: entry.layerLimit(forTokenCount: input.tokens.count)).trace)
            for layer in trace.layers {
                for p in 0..<input.tokens.count where layer.afterMLP.value("parity", at: p) == .int(1) {
                    parityOne.append("\(input.text) L\(layer.index) p\(p)")
                }
            }
        }
        #expect(broken.wrong.map { "\($0.text) L\($0.layer) p\($0.position)" } == parityOne)
        #expect(broken.wrong.allSatisfy { $0.variables.map(\.variable) == ["parity"] && $0.variables[0].decoded == nil })
        #expect(broken.wrong.flatMap(\.variables).compactMap(\.rule).allSatisfy { $0 == 1 })
        #expect(broken.wrongOnCoveredRules + broken.wrongOnUncoveredRules == 5)
        #expect(broken.wrongWithoutRule == parityOne.count - 5)
        let one = try #require(broken.wrong.first { $0.text == "1" && $0.layer == 0 && $0.position == 1 })
        #expect(one.variables == [.init(variable: "parity", expected: .int(1), decoded: nil, rule: nil, covered: nil)])
    }

    @Test func aLearnedMLPsSmallErrorsRoundToTheNearestValue() throws {
        // The compiled MLP with every output moved by 0.3 towards the wrong side stays exact
        // after rounding to the nearest encoding; 0.6 gives every null head output (all are
        // null after the MLP) a value, so every application is wrong.
        let (entry, compiled, training) = try Self.setUp(trainingLengths: 1...2)
        let inputs = try TraceInputGenerator.bitStrings(lengths: 1...3).inputs(for: entry, seed: 0)
        for (shift, wrong) in [(Float(0.3), 0), (0.6, 124)] {
            var mlp = try LearnedMLPModelTests.compiledMLP(compiled)
            let bias = 2 * (mlp.layerCount - 1) + 1
            for j in mlp.parameters[bias].values.indices { mlp.parameters[bias].values[j] += shift }
            let audit = try LearnedTransitionAudit.audit(try LearnedMLPModel(entry: entry, compiled: compiled, mlp: mlp),
                                                         training: training, inputs: inputs)
            #expect(audit.wrong.count == wrong, "shift \(shift)")
        }
    }

    @Test func coverageOfAnotherProgramIsRefused() throws {
        let (entry, compiled, _) = try Self.setUp(trainingLengths: 1...1)
        let other = try ALTALibrary.entry(named: "sparse_parity_sequential_absolute")
        let training = try ALTARuleCoverage.measure(entry: other, program: try other.program(),
                                                    inputs: try TraceInputGenerator.bitStrings(lengths: 1...1).inputs(for: other, seed: 0))
        let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: try Self.zeroMLP(compiled.model.dModel))
        #expect(throws: TrainingError.invalidSetting("coverage", reason: "the training coverage is of sparse_parity_sequential_absolute, "
            + "whose rules or variables differ from sparse_parity_sequential_relative's")) {
            try LearnedTransitionAudit.audit(learned, training: training, inputs: try Self.inputs(["1"], entry))
        }
    }

    @Test func coverageOfAFunctionFormProgramIsRefusedWithTheReason() throws {
        let entry = try ALTALibrary.entry(named: "sparse_parity_sequential_relative")
        let function = try ALTAParity.sequentialRelative(form: .function)
        #expect(throws: TrainingError.invalidSetting("program", reason: "\(function.name) has an MLP written as a function; "
            + "rule coverage needs a rule-form program (generate its rules first)")) {
            try ALTARuleCoverage.measure(entry: entry, program: function, inputs: try Self.inputs(["1"], entry))
        }
        #expect(throws: TrainingError.invalidSetting("max-layers", reason: "at least one layer is needed, not 0")) {
            try ALTARuleCoverage.measure(entry: entry, program: try entry.program(), inputs: try Self.inputs(["1"], entry), maxLayers: 0)
        }
    }
}
