import ALTA
import AltaPrograms
import AltaTensors
import Testing

/// Rule generation from functions and rule minimisation: exhaustive equivalence checks on
/// small programs, and the generator's error cases.
@Suite struct MinimiserTests {
    /// Compares two programs with the same schema on every assignment (head outputs and the
    /// other nullable variables also null). `reference` may be undefined (a function reading a
    /// null, conflicting rules): those states are skipped. Returns the number compared.
    @discardableResult
    static func expectSameTransitions(
        _ reference: ALTAProgram, _ candidate: ALTAProgram, nullable: Set<String>,
        includeNulls: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var compared = 0
        let referenceInterpreter = ALTAInterpreter(program: reference)
        let candidateInterpreter = ALTAInterpreter(program: candidate)
        for input in allAssignments(reference.schema, nullable: includeNulls ? nullable : []) {
            guard let expected = transition(referenceInterpreter, input) else { continue }
            let actual = transition(candidateInterpreter, input)
            #expect(actual == expected, "state \(input.map(ALTAValue.format))", sourceLocation: sourceLocation)
            compared += 1
        }
        return compared
    }

    @Test func generatedParityRulesMatchTheFunctionEverywhere() throws {
        let cases: [(ALTAProgram, ALTAProgram, ALTAProgram)] = [
            (try ALTAParity.sequentialRelative(form: .function), try ALTAParity.sequentialRelative(form: .generated(minimised: true)),
             try ALTAParity.sequentialRelative(form: .generated(minimised: false))),
            (try ALTAParity.sequentialAbsolute(form: .function, maxInputLength: 4),
             try ALTAParity.sequentialAbsolute(form: .generated(minimised: true), maxInputLength: 4),
             try ALTAParity.sequentialAbsolute(form: .generated(minimised: false), maxInputLength: 4)),
            (try ALTAParity.sumMod2(form: .function, maxInputLength: 6), try ALTAParity.sumMod2(form: .generated(minimised: true), maxInputLength: 6),
             try ALTAParity.sumMod2(form: .generated(minimised: false), maxInputLength: 6)),
            (try ALTAParity.sumMod2Intermediate(form: .function, maxInputLength: 4),
             try ALTAParity.sumMod2Intermediate(form: .generated(minimised: true), maxInputLength: 4),
             try ALTAParity.sumMod2Intermediate(form: .generated(minimised: false), maxInputLength: 4)),
        ]
        for (function, minimised, exhaustive) in cases {
            let nullable = headOutputs(function.schema)
            // Minimised rules = function wherever the function is defined, nulls included.
            let compared = Self.expectSameTransitions(function, minimised, nullable: nullable)
            #expect(compared > 0)
            // Without nulls, the exhaustive rules are the function too, and so equal the
            // minimised ones.
            Self.expectSameTransitions(function, exhaustive, nullable: nullable, includeNulls: false)
            Self.expectSameTransitions(exhaustive, minimised, nullable: nullable, includeNulls: false)
            let stats = try #require(minimised.ruleStatistics)
            #expect(stats.userRules < stats.rulesBeforeMinimisation)
        }
    }

    @Test func functionDefinedOnNullStatesIsCoveredByMinimisedRules() throws {
        // The function never reads `h` when a = 0, so its update there also happens when h is
        // null; the exhaustive rules (conditioned on h) miss that, the minimised ones do not.
        let schema = try ALTASchema(inputRange: 3, variables: [.input("a", range: 3), .categorical("b", range: 3)],
                                    heads: [.relative("h", value: "a", offset: 1)])
        let function = ALTAMLPFunction { z in
            if try z.int("a") == 0 { try z.set("b", 2) } else { try z.set("b", try z.int("h")) }
        }
        let minimised = try ALTAProgram(name: "m", schema: schema, generatingRulesFrom: function, output: "b")
        let functional = try ALTAProgram(name: "f", schema: schema, function: function, output: "b")
        let compared = Self.expectSameTransitions(functional, minimised, nullable: ["h"])
        #expect(compared == 3 * 3 * 4 - 2 * 3 * 1)  // all states except a ≠ 0 with h null
        let run = try ALTAInterpreter(program: minimised).run([1, 0], layers: .exactly(1))
        #expect(run.finalState.column("b") == ints([0, 2]))  // position 1: h is null, a = 0 → b := 2
        let exhaustive = try ALTAProgram(name: "e", schema: schema, generatingRulesFrom: function, minimise: false, output: "b")
        #expect(try ALTAInterpreter(program: exhaustive).run([1, 0], layers: .exactly(1)).finalState.column("b") == ints([0, 0]))
    }

    /// A random rule list on a small schema, with families of rules that cover a variable's
    /// whole range (so that merges are possible).
    static func randomRules(_ schema: ALTASchema, _ rng: inout SplitMix64) -> [ALTARule] {
        let writable = ["b", "c", "n"]
        var rules: [ALTARule] = []
        for _ in 0..<Int.random(in: 2...10, using: &rng) {
            let target = writable.randomElement(using: &rng) ?? "b"
            let targetKind = schema.variable(named: target)?.kind.domain ?? []
            guard let old = targetKind.randomElement(using: &rng) else { continue }
            var new: ALTAValue? = targetKind.filter { $0 != old }.randomElement(using: &rng)
            if Int.random(in: 0...7, using: &rng) == 0 { new = nil }
            var atoms: [ALTAAtom] = []
            for variable in schema.variables where variable.name != target && variable.name != "relative_qk" {
                if Int.random(in: 0...2, using: &rng) == 0, let value = variable.kind.domain?.randomElement(using: &rng) {
                    atoms.append(ALTAAtom(variable.name, value))
                }
            }
            let base = ALTARule(when: atoms, set: target, from: old, to: new)
            // Expand along one of the conditioned variables into its whole range, sometimes
            // leaving one value out.
            if let family = atoms.randomElement(using: &rng), Int.random(in: 0...1, using: &rng) == 0,
               let domain = schema.variable(named: family.variable)?.kind.domain {
                let skip = Int.random(in: 0...3, using: &rng) == 0 ? domain.randomElement(using: &rng) : nil
                for value in domain where value != skip {
                    let others = atoms.filter { $0.variable != family.variable }
                    rules.append(ALTARule(when: others + [ALTAAtom(family.variable, value)], set: target, from: old, to: new))
                }
            } else {
                rules.append(base)
            }
        }
        return rules
    }

    @Test func minimisationPreservesRandomRuleSets() throws {
        let schema = try ALTASchema(
            inputRange: 3,
            variables: [.input("a", range: 3), .categorical("b", range: 2), .categorical("c", range: 3),
                        .categorical("n", range: 2, default: nil)],
            heads: [.relative("h", value: "b", offset: -1)])
        var rng = SplitMix64(seed: 51)
        var before = 0
        var after = 0
        for _ in 0..<40 {
            let rules = Self.randomRules(schema, &rng)
            let original = try ALTAProgram(name: "r", schema: schema, rules: rules, output: "b")
            let minimised = try original.minimised()
            let resetByRules = Set(rules.filter { $0.new == nil }.map(\.variable))
            Self.expectSameTransitions(original, minimised, nullable: resetByRules.union(["h", "n"]))
            before += rules.count
            after += minimised.ruleSet?.userRules.count ?? 0
            #expect(minimised.ruleStatistics?.rulesBeforeMinimisation == rules.count)
            #expect(minimised.ruleSet?.resetRules == original.ruleSet?.resetRules)
        }
        #expect(after < before)
    }

    @Test func minimisingTwiceChangesNothing() throws {
        let once = try ALTAParity.sequentialAbsolute(form: .generated(minimised: true), maxInputLength: 6)
        let twice = try once.minimised()
        #expect(once.rules == twice.rules)
        #expect(twice.ruleStatistics?.rulesBeforeMinimisation == once.ruleStatistics?.rulesBeforeMinimisation)
    }

    @Test func handWrittenRulesKeepNullBehaviour() throws {
        // b := 1 whenever h ∈ {0, 1}: the atom on h cannot be dropped, because with h null the
        // original rules do not fire.
        let schema = try ALTASchema(inputRange: 2, variables: [.input("a", range: 2), .categorical("b", range: 2)],
                                    heads: [.relative("h", value: "a", offset: 1)])
        let rules = [ALTARule(when: [ALTAAtom("h", 0)], set: "b", from: 0, to: 1),
                     ALTARule(when: [ALTAAtom("h", 1)], set: "b", from: 0, to: 1)]
        let minimised = try ALTAProgram(name: "p", schema: schema, rules: rules, output: "b").minimised()
        #expect(minimised.ruleSet?.userRules.count == 2)
        // Without the head, a full-range family merges into one rule.
        let plain = [ALTARule(when: [ALTAAtom("a", 0)], set: "b", from: 0, to: 1),
                     ALTARule(when: [ALTAAtom("a", 1)], set: "b", from: 0, to: 1)]
        let merged = try ALTAProgram(name: "p", schema: schema, rules: plain, output: "b").minimised()
        #expect(merged.ruleSet?.userRules.map(\.description) == ["b=0 => b: 0 -> 1"])
    }

    @Test func additionRulesAreAlreadyMinimal() throws {
        // Every atom of the addition rules matters (exclusions such as "token ≠ e" cannot be
        // written with single-value atoms), so minimisation keeps all 16,421 program rules;
        // sampled states agree.
        let original = try ALTAAddition.program(form: .rules)
        let minimised = try original.minimised()
        #expect(minimised.ruleStatistics?.userRules == 16_421)
        var rng = SplitMix64(seed: 61)
        let domains = original.variables.map { variable -> [ALTAValue?] in
            let values: [ALTAValue?] = (variable.kind.domain ?? []).map { $0 }
            return variable.isHeadOutput ? values + [nil] : values
        }
        let a = ALTAInterpreter(program: original)
        let b = ALTAInterpreter(program: minimised)
        for _ in 0..<2_000 {
            let input = domains.map { $0.randomElement(using: &rng) ?? nil }
            #expect(transition(a, input) == transition(b, input))
        }
    }

    @Test func minimisedRulesOfOneVariableNeverOverlap() throws {
        // At most one rule may write a variable in any state (in the compiled model two firing
        // lookup units would add the update twice).
        let programs = [
            try CachedPrograms.absoluteParity.get(),
            try ALTAParity.sumMod2Intermediate(form: .generated(minimised: true), maxInputLength: 10),
            try CachedPrograms.sortUnique.get(),
        ]
        for program in programs {
            let rules = program.rules
            for i in rules.indices {
                for j in rules.indices where j > i && rules[i].variable == rules[j].variable {
                    let a = Dictionary(uniqueKeysWithValues: rules[i].conditions.map { ($0.variable, $0.value) })
                    let clash = rules[j].conditions.allSatisfy { atom in a[atom.variable].map { $0 == atom.value } ?? true }
                    #expect(!clash, "\(program.name): [\(rules[i])] and [\(rules[j])] can fire together")
                }
            }
        }
    }

    // MARK: generator errors

    @Test func generatorErrors() throws {
        let schema = try ALTASchema(inputRange: 2, variables: [.input("a", range: 2), .categorical("b", range: 2),
                                                             .categorical("n", range: 2, default: nil), .numerical("free")],
                                    heads: [.relative("h", value: "a", offset: 1)])
        func generate(_ names: [String]? = ["a", "b", "n", "h"], limit: Int = 1_000,
                      _ body: @escaping @Sendable (inout ALTAMLPContext) throws -> Void) throws {
            _ = try ALTARuleGenerator.generate(schema: schema, function: ALTAMLPFunction(body), enumerating: names, stateLimit: limit)
        }
        #expect(throws: ALTAError.noDomain(variable: "free")) { try generate(nil) { _ in } }
        #expect(throws: ALTAError.enumerationTooLarge(states: 36, limit: 10)) { try generate(limit: 10) { _ in } }
        #expect(throws: ALTAError.notEnumerated(variable: "b")) { try generate(["a"]) { z in _ = try z.int("b") } }
        #expect(throws: ALTAError.writtenVariableNotEnumerated(variable: "b")) { try generate(["a"]) { z in try z.set("b", 1) } }
        #expect(throws: ALTAError.generationObservedNull(variable: "h")) { try generate { z in _ = try z.isNull("h") } }
        #expect {
            try generate { z in try z.set("n", 1) }
        } throws: { error in
            guard case ALTAError.generationWritesFromNull(let variable, _) = error else { return false }
            return variable == "n"
        }
        struct Boom: Error {}
        #expect {
            try generate { _ in throw Boom() }
        } throws: { error in
            guard case ALTAError.generationFailed = error else { return false }
            return true
        }
        #expect(throws: ALTAError.unknownVariable("zz", context: "rule generation variable list")) { try generate(["zz"]) { _ in } }
        // The original's addition function is far too large to enumerate.
        #expect {
            try ALTAAddition.program(form: .generated(minimised: true))
        } throws: { error in
            guard case ALTAError.enumerationTooLarge = error else { return false }
            return true
        }
    }

    @Test func singleVariableProgramGenerates() throws {
        // ALTA.md §15 item 4: the original crashes on a single-variable program.
        let schema = try ALTASchema(inputRange: 3, variables: [.input("x", range: 3)])
        let program = try ALTAProgram(name: "inc", schema: schema,
                                      generatingRulesFrom: ALTAMLPFunction { z in try z.set("x", (try z.int("x") + 1) % 3) },
                                      output: "x")
        #expect(program.rules.count == 3)
        #expect(try ALTAInterpreter(program: program).run([0, 1, 2], layers: .exactly(2)).output == ints([2, 0, 1]))
    }

    @Test func generationStatisticsAreReported() throws {
        let generation = try ALTARuleGenerator.generate(
            schema: try ALTAParity.sequentialRelative(form: .function).schema, function: ALTAParity.sequentialFunction)
        #expect(generation.exhaustiveRules.count == 6)
        #expect(generation.minimisedRules?.count == 3)
        #expect(generation.enumeratedStates == 2 * 2 * 1 * 3 * 3)
        #expect(generation.undefinedStates > 0)
        #expect(generation.enumeratedVariables == ["parity", "done", "relative_qk", "parity_left", "done_left"])
        let stats = try #require(try ALTAParity.sequentialRelative(form: .generated(minimised: true)).ruleStatistics)
        #expect(stats.description == "generated: 10 rules (6 + 4 resets) -> minimised: 7 (3 + 4 resets)")
    }
}
