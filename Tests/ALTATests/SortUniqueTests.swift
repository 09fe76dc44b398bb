import ALTA
import AltaPrograms
import AltaTensors
import AltaTestSupport
import Testing

/// sort_unique against sorting.
@Suite struct SortUniqueTests {
    @Test(arguments: [ALTAMLPForm.generated(minimised: true), .function, .rules])
    func randomSetsAreSorted(form: ALTAMLPForm) throws {
        let program = form == .generated(minimised: true) ? try CachedPrograms.sortUnique.get() : try ALTASortUnique.program(form: form)
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 41)
        for _ in 0..<50 {
            let count = Int.random(in: 1...15, using: &rng)
            let numbers = Array((1...15).shuffled(using: &rng).prefix(count))
            let tokens = try ALTASortUnique.encode(numbers.map(String.init).joined(separator: " "))
            let run = try interpreter.run(tokens, layers: .exactly(2), trace: false)
            #expect(run.output == ints([0] + numbers.sorted()), "\(numbers)")
        }
    }

    @Test func traceMatchesTheReference() throws {
        // ALTA-EXAMPLES §4: [0, 3, 5, 4, 2] → target_pos [0, 2, 4, 3, 1] after layer 1.
        let run = try ALTAInterpreter(program: try CachedPrograms.sortUnique.get()).run([0, 3, 5, 4, 2], layers: .exactly(2))
        #expect(afterEachLayer(run, "target_pos")[0] == ints([0, 2, 4, 3, 1]))
        #expect(run.output == ints([0, 2, 3, 4, 5]))
        #expect(try ALTASortUnique.decode(run.output) == "2 3 4 5")
    }

    @Test func generatedRulesAreSmallerThanExhaustive() throws {
        let stats = try #require(try CachedPrograms.sortUnique.get().ruleStatistics)
        #expect(stats.rulesBeforeMinimisation == 188_416)
        #expect(stats.userRules == 481)
    }

    @Test func encodingErrors() {
        let reasons = [
            "3 3": "'3' appears twice (pieces must be distinct)",
            "0 1": "'0' at position 0 is not one of 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
            "16": "'16' at position 0 is not one of 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
            "": "the input is empty",
            "x": "'x' at position 0 is not one of 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
        ]
        for (bad, reason) in reasons.sorted(by: { $0.key < $1.key }) {
            expectError(ALTAExampleError.invalidInput(program: "sort_unique", input: bad, reason: reason),
                        message: "sort_unique: cannot encode input '\(bad)': \(reason)") {
                try ALTASortUnique.encode(bad)
            }
        }
    }
}
