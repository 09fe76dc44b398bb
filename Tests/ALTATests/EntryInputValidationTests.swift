import ALTA
import AltaPrograms
import Testing

/// What the library entries accept as input: SCAN commands of SCAN's grammar only, the
/// shortest input's token count, fixed-depth versus halting programs.
@Suite struct EntryInputValidationTests {
    @Test func scanRefusesCommandsOutsideTheGrammar() throws {
        let entry = try ALTALibrary.entry(named: "scan")
        let cases: [(String, String)] = [
            ("twice jump", "'twice' at position 0 cannot start a phrase (expected walk, look, run, jump or turn)"),
            ("turn", "'turn' at position 0 needs a direction"),
            ("walk left and", "empty phrase at position 3"),
            ("jump thrice after turn opposite", "expected 'left' or 'right' at position 4 after 'turn', found 'opposite'"),
            ("look and run after walk", "a second 'after' at position 3 (at most one 'and'/'after')"),
        ]
        for (command, reason) in cases {
            #expect(throws: ALTAExampleError.invalidInput(program: "scan", input: command, reason: "not a SCAN command: \(reason)")) {
                try entry.encode(command)
            }
        }
        #expect(throws: ALTAExampleError.invalidInput(program: "scan", input: "jump high", reason: "\(SCANError.unknownWord("high"))")) {
            try entry.encode("jump high")
        }
    }

    @Test func scanAcceptsItsExamplesAndEncodesThemAsBefore() throws {
        let entry = try ALTALibrary.entry(named: "scan")
        for command in entry.exampleInputs + ["jump", "turn around right thrice after look opposite left twice"] {
            #expect(try entry.encode(command) == SCANProgram.encode(command: command), "\(command)")
        }
    }

    @Test func shortestInputTokenCounts() throws {
        let scan = try ALTALibrary.entry(named: "scan")
        #expect(scan.minimumTokenCount == (try scan.encode("jump")).count)
        #expect(scan.minimumTokenCount == 70)
        #expect(try ALTALibrary.entry(named: "addition").minimumTokenCount == 1)
    }

    @Test func fixedDepthEntries() throws {
        #expect(try ALTALibrary.entry(named: "sort_unique").isFixedDepth(forTokenCount: 3))
        #expect(try ALTALibrary.entry(named: "parity_sum_mod_2").isFixedDepth(forTokenCount: 3))
        #expect(try !ALTALibrary.entry(named: "subleq").isFixedDepth(forTokenCount: 3))
        #expect(try !ALTALibrary.entry(named: "scan").isFixedDepth(forTokenCount: 70))
    }
}
