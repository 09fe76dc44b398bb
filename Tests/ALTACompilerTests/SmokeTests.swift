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

@Test func runnerMatchesForwardOnParity() throws {
    let compiled = try TestPrograms.parityRelative().compile(maxLength: 12)
    let runner = try ALTASparseRunner(compiled)
    var rng = SplitMix64(seed: 2)
    var batch: [[Int]] = []
    for _ in 0..<10 {
        let n = Int.random(in: 1...11, using: &rng)
        batch.append([2] + (0..<n).map { _ in Int.random(in: 0...1, using: &rng) })
    }
    let fast = try runner.run(tokenIDs: batch, trace: true, threads: 2)
    let slow = try compiled.model.forward(tokenIDs: batch, trace: true)
    #expect(fast.layersRun == slow.layersRun)
    #expect(fast.finalResiduals == slow.finalResiduals)
    for s in 0..<batch.count {
        for (a, b) in zip(fast.traces![s], slow.traces![s].layers) {
            #expect(a.afterAttention == b.afterAttention)
            #expect(a.afterMLP == b.afterMLP)
        }
    }
}
