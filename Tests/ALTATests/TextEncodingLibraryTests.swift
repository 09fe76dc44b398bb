import ALTA
import AltaPrograms
import AltaTransformer
import Testing

/// The library entries declare their text encoding as data; the encodings give the tokens
/// and results the programs expect (SCAN checked here, at library level, against its own
/// layout code).
@Suite struct TextEncodingLibraryTests {
    /// Every token an encoding can produce is one of the entry's input tokens.
    @Test func encodingsOnlyProduceKnownTokens() throws {
        for entry in ALTALibrary.all {
            let input = entry.encoding.input
            var produced = input.prefix + input.suffix + (input.pieces ?? [])
            if let groups = input.groups { produced += [groups.separator, groups.pad] }
            if let padding = input.padding { produced.append(padding.piece) }
            for token in produced {
                #expect(entry.inputTokens.contains(token), "\(entry.name): \(token)")
            }
            #expect(Set(entry.inputTokens).count == entry.inputTokens.count, "\(entry.name)")
            for example in entry.exampleInputs {
                #expect(throws: Never.self, "\(entry.name) \(example)") { try entry.encode(example) }
            }
        }
    }

    @Test func cheapProgramsHaveOneTokenNamePerInputId() throws {
        for name in ["sparse_parity_sequential_absolute", "sparse_parity_sequential_relative", "sparse_parity_sum_mod_2",
                     "parity_sum_mod_2_direct", "addition", "subleq"] {
            let entry = try ALTALibrary.entry(named: name)
            #expect(entry.inputTokens.count == (try entry.program().schema.inputRange), "\(name)")
        }
        #expect(try ALTALibrary.entry(named: "scan").inputTokens.count == SCANInputToken.count)
        #expect(try ALTALibrary.entry(named: "sort_unique").inputTokens.count == ALTASortUnique.range)
    }

    @Test func tokensAreTheProgramsIds() throws {
        #expect(try ALTALibrary.entry(named: "addition").encode("12+4") == [10, 1, 2, 11, 0, 4, 12])
        #expect(try ALTALibrary.entry(named: "addition").tokens("12+4") == ["START", "1", "2", "+", "0", "4", "END"])
        #expect(try ALTALibrary.entry(named: "sort_unique").encode("3 5,4 2") == [0, 3, 5, 4, 2])
        #expect(try ALTALibrary.entry(named: "subleq").encode("3 -2") == [19, 14] + Array(repeating: 16, count: 14))
        #expect(try ALTALibrary.entry(named: "parity_sum_mod_2").encode("101") == [1, 0, 1, 2])
    }

    @Test func scanEncodingMatchesItsLayout() throws {
        let entry = try ALTALibrary.entry(named: "scan")
        for command in ["jump twice", "look right and turn opposite right twice", "walk around left after run thrice"] {
            #expect(try entry.encode(command) == SCANProgram.encode(command: command), "\(command)")
        }
        #expect(try entry.tokens("walk").suffix(2) == ["walk", "eos"])
        let outputs: [ALTAValue?] = [nil, .int(0), .int(19), .int(14), .int(0), .int(17)]
        #expect(try entry.decode(outputs) == (try SCANProgram.decode(outputs: outputs)).actionText)
        #expect(try entry.decode(outputs) == "RTURN WALK JUMP")
        // The encoding alone names the unknown word and counts the words…
        let words = "and after opposite turn around left right twice thrice walk look run jump"
        #expect(throws: TextEncodingError.unknownPiece("hop", position: 3, allowed: words.split(separator: " ").map(String.init))) {
            try entry.encoding.input.tokens(for: "jump twice after hop")
        }
        #expect(throws: TextEncodingError.tooManyPieces(count: 10, maximum: 9)) {
            try entry.encoding.input.tokens(for: String(repeating: "walk ", count: 10))
        }
        // …and the entry checks SCAN's grammar first, with SCAN's own messages.
        #expect(throws: ALTAExampleError.invalidInput(
            program: "scan", input: "jump twice after hop", reason: "\(SCANError.unknownWord("hop"))")) {
            try entry.encode("jump twice after hop")
        }
        #expect(throws: ALTAExampleError.invalidInput(program: "scan", input: String(repeating: "walk ", count: 10),
                                                      reason: "\(SCANError.commandTooLong(words: 10, maximum: 9))")) {
            try entry.encode(String(repeating: "walk ", count: 10))
        }
        #expect(throws: ALTAExampleError.invalidOutput(program: "scan", reason: "position 1 holds 20, not one of 14 15 16 17 18 19")) {
            try entry.decode([.int(0), .int(20)])
        }
    }

    @Test func entryErrorsNameProgramInputAndReason() throws {
        let sort = try ALTALibrary.entry(named: "sort_unique")
        #expect(throws: ALTAExampleError.invalidInput(program: "sort_unique", input: "3 3", reason: "'3' appears twice (pieces must be distinct)")) {
            try sort.encode("3 3")
        }
        let parity = try ALTALibrary.entry(named: "sparse_parity_sum_mod_2")
        let ones = String(repeating: "1", count: 100)
        #expect(throws: ALTAExampleError.invalidInput(program: "sparse_parity_sum_mod_2", input: ones, reason: "'1' appears 100 times, at most 99 are supported")) {
            try parity.encode(ones)
        }
        #expect(ALTAExampleError.invalidInput(program: "sort_unique", input: "3 3", reason: "x").description
                == "sort_unique: cannot encode input '3 3': x")
        let addition = try ALTALibrary.entry(named: "addition")
        #expect(throws: ALTAExampleError.invalidOutput(program: "addition", reason: "position 1 holds no value")) {
            try addition.decode([.int(1), nil, .int(3)])
        }
    }
}
