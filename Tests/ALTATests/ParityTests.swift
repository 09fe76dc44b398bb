import ALTA
import AltaPrograms
import AltaTensors
import Testing

/// Parity programs against counting, layer counts and rule counts of the original.
@Suite struct ParityTests {
    static func randomBits(_ rng: inout SplitMix64, length: Int) -> [Int] {
        (0..<length).map { _ in Int.random(in: 0...1, using: &rng) }
    }

    /// Prefix parities, the reference for the sequential programs.
    static func prefixParities(_ bits: [Int]) -> [Int] {
        var parity = 0
        return bits.map { parity ^= $0; return parity }
    }

    @Test(arguments: [ALTAMLPForm.rules, .generated(minimised: true), .generated(minimised: false), .function])
    func sequentialAbsoluteMatchesCounting(form: ALTAMLPForm) throws {
        let program = try ALTAParity.sequentialAbsolute(form: form, maxInputLength: 20)
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<60 {
            let bits = Self.randomBits(&rng, length: Int.random(in: 1...20, using: &rng))
            let run = try interpreter.run(bits, layers: .untilHalt(maxLayers: 40), trace: false)
            #expect(run.output == ints(Self.prefixParities(bits)), "bits \(bits)")
            #expect(run.halted)
            #expect(run.layersRun == max(1, bits.count - 1), "ALTA-EXAMPLES §1.1: N − 1 layers for N bits")
        }
    }

    @Test(arguments: [ALTAMLPForm.rules, .generated(minimised: true), .generated(minimised: false), .function])
    func sequentialRelativeMatchesCounting(form: ALTAMLPForm) throws {
        let program = try ALTAParity.sequentialRelative(form: form)
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 12)
        for _ in 0..<60 {
            let bits = Self.randomBits(&rng, length: Int.random(in: 1...40, using: &rng))
            let run = try interpreter.run([ALTAParity.start] + bits, layers: .untilHalt(maxLayers: 100), trace: false)
            #expect(run.output == ints([0] + Self.prefixParities(bits)), "bits \(bits)")
            #expect(run.layersRun == bits.count, "ALTA-EXAMPLES §1.2: N layers for N bits")
        }
    }

    @Test(arguments: [ALTAMLPForm.rules, .generated(minimised: true), .function])
    func sumMod2MatchesCounting(form: ALTAMLPForm) throws {
        let program = try ALTAParity.sumMod2(form: form)
        let maxOnes = form == .rules ? 99 : 49
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 13)
        for _ in 0..<40 {
            var bits = Self.randomBits(&rng, length: Int.random(in: 1...120, using: &rng))
            while bits.filter({ $0 == 1 }).count > maxOnes { bits.removeLast() }
            let ones = bits.filter { $0 == 1 }.count
            let run = try interpreter.run(bits + [ALTAParity.eos], layers: .exactly(1), trace: false)
            #expect(run.output == ints([Int](repeating: ones % 2, count: bits.count + 1)), "\(ones) ones")
        }
    }

    @Test(arguments: [ALTAMLPForm.generated(minimised: true), .function, .rules])
    func sumMod2IntermediateNeedsTwoLayers(form: ALTAMLPForm) throws {
        let program = try ALTAParity.sumMod2Intermediate(form: form)
        let interpreter = ALTAInterpreter(program: program)
        var rng = SplitMix64(seed: 14)
        for _ in 0..<30 {
            var bits = Self.randomBits(&rng, length: Int.random(in: 1...60, using: &rng))
            while bits.filter({ $0 == 1 }).count > 49 { bits.removeLast() }
            let ones = bits.filter { $0 == 1 }.count
            let tokens = bits + [ALTAParity.eos]
            let two = try interpreter.run(tokens, layers: .exactly(2), trace: false)
            #expect(two.output.allSatisfy { $0 == .int(ones % 2) }, "\(ones) ones")
            #expect(two.finalState.column("num_ones")?.allSatisfy { $0 == .int(ones) } == true)
            // After one layer only the count is known (parity still the default 0).
            let one = try interpreter.run(tokens, layers: .exactly(1), trace: false)
            #expect(one.output.allSatisfy { $0 == .int(0) })
        }
    }

    @Test func traceOfSequentialAbsoluteMatchesTheReference() throws {
        // ALTA-EXAMPLES §1.1: input 1 0 1 1 0, parity / done after each layer.
        let program = try ALTAParity.sequentialAbsolute(form: .rules)
        let run = try ALTAInterpreter(program: program).run([1, 0, 1, 1, 0], layers: .untilHalt(maxLayers: 10))
        #expect(afterEachLayer(run, "parity") == [[1, 1, 1, 1, 0], [1, 1, 0, 1, 0], [1, 1, 0, 1, 0], [1, 1, 0, 1, 1]].map(ints))
        #expect(afterEachLayer(run, "done") == [[1, 1, 0, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 1, 0], [1, 1, 1, 1, 1]].map(ints))
    }

    @Test func traceOfSequentialRelativeMatchesTheReference() throws {
        // ALTA-EXAMPLES §1.2: input 2 1 0 1 1 0.
        let program = try ALTAParity.sequentialRelative(form: .generated(minimised: true))
        let run = try ALTAInterpreter(program: program).run([2, 1, 0, 1, 1, 0], layers: .untilHalt(maxLayers: 10))
        #expect(afterEachLayer(run, "parity") == [
            [0, 1, 0, 1, 1, 0], [0, 1, 1, 1, 1, 0], [0, 1, 1, 0, 1, 0], [0, 1, 1, 0, 1, 0], [0, 1, 1, 0, 1, 1],
        ].map(ints))
    }

    @Test func ruleCountsBeforeAndAfterMinimisation() throws {
        // ALTA.md §6.2 / §12.6: the original generates 15,004 rules for absolute parity (50
        // positions) and 10 for relative parity, 450 for sum mod 2 (50); hand-written: 7, 7, 200.
        let absolute = try #require(try CachedPrograms.absoluteParity.get().ruleStatistics)
        #expect(absolute.totalBeforeMinimisation == 15_004)
        #expect(absolute.total == 7)
        let relative = try #require(try ALTAParity.sequentialRelative(form: .generated(minimised: true)).ruleStatistics)
        #expect(relative.totalBeforeMinimisation == 10)
        #expect(relative.total == 7)
        let sum = try #require(try ALTAParity.sumMod2(form: .generated(minimised: true)).ruleStatistics)
        #expect(sum.totalBeforeMinimisation == 450)
        #expect(sum.total == 100)
        #expect(try ALTAParity.sequentialAbsolute(form: .rules).rules.count == 7)
        #expect(try ALTAParity.sequentialRelative(form: .rules).rules.count == 7)
        #expect(try ALTAParity.sumMod2(form: .rules).rules.count == 200)
        // Unminimised generation keeps the exhaustive rules.
        let exhaustive = try ALTAParity.sequentialRelative(form: .generated(minimised: false))
        #expect(exhaustive.rules.count == 10)
        #expect(exhaustive.ruleStatistics?.rulesAfterMinimisation == nil)
    }

    @Test func minimisedAbsoluteRulesAreTheHandWrittenOnes() throws {
        let generated = try CachedPrograms.absoluteParity.get()
        let written = try ALTAParity.sequentialAbsolute(form: .rules)
        #expect(Set(generated.rules.map(\.description)) == Set(written.rules.map(\.description)))
    }
}
