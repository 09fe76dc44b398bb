import AltaPrograms
import AltaTensors
import RASP
import RASPCompiler
import Testing

/// After the sublayer that computes each s-op, decoding its residual directions gives the
/// evaluator's value at every position (on the reference inputs), with and without fusion.
@Suite struct PerLayerTests {
    static let names = RASPLibrary.all.map(\.name)

    @Test(arguments: names, [RASPCompilerOptions(), .tracrLayout])
    func everySOpMatchesEvaluatorAfterItsSublayer(name: String, options: RASPCompilerOptions) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let reference = try #require(try TracrReference.library().program(named: name))
        let program = try entry.build()
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD, options: options)
        let report = try RASPConformance.check(compiled, inputs: reference.examples.map(\.input))
        #expect(report.isConformant, "\(name): \(report.mismatchCount) mismatches, first: \(report.mismatches.prefix(5))")
        // Every s-op at every position of every input, after its own sublayer.
        let positions = reference.examples.map(\.input.count).reduce(0, +)
        #expect(report.values.count == compiled.sops.count * positions)
        #expect(report.comparisons >= report.values.count)
    }
}
