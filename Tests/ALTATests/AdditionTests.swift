import ALTA
import AltaPrograms
import AltaTensors
import AltaTestSupport
import Testing

/// Addition against digit-string arithmetic (no `Int`, so 30-digit operands work).
@Suite struct AdditionTests {
    /// Schoolbook sum of two decimal digit strings.
    static func add(_ a: String, _ b: String) -> String {
        let x = Array(a.reversed()).map { Int(String($0)) ?? 0 }
        let y = Array(b.reversed()).map { Int(String($0)) ?? 0 }
        var digits: [Int] = []
        var carry = 0
        for k in 0..<max(x.count, y.count) {
            let s = (k < x.count ? x[k] : 0) + (k < y.count ? y[k] : 0) + carry
            digits.append(s % 10)
            carry = s / 10
        }
        if carry > 0 { digits.append(carry) }
        let text = String(digits.reversed().map { Character(String($0)) }).drop { $0 == "0" }
        return text.isEmpty ? "0" : String(text)
    }

    static func randomNumber(_ rng: inout SplitMix64, digits: Int) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
    }

    @Test func referenceSelfCheck() {
        #expect(Self.add("789", "456") == "1245")
        #expect(Self.add("99999", "1") == "100000")
        #expect(Self.add("000", "0") == "0")
    }

    @Test(arguments: [ALTAMLPForm.rules, .function])
    func randomSumsUpToThirtyDigits(form: ALTAMLPForm) throws {
        let program = try ALTAAddition.program(form: form)
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 21)
        for _ in 0..<40 {
            let a = Self.randomNumber(&rng, digits: Int.random(in: 1...30, using: &rng))
            let b = Self.randomNumber(&rng, digits: Int.random(in: 1...30, using: &rng))
            let tokens = try ALTAAddition.encode("\(a)+\(b)")
            let run = try interpreter.run(tokens, layers: .untilHalt(maxLayers: 100), trace: false)
            #expect(try ALTAAddition.decode(run.output) == Self.add(a, b), "\(a)+\(b)")
            #expect(run.halted)
            #expect(run.layersRun == max(a.count, b.count) + 3, "ALTA-EXAMPLES §2.6: digits + 3 layers")
        }
    }

    @Test func knownSumsAndLayerCounts() throws {
        // ALTA.md §14: measured runs of the original.
        let entry = try ALTALibrary.entry(named: "addition")
        let program = try entry.program()
        for (input, sum, layers) in [("789+456", "1245", 6), ("5+7", "12", 4), ("99999+1", "100000", 8),
                                     ("958272097856+305605993353", "1263878091209", 15),
                                     ("20835916070+43131339797", "63967255867", 14)] {
            let (output, run) = try entry.run(input, program: program)
            #expect(output == sum)
            #expect(run.layersRun == layers)
        }
    }

    @Test func traceMatchesTheReferenceTable() throws {
        // ALTA-EXAMPLES §2.5: value_out after each layer for 789 + 456.
        let run = try ALTAInterpreter(program: try ALTAAddition.program())
            .run(ALTAAddition.tokens("789", "456"), layers: .untilHalt(maxLayers: 20))
        let expected = ["000000000", "000000050", "000000450", "000002450", "000002450", "000012450"]
            .map { ints($0.compactMap(\.wholeNumberValue)) }
        #expect(afterEachLayer(run, "value_out") == expected)
        #expect(afterEachLayer(run, "step").map { $0[0] } == ints([1, 1, 1, 1, 2, 3]))
        // With one layer fewer the final carry is missing (the original's compiled run: 245).
        let short = try ALTAInterpreter(program: try ALTAAddition.program())
            .run(ALTAAddition.tokens("789", "456"), layers: .exactly(5))
        #expect(try ALTAAddition.decode(short.output) == "245")
    }

    @Test func ruleCountMatchesTheOriginal() throws {
        // ALTA-EXAMPLES §2.4: INIT 37 + ITERATE 16,293 + FINALIZE 91 + 45 resets = 16,466.
        let program = try ALTAAddition.program(form: .rules)
        #expect(program.rules.count == 16_466)
        #expect(program.ruleSet?.resetRules.count == 45)
    }

    @Test func functionAndRuleFormsGiveIdenticalTraces() throws {
        let rules = ALTAInterpreter(program: try ALTAAddition.program(form: .rules))
        let function = ALTAInterpreter(program: try ALTAAddition.program(form: .function))
        let tokens = ALTAAddition.tokens("4071", "9968")
        let a = try #require(try rules.run(tokens, layers: .untilHalt(maxLayers: 20)).trace)
        let b = try #require(try function.run(tokens, layers: .untilHalt(maxLayers: 20)).trace)
        #expect(a.layers.map(\.afterMLP) == b.layers.map(\.afterMLP))
        #expect(a.layers.map(\.afterAttention) == b.layers.map(\.afterAttention))
    }

    @Test func encodingErrors() {
        let reasons = [
            "12": "expected 2 operands joined by '+', found 1",
            "1+2+3": "expected 2 operands joined by '+', found 3",
            "+4": "operand 1 is empty",
            "1a+2": "'a' at position 1 is not one of 0 1 2 3 4 5 6 7 8 9",
            "": "expected 2 operands joined by '+', found 1",
        ]
        for (bad, reason) in reasons.sorted(by: { $0.key < $1.key }) {
            expectError(ALTAExampleError.invalidInput(program: "addition", input: bad, reason: reason),
                        message: "addition: cannot encode input '\(bad)': \(reason)") {
                try ALTAAddition.encode(bad)
            }
        }
        expectError(ALTAExampleError.invalidOutput(program: "addition", reason: "position 1 holds no value"),
                    message: "addition: cannot decode output: position 1 holds no value") {
            try ALTAAddition.decode([.int(1), nil, .int(3)])
        }
    }
}
