import ALTA
import ALTACompiler
import AltaPrograms
import AltaTransformer
import Foundation
import Testing

@Test func scratchSCANCompile() throws {
    guard ProcessInfo.processInfo.environment["SCRATCH"] != nil else { return }
    let program = try SCANProgram.make()
    let compiled = try program.compile()
    let tokens = try SCANProgram.encode(command: "jump twice")
    let runner = try ALTASparseRunner(compiled).calibrated(on: [tokens])
    let fast = try runner.run(tokenIDs: [tokens], trace: true)
    let out = try compiled.outputs(of: fast.finalResiduals[0])
    print(try SCANProgram.decode(outputs: out))
    if ProcessInfo.processInfo.environment["SLOW"] != nil {
        let slow = try compiled.model.forward(tokenIDs: [tokens], trace: true)
        #expect(slow.finalResiduals == fast.finalResiduals)
        for (a, b) in zip(fast.traces![0], slow.traces![0].layers) {
            #expect(a.afterAttention == b.afterAttention)
            #expect(a.afterMLP == b.afterMLP)
        }
    }
}
