import ALTA
import AltaPrograms
import Testing

/// The automatic attention-output reset rules (ALTA.md §7) and the head-match record.
@Suite struct ResetRuleTests {
    @Test func categoricalHeadsGetOneResetPerValue() throws {
        let program = try ALTAParity.sequentialRelative(form: .rules)
        let resets = try #require(program.ruleSet?.resetRules)
        #expect(resets.map(\.description) == [
            "parity_left=0 => parity_left: 0 -> -", "parity_left=1 => parity_left: 1 -> -",
            "done_left=0 => done_left: 0 -> -", "done_left=1 => done_left: 1 -> -",
        ])
        // Resets come after the program's rules; relative_qk gets none.
        #expect(Array(program.rules.suffix(4)) == resets)
        #expect(program.rules.count == (program.ruleSet?.userRules.count ?? 0) + 4)
        #expect(!program.rules.contains { $0.variable == "relative_qk" })
    }

    @Test func numericalHeadsGetOneResetPerBucket() throws {
        let program = try ALTAParity.sumMod2(form: .rules, maxInputLength: 5)
        let resets = try #require(program.ruleSet?.resetRules)
        #expect(resets.count == 5)
        #expect(resets.map(\.old) == [0.2, 0.25, 1.0 / 3.0, 0.5, 1.0].map { ALTAValue.number($0) })
        #expect(resets.allSatisfy { $0.new == nil && $0.conditions == [ALTAAtom($0.variable, $0.old)] })
        // Addition: 4 relative heads (13 + 2 + 2 + 2 values) and 2 token heads (13 each).
        #expect(try ALTAAddition.program().ruleSet?.resetRules.count == 45)
        // Generated and minimised programs keep the same resets.
        #expect(try ALTAParity.sumMod2(form: .generated(minimised: true), maxInputLength: 5).ruleSet?.resetRules.count == 5)
    }

    @Test func resetRulesFireOnEveryDefinedHeadOutput() throws {
        let program = try ALTAAddition.program()
        let run = try ALTAInterpreter(program: program).run(ALTAAddition.tokens("12", "34"), layers: .exactly(2))
        let trace = try #require(run.trace)
        let resetStart = program.ruleSet?.userRules.count ?? 0
        for layer in trace.layers {
            for position in 0..<layer.afterAttention.length {
                let definedHeads = program.heads.filter { layer.afterAttention.value($0.output, at: position) != nil }.count
                let resetsFired = layer.firedRules[position].filter { $0 >= resetStart }.count
                #expect(resetsFired == definedHeads)
                #expect(program.heads.allSatisfy { layer.afterMLP.value($0.output, at: position) == nil })
            }
        }
    }

    @Test func headMatchCountsAreRecorded() throws {
        let program = try ALTAAddition.program()
        let tokens = ALTAAddition.tokens("12", "34")  // s 1 2 + 3 4 e
        let trace = try #require(try ALTAInterpreter(program: program).run(tokens, layers: .exactly(2)).trace)
        let tokenRight = try #require(program.heads.first { $0.output == "token_right" })
        let ptrA = try #require(program.heads.first { $0.output == "ptr_a_token" })
        // v_relative(+1): one match everywhere but the last position.
        #expect(trace.layers[0].headMatches[tokenRight.index] == [1, 1, 1, 1, 1, 1, 0])
        // No pointer is set before the first layer; one after it.
        #expect(trace.layers[0].headMatches[ptrA.index] == [0, 0, 0, 0, 0, 0, 0])
        #expect(trace.layers[1].headMatches[ptrA.index] == [1, 1, 1, 1, 1, 1, 1])
    }
}
