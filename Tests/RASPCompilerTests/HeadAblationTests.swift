import AltaPrograms
import AltaTensors
import AltaTransformer
import RASP
import RASPCompiler
import Testing

/// Replace hooks on a compiled RASP program: ablating a head changes exactly the s-ops
/// computed from it (read through `RASPConformance`, which runs extra hooks along with its
/// reads).
@Suite struct HeadAblationTests {
    /// In `reverse`, the last attention layer's head moves each token to its mirrored
    /// position: zeroing its pattern changes `reverse` and leaves every s-op computed
    /// before it (length, opp_idx, …) as it was.
    @Test func ablatingReversesHeadChangesOnlyReverse() throws {
        let entry = try #require(RASPLibrary.entry(named: "reverse"))
        let program = try entry.build()
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let inputs = try #require(try TracrReference.library().program(named: "reverse")).examples.map(\.input)
        // The output s-op, the last one computed.
        let target = try #require(compiled.sops.max { $0.sublayer < $1.sublayer })
        #expect(target.sublayer % 2 == 0, "\(target.label) is computed by attention")
        let step = target.sublayer / 2
        let heads = compiled.model.layers[step].heads.indices.map { HookPoint.attnPattern(step: step, head: $0) }
        #expect(!heads.isEmpty)

        let plain = try RASPConformance.check(compiled, inputs: inputs)
        #expect(plain.isConformant, "\(plain.mismatches.prefix(5))")
        var ablation = Hooks()
        for head in heads {
            ablation.replace(head) { _, pattern in Matrix(rows: pattern.rows, columns: pattern.columns) }
        }
        let ablated = try RASPConformance.check(compiled, inputs: inputs, hooks: ablation, limit: .max)
        // Only the head's s-op differs (every s-op computed before it is untouched), on every input.
        #expect(compiled.sops.contains { $0.sublayer >= 0 && $0.sublayer < target.sublayer })
        #expect(Set(ablated.mismatches.map(\.sop)) == [target.label])
        #expect(ablated.mismatches.allSatisfy { $0.sublayer >= target.sublayer })
        #expect(Set(ablated.mismatches.map(\.inputIndex)) == Set(inputs.indices.filter { !inputs[$0].isEmpty }))
        #expect(ablated.mismatchCount == ablated.mismatches.count)
    }
}
