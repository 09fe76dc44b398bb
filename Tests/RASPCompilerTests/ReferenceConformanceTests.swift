import AltaPrograms
import RASP
import RASPCompiler
import Testing

/// Every library program on every reference example (plain and right-padded): the compiled
/// model's output equals the RASP evaluator's.
@Suite struct ReferenceConformanceTests {
    static let names = RASPLibrary.all.map(\.name)

    @Test(arguments: names)
    func examplesMatchEvaluator(name: String) throws {
        let entry = try #require(RASPLibrary.entry(named: name))
        let reference = try #require(try TracrReference.library().program(named: name))
        let compiled = try RASPModelCompiler.compile(
            entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let numerical = !reference.categoricalOutput
        let (outputs, _) = try compiled.run(reference.examples.map(\.input))
        for (example, output) in zip(reference.examples, outputs) {
            #expect(Match.agrees(example.raspOutput, output, numerical: numerical),
                "\(name) on \(example.input): expected \(example.raspOutput), got \(output)")
        }
        let pad = Value.string(entry.compilerPAD)
        let padded = reference.paddedExamples.map { $0.input + Array(repeating: pad, count: $0.padding) }
        let (paddedOutputs, _) = try compiled.run(padded)
        for (example, output) in zip(reference.paddedExamples, paddedOutputs) {
            let real = Array(output.prefix(example.input.count))
            #expect(Match.agrees(example.raspOutput, real, numerical: numerical),
                "\(name) padded by \(example.padding) on \(example.input): expected \(example.raspOutput), got \(real)")
        }
    }
}
