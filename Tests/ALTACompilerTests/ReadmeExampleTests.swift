import ALTA
import ALTACompiler
import Testing

/// The README's ALTA example, verbatim, so the documentation cannot drift from the API.
@Suite struct ReadmeExampleTests {
    @Test func parityExampleWorksAsDocumented() throws {
        // Parity with relative positions: a "done" wave moves right one position per layer.
        let program = try ALTAProgram(
            name: "parity", inputRange: 3,
            variables: [
                .categorical("parity", range: 2, fromToken: { $0 == 2 ? 0 : $0 }),   // token 2 = START
                .categorical("done", range: 2, fromToken: { $0 == 2 ? 1 : 0 }),
            ],
            heads: [
                .relative("parity_left", value: "parity", offset: -1),
                .relative("done_left", value: "done", offset: -1),
            ],
            output: "parity", halt: ALTAHalt("done", equals: 1),
            rules: { x in
                try x.forEach("done") { done in
                    guard done == 0 else { return }
                    try x.forEach("done_left") { left in
                        guard left == 1 else { return }
                        try x.set("done", 1)
                        try x.forEach("parity_left", "parity") { a, b in try x.set("parity", a ^ b) }
                    }
                }
            })
        let run = try ALTAInterpreter(program: program).run([2, 1, 0, 1], layers: .untilHalt(maxLayers: 10))
        #expect(try run.trace!.table().hasPrefix("Element,Variable,Input,L0a,L0b"))
        let compiled = try ALTATransformerCompiler.compile(program, maxLength: 32)
        let result = try compiled.model.forward(tokenIDs: [[2, 1, 0, 1]])
        #expect(result.layersRun == [3])
        #expect(result.layersRun[0] == run.layersRun)
        #expect(try compiled.outputs(of: result.finalResidual(of: 0)).last == .int(0))
        #expect(run.output.last == .int(0))
    }
}
