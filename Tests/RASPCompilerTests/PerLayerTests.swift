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
        let reference = try #require(try Reference.load().programs[name])
        let program = entry.build()
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD, options: options)
        let inputs = reference.examples.map(\.input)
        let (_, result) = try compiled.run(inputs, trace: true)
        let traces = try #require(result.traces)
        var checked = 0
        for (input, trace) in zip(inputs, traces) {
            let evaluation = try Evaluator(causal: entry.causal).trace(program, on: input)
            for sop in compiled.sops where sop.sublayer >= 0 {
                let expression = try #require(compiled.graph.node(labelled: sop.label)?.sop)
                let expected = try #require(evaluation.values(of: expression))
                let layer = trace.layers[sop.sublayer / 2]
                let residual = sop.sublayer % 2 == 0 ? layer.afterAttention : layer.afterMLP
                let decoded = (0..<input.count).map { sop.decode(residual, position: $0 + 1) }
                #expect(Match.agrees(expected, decoded, numerical: sop.encoding == .numerical, tolerance: 1e-4),
                    "\(name): \(sop.label) after sublayer \(sop.sublayer) on \(input): expected \(expected), decoded \(decoded)")
                checked += 1
            }
        }
        #expect(checked > 0 || compiled.sops.allSatisfy { $0.sublayer < 0 })
    }
}
