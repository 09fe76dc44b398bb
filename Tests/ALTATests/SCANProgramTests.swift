import ALTA
import AltaPrograms
import Testing

/// Structure of the SCAN ALTA program: variables, heads, rule counts per step.
@Suite struct SCANProgramTests {
    @Test func variablesAndHeads() throws {
        let program = try SCANProgram.make()
        #expect(program.variables.count == 48)
        #expect(program.heads.count == 13)
        #expect(program.variables.filter(\.isHeadOutput).count == 13)
        #expect(program.positionRange == 78)
        #expect(program.inputRange == 17)
        #expect(program.output == "output_symbol_id")
        #expect(Array(program.variables.prefix(3).map(\.name))
            == ["token", "position", "processing_step"])
        // Residual width: the sum of all (categorical) ranges, 2,014 upstream.
        let width = program.variables.reduce(0) { total, variable in
            guard case .categorical(let range) = variable.kind else { return total }
            return total + range
        }
        #expect(width == 2_014)
        let padded = try SCANProgram.make(maxPadding: 8)
        #expect(padded.positionRange == 86)
        #expect(throws: SCANError.invalidMaxPadding(-2)) { try SCANProgram.make(maxPadding: -2) }
    }

    /// Rule counts per step (78 positions). Where they differ from the upstream counts
    /// (ALTA-EXAMPLES §5.6) the difference is exactly the rules the original emits with
    /// out-of-range values or for a stored rule id 0 (see `SCANProgram`).
    @Test func ruleCountsPerStep() throws {
        let schema = try SCANProgram.makeSchema()
        let steps = try SCANProgram.stepRules(schema: schema)
        let counts = Dictionary(uniqueKeysWithValues: steps.map { ($0.step, $0.rules.count) })
        // Same as upstream.
        #expect(counts[.parse1] == 98)
        #expect(counts[.parse2] == 463)
        #expect(counts[.parse3] == 769)
        #expect(counts[.decode2] == 11)
        // Upstream 469 = 6 pointers × 78 start positions + 1; we skip start + offset ≥ 78.
        #expect(counts[.initParse] == (78 - 4) + (78 - 3) + (78 - 2) + (78 - 1) + (78 - 12) + (78 - 68) + 1)
        // Upstream 188 includes 4 rules for rule id 0 (read as the last rule, `S right`).
        #expect(counts[.decode1] == 188 - 4)
        // Upstream 6,164: output pointer 78, tree pointer 78, current node 78·78 − 77, + 1;
        // we skip start + 20 ≥ 78 and tree pointer 0 (→ −1).
        #expect(counts[.initDecode] == (78 - 20) + 77 + 77 * 77 + 1)
        // Upstream 22,412 includes output pointer 77 → 78 and symbol index 8 → 9 (3 × 78).
        #expect(counts[.decode3] == 22_412 - 1 - 3 * 78)
        // PARSE_4: reduce = pops (20 + 77) + new S (20 + 78·77) + 4 stack pointers × (77 + 76)
        // + tree node (20 + 77 + 77) + parent links (3 × 77) + tree pointer 77 + step 1;
        // finish 1; shift per word (13) = input 77 + symbol 78·20 + 4 pointers × 77 + step 1;
        // clearing 12 registers = 1 + 19 + 3 + 1 + 1 + 1 + 1 + 1 + 3 + 3 + 77 + 77.
        let reduce = 97 + (20 + 78 * 77) + 4 * (77 + 76) + (20 + 77 + 77) + 3 * 77 + 77 + 1
        let shift = 13 * (77 + 78 * 20 + 4 * 77 + 1)
        #expect(counts[.parse4] == reduce + 1 + shift + 188)
        #expect(counts[.parse4] == 32_705)
        #expect(steps.allSatisfy { step in
            step.rules.allSatisfy { rule in
                rule.conditions.contains(ALTAAtom("processing_step", .int(step.step.rawValue)))
            }
        })
        let program = try SCANProgram.make()
        let statistics = try #require(program.ruleStatistics)
        #expect(statistics.resetRules == 656)
        #expect(statistics.total == 63_507)
        #expect(program.rules.count == 63_507)
    }
}
