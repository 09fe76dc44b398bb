import ALTA
import AltaPrograms
import Testing

/// Rule coverage, minimality and the dataset minimiser on hand-made programs and datasets
/// whose answers are worked out by hand in the comments.
@Suite struct RuleCoverageTests {
    // MARK: programs

    /// `a` from the token (0…2), `b` starts at 0. Rules:
    /// r0 a=0 & b=0 ⇒ b: 0→1;  r1 a=1 & b=0 ⇒ b: 0→2;  r2 a=2 & b=0 ⇒ b: 0→1;
    /// r3 b=1 ⇒ b: 1→2;  r4 a=2 & b=2 ⇒ b: 2→0. No heads, so no reset rules.
    static func fiveRules() throws -> ALTAProgram {
        let schema = try ALTASchema(inputRange: 3, variables: [.input("a", range: 3), .categorical("b", range: 3)])
        func rule(_ atoms: [(String, Int)], _ old: Int, _ new: Int) -> ALTARule {
            ALTARule(when: atoms.map { ALTAAtom($0.0, .int($0.1)) }, set: "b", from: .int(old), to: .int(new))
        }
        return try ALTAProgram(name: "five_rules", schema: schema, rules: [
            rule([("a", 0), ("b", 0)], 0, 1), rule([("a", 1), ("b", 0)], 0, 2), rule([("a", 2), ("b", 0)], 0, 1),
            rule([("b", 1)], 1, 2), rule([("a", 2), ("b", 2)], 2, 0),
        ], output: "b")
    }

    /// Dataset: [0, 1] and [0], two layers each.
    /// L0: (a0,b0) r0 ×2, (a1,b0) r1 ×1.  L1: (a0,b1) r3 ×2, (a1,b2) nothing ×1.
    static func fiveRulesCoverage() throws -> ALTARuleCoverage {
        try ALTARuleCoverage.measure(try fiveRules(), inputs: [([0, 1], .exactly(2)), ([0], .exactly(2))])
    }

    static func parityCoverage(lengths: ClosedRange<Int>) throws -> (ALTAProgramEntry, ALTARuleCoverage) {
        let entry = try ALTALibrary.entry(named: "sparse_parity_sequential_relative")
        var inputs: [(tokens: [Int], layers: ALTALayerLimit)] = []
        for text in bitStrings(lengths: lengths) {
            let tokens = try entry.encode(text)
            inputs.append((tokens, entry.layerLimit(forTokenCount: tokens.count)))
        }
        return (entry, try ALTARuleCoverage.measure(try entry.program(), inputs: inputs))
    }

    static func bitStrings(lengths: ClosedRange<Int>) -> [String] {
        lengths.flatMap { n in (0..<(1 << n)).map { bits in String((0..<n).map { (bits >> $0) & 1 == 1 ? "1" : "0" }) } }
    }

    /// Runs both programs on every input and expects the same states after every layer.
    static func expectSameTraces(_ a: ALTAProgram, _ b: ALTAProgram, inputs: [(tokens: [Int], layers: ALTALayerLimit)],
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let first = ALTAInterpreter(program: a), second = ALTAInterpreter(program: b)
        for input in inputs {
            let x = try #require(try first.run(input.tokens, layers: input.layers).trace)
            let y = try #require(try second.run(input.tokens, layers: input.layers).trace)
            #expect(x.layers.map(\.afterMLP) == y.layers.map(\.afterMLP), "input \(input.tokens)", sourceLocation: sourceLocation)
        }
    }

    // MARK: coverage

    @Test func countsPerRuleAndLayerOnAHandMadeDataset() throws {
        let coverage = try Self.fiveRulesCoverage()
        #expect(coverage.inputCount == 2)
        #expect(coverage.applications == 6)
        #expect(coverage.applicationsPerLayer == [3, 3])
        #expect(coverage.applicationsWithoutRule == 1)
        #expect(coverage.counts == [2, 1, 0, 2, 0])
        #expect(coverage.countsPerLayer == [[2, 1, 0, 0, 0], [0, 0, 0, 2, 0]])
        #expect(coverage.count(ofRule: 3, layer: 1) == 2 && coverage.count(ofRule: 3, layer: 0) == 0)
        #expect(coverage.count(ofRule: 9) == 0 && coverage.count(ofRule: 0, layer: 7) == 0)
        #expect(coverage.firedRules == [0, 1, 3])
        #expect(coverage.neverFiredUserRules == [2, 4])
        #expect(coverage.neverFiredResetRules.isEmpty)
        #expect(coverage.distinctInputs == 4)
        #expect(coverage.layerCount == 2)
    }

    @Test func parityOverEveryStringUpToThreeBits() throws {
        // Tokens START b1…bn, n layers (halting). Position i becomes done in layer i−1
        // (done=0, done_left=1: rule 0 once per bit, Σ n·2ⁿ = 2 + 8 + 24 = 34); the parity
        // rule (parity_left=1, parity=o) fires there when the prefix b1…b(i−1) has odd parity
        // and b_i = o: (n−1)·2ⁿ/4 strings per o and n, 0 + 1 + 4 = 5 each. Per layer, rule 0
        // fires at position k+1 of every string with n > k: 14, 12, 8. Positions ≥ 1 reset
        // both head outputs every layer: Σ n²·2ⁿ = 2 + 16 + 72 = 90 per head; position 0
        // (START, no left neighbour) fires nothing: 34 applications. All: Σ n(n+1)·2ⁿ = 124.
        let (_, coverage) = try Self.parityCoverage(lengths: 1...3)
        let program = coverage.program
        #expect(program.rules.map(\.description) == [
            "done=0 & done_left=1 => done: 0 -> 1",
            "parity=0 & done=0 & parity_left=1 & done_left=1 => parity: 0 -> 1",
            "parity=1 & done=0 & parity_left=1 & done_left=1 => parity: 1 -> 0",
            "parity_left=0 => parity_left: 0 -> -", "parity_left=1 => parity_left: 1 -> -",
            "done_left=0 => done_left: 0 -> -", "done_left=1 => done_left: 1 -> -",
        ])
        #expect(coverage.inputCount == 14)
        #expect(coverage.applications == 124)
        #expect(coverage.applicationsWithoutRule == 34)
        #expect(Array(coverage.counts.prefix(3)) == [34, 5, 5])
        #expect(coverage.counts[3] + coverage.counts[4] == 90)
        #expect(coverage.counts[5] + coverage.counts[6] == 90)
        #expect(coverage.countsPerLayer.map { $0[0] } == [14, 12, 8])
        // The parity rules need a second bit: layer 1 at the earliest.
        #expect(coverage.countsPerLayer[0][1] == 0 && coverage.countsPerLayer[0][2] == 0)
        #expect(coverage.neverFiredUserRules.isEmpty)
        // Minimal on this dataset: dropping done_left or any atom of the parity rules reaches
        // inputs where nothing (or the other parity rule) happened.
        let minimality = ALTARuleMinimality(coverage)
        #expect(minimality.isMinimal)
        #expect(ALTADatasetRuleMinimiser.minimise(coverage).count == 3)
    }

    @Test func parityOnOneBitLeavesTheParityRulesUncoveredAndDoneLeftDroppable() throws {
        // One bit: a single layer; position 1 has done=0, done_left=1, parity_left=0. The
        // parity rules never fire, and done=0 occurs only where done_left=1.
        let (entry, coverage) = try Self.parityCoverage(lengths: 1...1)
        #expect(coverage.neverFiredUserRules == [1, 2])
        #expect(coverage.counts[0] == 2)
        let minimality = ALTARuleMinimality(coverage)
        #expect(!minimality.isMinimal)
        #expect(minimality.removableRules == [.init(rule: 1, reason: .neverFired), .init(rule: 2, reason: .neverFired)])
        #expect(minimality.droppableAtoms == [.init(rule: 0, atom: ALTAAtom("done_left", .int(1)), newlyMatched: 0, sharedWith: [])])
        let smallest = ALTADatasetRuleMinimiser.minimise(coverage)
        #expect(smallest.map(\.rule.description) == ["done=0 => done: 0 -> 1"])
        #expect(smallest.map(\.sources) == [[0]])
        let inputs = try ["0", "1"].map { text -> (tokens: [Int], layers: ALTALayerLimit) in
            let tokens = try entry.encode(text)
            return (tokens, entry.layerLimit(forTokenCount: tokens.count))
        }
        try Self.expectSameTraces(coverage.program, try ALTADatasetRuleMinimiser.program(coverage.program, with: smallest), inputs: inputs)
    }

    // MARK: minimality

    @Test func rulesThatNeverFireAreReportedRemovable() throws {
        let coverage = try Self.fiveRulesCoverage()
        let minimality = ALTARuleMinimality(coverage)
        #expect(!minimality.isMinimal)
        #expect(minimality.removableRules == [.init(rule: 2, reason: .neverFired), .init(rule: 4, reason: .neverFired)])
        // r0 without a=0 would also match (a1,b0), which went to 2; r1 without a=1 would match
        // (a0,b0), which went to 1; r3 has only its own atom.
        #expect(minimality.droppableAtoms.isEmpty)
        // The smallest set keeps the fired rules as they are and reproduces the traces.
        let smallest = ALTADatasetRuleMinimiser.minimise(coverage)
        #expect(smallest.map(\.sources) == [[0], [1], [3]])
        #expect(smallest.map(\.rule) == [0, 1, 3].map { coverage.program.rules[$0] })
        try Self.expectSameTraces(coverage.program, try ALTADatasetRuleMinimiser.program(coverage.program, with: smallest),
                                  inputs: [([0, 1], .exactly(2)), ([0], .exactly(2))])
    }

    @Test func anAtomThatNeverMattersOnTheDatasetIsNamed() throws {
        // w is 1 at every position; r0 w=1 & x=0 & y=0 ⇒ y: 0→1, r1 x=1 & y=0 ⇒ y: 0→2.
        // Without w=1, r0 matches exactly the same inputs; without x=0 it would also match
        // (x1, y0), which went to 2.
        let schema = try ALTASchema(inputRange: 2, variables: [
            .input("x", range: 2), .categorical("w", range: 2, fromToken: { _ in 1 }), .categorical("y", range: 3),
        ])
        let program = try ALTAProgram(name: "w_always_one", schema: schema, rules: [
            ALTARule(when: [ALTAAtom("w", .int(1)), ALTAAtom("x", .int(0))], set: "y", from: .int(0), to: .int(1)),
            ALTARule(when: [ALTAAtom("x", .int(1))], set: "y", from: .int(0), to: .int(2)),
        ], output: "y")
        let coverage = try ALTARuleCoverage.measure(program, inputs: [([0, 1], .exactly(1))])
        let minimality = ALTARuleMinimality(coverage)
        #expect(!minimality.isMinimal)
        #expect(minimality.removableRules.isEmpty)
        #expect(minimality.droppableAtoms == [.init(rule: 0, atom: ALTAAtom("w", .int(1)), newlyMatched: 0, sharedWith: [])])
        #expect(ALTADatasetRuleMinimiser.minimise(coverage).map(\.rule.description) == ["x=0 & y=0 => y: 0 -> 1", "x=1 & y=0 => y: 0 -> 2"])
    }

    @Test func rulesMakingTheSameUpdateMergeIntoTheKnownOptimum() throws {
        // x, z ∈ {0, 1} from the token's two bits; the four rules x=i & z=j & y=0 ⇒ y: 0→1 are
        // one rule y=0 ⇒ y: 0→1 on any dataset (the optimum: one rule). Each atom of each rule
        // is droppable, sharing the update with the rules it would then cover.
        let schema = try ALTASchema(inputRange: 4, variables: [
            .categorical("x", range: 2, fromToken: { $0 & 1 }), .categorical("z", range: 2, fromToken: { $0 >> 1 }),
            .categorical("y", range: 2),
        ])
        var rules: [ALTARule] = []
        for x in 0...1 {
            for z in 0...1 {
                rules.append(ALTARule(when: [ALTAAtom("x", .int(x)), ALTAAtom("z", .int(z))], set: "y", from: .int(0), to: .int(1)))
            }
        }
        let program = try ALTAProgram(name: "four_into_one", schema: schema, rules: rules, output: "y")
        let inputs: [(tokens: [Int], layers: ALTALayerLimit)] = [([0, 1, 2, 3], .exactly(2))]
        let coverage = try ALTARuleCoverage.measure(program, inputs: inputs)
        #expect(coverage.counts == [1, 1, 1, 1])
        let minimality = ALTARuleMinimality(coverage)
        #expect(minimality.droppableAtoms.count == 8)
        #expect(minimality.droppableAtoms.first == .init(rule: 0, atom: ALTAAtom("x", .int(0)), newlyMatched: 1, sharedWith: [2]))
        let smallest = ALTADatasetRuleMinimiser.minimise(coverage)
        #expect(smallest == [.init(rule: ALTARule(when: [], set: "y", from: .int(0), to: .int(1)), sources: [0, 1, 2, 3])])
        try Self.expectSameTraces(program, try ALTADatasetRuleMinimiser.program(program, with: smallest), inputs: inputs)
        // Without token 3 (x=1, z=1) in the data, the same single rule still reproduces it;
        // the rule x=1 & z=1 never fires and is removable.
        let partial = try ALTARuleCoverage.measure(program, inputs: [([0, 1, 2], .exactly(1))])
        #expect(ALTARuleMinimality(partial).removableRules == [.init(rule: 3, reason: .neverFired)])
        #expect(ALTADatasetRuleMinimiser.minimise(partial).map(\.sources) == [[0, 1, 2]])
    }

    @Test func theSmallestAdditionRuleSetReproducesEveryTraceOfItsDataset() throws {
        // A real merge at scale: the interpreter with the smaller rule set must give the same
        // state after every layer on every input of the dataset.
        let entry = try ALTALibrary.entry(named: "addition")
        let inputs = try ["5+7", "99+1", "789+456", "123+877", "0+0", "45+54", "909+91", "318+682", "64+38"].map {
            text -> (tokens: [Int], layers: ALTALayerLimit) in
            let tokens = try entry.encode(text)
            return (tokens, entry.layerLimit(forTokenCount: tokens.count))
        }
        let coverage = try ALTARuleCoverage.measure(try entry.program(), inputs: inputs)
        let smallest = ALTADatasetRuleMinimiser.minimise(coverage)
        let firedProgramRules = coverage.firedRules.filter { !coverage.isResetRule($0) }
        #expect(smallest.count < firedProgramRules.count)
        #expect(smallest.flatMap(\.sources).sorted() == firedProgramRules)
        try Self.expectSameTraces(coverage.program, try ALTADatasetRuleMinimiser.program(coverage.program, with: smallest), inputs: inputs)
        // Every never-fired program rule is reported removable, and nothing else is.
        let minimality = ALTARuleMinimality(coverage)
        #expect(minimality.removableRules.map(\.rule) == coverage.neverFiredUserRules)
        #expect(!minimality.droppableAtoms.isEmpty)
    }

    // MARK: errors

    @Test func functionFormProgramsAreRefused() throws {
        let program = try ALTAParity.sequentialRelative(form: .function)
        #expect(throws: ALTACoverageError.functionForm(program: program.name)) { try ALTARuleCoverage(program: program) }
        #expect(ALTACoverageError.functionForm(program: "p").description
            == "p has an MLP written as a function; rule coverage needs a rule-form program (generate its rules first)")
    }

    @Test func emptyDatasetsAndFailingInputsAreRefused() throws {
        let program = try Self.fiveRules()
        #expect(throws: ALTACoverageError.emptyDataset(program: "five_rules")) {
            try ALTARuleCoverage.measure(program, inputs: [([0, 1], .exactly(0))])
        }
        #expect(ALTACoverageError.emptyDataset(program: "five_rules").description
            == "the dataset applies five_rules's MLP nowhere (no input, or no layer run)")
        let failing = ALTACoverageError.inputFailed(input: 1, reason: "\(ALTAError.tokenOutOfRange(token: 7, position: 0, inputRange: 3))")
        #expect(throws: failing) { try ALTARuleCoverage.measure(program, inputs: [([0], .exactly(1)), ([7], .exactly(1))]) }
        #expect(failing.description.hasPrefix("input 1 of the dataset: "))
    }

    @Test func aTraceOfAnotherProgramIsRefused() throws {
        var coverage = try ALTARuleCoverage(program: try Self.fiveRules())
        let other = try ALTAParity.sequentialRelative(form: .rules)
        let trace = try #require(try ALTAInterpreter(program: other).run([2, 1], layers: .exactly(1)).trace)
        #expect(throws: ALTACoverageError.foreignTrace(program: "five_rules")) { try coverage.record(trace) }
        #expect(ALTACoverageError.foreignTrace(program: "five_rules").description
            == "the trace was not recorded from five_rules (its rules or variables differ)")
    }
}
