import AltaPrograms
import AltaTensors
import Foundation
import RASP
import RASPCompiler
import Testing

/// Random programs from the RASP generator (seeded): the compiled model agrees with the
/// evaluator on 20 inputs each. 240 programs by default (a third with composite selectors,
/// means of any values, numerical Maps over means and Sums, a third causal; every other group of
/// three compiled without MLP fusion); set `ALTA_PROPERTY_PROGRAMS` for more.
@Suite struct RandomProgramPropertyTests {
    static let programCount = ProcessInfo.processInfo.environment["ALTA_PROPERTY_PROGRAMS"].flatMap(Int.init) ?? 240
    static let batches = 8

    static func options(_ index: Int) -> RandomRASPProgram.Options {
        switch index % 3 {
        case 0:
            return RandomRASPProgram.Options()
        case 1:
            return RandomRASPProgram.Options(
                allowCompositeSelectors: true, allowNumericalMeansOfAnyValues: true, allowNumericalMapsOverMeans: true,
                allowSums: true)
        default:
            return RandomRASPProgram.Options(causal: true)
        }
    }

    @Test(arguments: 0..<batches)
    func compiledAgreesWithEvaluator(batch: Int) throws {
        for index in stride(from: batch, to: Self.programCount, by: Self.batches) {
            let random = RandomRASPProgram.generate(seed: UInt64(1000 + index), options: Self.options(index))
            let compiled: CompiledRASPProgram
            do {
                compiled = try RASPModelCompiler.compile(
                    random.program, vocabulary: random.vocabulary, maxSeqLen: random.maxSeqLen, causal: random.causal,
                    options: RASPCompilerOptions(fuseMLPs: (index / 3) % 2 == 0))
            } catch {
                Issue.record("seed \(random.seed): \(error)\n\(random.listing)")
                continue
            }
            var rng = SplitMix64(seed: random.seed)
            let inputs = (0..<20).map { _ in random.checkedInputs[rng.int(in: 0...(random.checkedInputs.count - 1))] }
            let (outputs, _) = try compiled.run(inputs)
            let evaluator = Evaluator(causal: random.causal)
            for (input, output) in zip(inputs, outputs) {
                let expected = try evaluator.evaluate(random.program, on: input)
                #expect(Match.agrees(expected, output, numerical: random.program.encoding == .numerical),
                    "seed \(random.seed) on \(input): expected \(expected), got \(output)\n\(random.listing)")
            }
        }
    }
}
