import AltaPrograms
import AltaTensors
import AltaTestSupport
import RASP
import RASPCompiler
import Testing

/// Every library program compiled for max_seq_len 64 agrees with the evaluator on seeded
/// random inputs up to length 64: categorical outputs exactly, numerical ones to 1e-4. The
/// four largest at this length (80 s together through a debug build's plain loops) run in
/// optimised builds (`TestBuild`).
@Suite struct ExactnessTests {
    static let maxSeqLen = 64
    static let names = TestBuild.cases(
        RASPLibrary.all.map(\.name), slowInDebug: ["shuffle_dyck2", "sort_freq", "shuffle_dyck1", "pair_balance"])

    @Test(arguments: names)
    func exactAtMaxSeqLen64(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let program = try entry.build(entry.parameters(maxSeqLen: Self.maxSeqLen))
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: Self.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        #expect(compiled.model.metadata["exact_max_seq_len"] == "64")
        var rng = SplitMix64(seed: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        var inputs: [[Value]] = [64, 64, 64, 63, 50, 33, 17, 8, 2, 1].map { n in
            (0..<n).map { _ in entry.vocabulary.randomElement(using: &rng)! }
        }
        // A long input with structure: the vocabulary's first two tokens nested.
        if entry.vocabulary.count >= 2 {
            inputs.append(Array(repeating: entry.vocabulary[0], count: 32) + Array(repeating: entry.vocabulary[1], count: 32))
        }
        let validator = RASPValidator(options: .extended)
        var valid: [[Value]] = []
        var expected: [[Value?]] = []
        for input in inputs {
            guard (try? validator.dynamicErrors(program, on: input, causal: entry.causal))?.isEmpty == true,
                let output = try? Evaluator(causal: entry.causal).evaluate(program, on: input)
            else { continue }
            valid.append(input)
            expected.append(output)
        }
        #expect(valid.count >= 5, "\(name): too few valid inputs")
        let numerical = program.encoding == .numerical
        let (outputs, _) = try compiled.run(valid)
        for (input, (e, o)) in zip(valid, zip(expected, outputs)) {
            #expect(Match.agrees(e, o, numerical: numerical),
                "\(name) at N=64 on a length-\(input.count) input: expected \(e), got \(o)")
        }
    }
}
