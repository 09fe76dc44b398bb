import ALTA
import ALTACompiler
import AltaTransformer
import Testing

@Test func parityRelativeCompilesAndRuns() throws {
    let program = try TestPrograms.parityRelative()
    let compiled = try program.compile(maxLength: 12)
    print(compiled.statistics)
    print(compiled.model.residualLabels)
    var rng = SplitMix64(seed: 1)
    for _ in 0..<20 {
        let n = Int.random(in: 1...11, using: &rng)
        let bits = (0..<n).map { _ in Int.random(in: 0...1, using: &rng) }
        let result = try compiled.model.forward(tokenIDs: [[2] + bits])
        let out = try compiled.outputs(of: result.finalResiduals[0])
        #expect(out.last == .int(bits.reduce(0, ^)))
        #expect(result.layersRun[0] == n)
        #expect(result.halted[0])
    }
}
