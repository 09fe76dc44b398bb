import AltaPrograms
import AltaTensors
import RASP
import Testing

/// Every library entry draws test inputs that its own program accepts, at its own lengths
/// and vocabularies, and the special generators produce what they promise — checked by
/// counting and bracket-matching here, not by the generators' code.
@Suite struct LibraryInputTests {
    static let names = RASPLibrary.all.map(\.name)

    @Test(arguments: names)
    func everyEntryDrawsInputsItsEvaluatorAccepts(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        #expect(!entry.testLengths.isEmpty && entry.testLengths.allSatisfy { $0 > entry.maxSeqLen })
        var random = SplitMix64(seed: 5)
        for maxSeqLen in [entry.maxSeqLen] + entry.testLengths {
            let parameters = entry.parameters(forMaxSeqLen: maxSeqLen)
            #expect(parameters.maxSeqLen == maxSeqLen && parameters.causal == entry.causal)
            let program = try entry.build(parameters)
            let inputs = entry.testInputs(parameters, using: &random)
            #expect(inputs.count >= 5, "\(name) at \(maxSeqLen)")
            #expect(inputs.contains { $0.count == maxSeqLen }, "\(name): no input of the full length \(maxSeqLen)")
            for input in inputs {
                #expect((1...maxSeqLen).contains(input.count), "\(name) at \(maxSeqLen): length \(input.count)")
                #expect(input.allSatisfy { token in parameters.vocabulary.contains { $0.isIdentical(to: token) } },
                    "\(name): \(input) leaves the vocabulary \(parameters.vocabulary)")
                let errors = try RASPValidator().dynamicErrors(program, on: input, causal: parameters.causal)
                #expect(errors.isEmpty, "\(name) on \(input): \(errors)")
                let output = try Evaluator(causal: parameters.causal).evaluate(program, on: input)
                #expect(output.count == input.count)
            }
        }
    }

    @Test func theDefaultVocabularyHoldsAtTheDefaultLength() {
        for entry in RASPLibrary.all {
            #expect(entry.vocabulary(forMaxSeqLen: entry.maxSeqLen) == entry.vocabulary, "\(entry.name)")
        }
        let sortUnique = RASPLibrary.entry(named: "sort_unique")
        #expect(sortUnique?.vocabulary(forMaxSeqLen: 8) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test(arguments: [5, 8, 16])
    func sortUniqueDrawsDistinctKeys(maxSeqLen: Int) throws {
        let entry = try #require(RASPLibrary.entry(named: "sort_unique"))
        var random = SplitMix64(seed: UInt64(maxSeqLen))
        for input in entry.testInputs(entry.parameters(forMaxSeqLen: maxSeqLen), using: &random) {
            #expect(Set(input).count == input.count, "\(input)")
        }
    }

    @Test(arguments: ["shuffle_dyck1", "shuffle_dyck2", "pair_balance"])
    func dyckProgramsDrawBalancedWords(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let pairs: [(Value, Value)] = name == "shuffle_dyck2" ? [("(", ")"), ("{", "}")] : [("(", ")")]
        func balanced(_ x: [Value]) -> Bool {
            pairs.allSatisfy { open, close in
                var depth = 0
                for token in x {
                    if token == open { depth += 1 }
                    if token == close { depth -= 1 }
                    if depth < 0 { return false }
                }
                return depth == 0
            }
        }
        var random = SplitMix64(seed: 9)
        for maxSeqLen in [entry.maxSeqLen] + entry.testLengths {
            let inputs = entry.testInputs(entry.parameters(forMaxSeqLen: maxSeqLen), using: &random)
            let even = maxSeqLen - maxSeqLen % 2
            #expect(inputs.contains { $0.count == even && balanced($0) }, "\(name) at \(maxSeqLen): no balanced word of length \(even)")
        }
    }

    @Test(arguments: ["detect_pattern_abc", "detect_pattern_abc_causal"])
    func patternProgramsDrawThePattern(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        var random = SplitMix64(seed: 3)
        for maxSeqLen in [entry.maxSeqLen] + entry.testLengths {
            let inputs = entry.testInputs(entry.parameters(forMaxSeqLen: maxSeqLen), using: &random)
            let planted = inputs.contains { x in
                x.count >= 3 && (0...(x.count - 3)).contains { x[$0] == "a" && x[$0 + 1] == "b" && x[$0 + 2] == "c" }
            }
            #expect(planted, "\(name) at \(maxSeqLen)")
        }
    }
}
