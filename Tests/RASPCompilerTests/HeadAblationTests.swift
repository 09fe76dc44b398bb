import AltaPrograms
import AltaTensors
import AltaTransformer
import RASP
import RASPCompiler
import Testing

/// Replace hooks on a compiled RASP program: ablating a head changes exactly the s-ops
/// computed from it.
@Suite struct HeadAblationTests {
    /// Every s-op computed by a sublayer, decoded after that sublayer, per input — with
    /// `ablate` heads' patterns replaced by zeros.
    static func decodedSOps(
        _ compiled: CompiledRASPProgram, inputs: [[Value]], ablate: [HookPoint] = []
    ) throws -> [String: [[Value?]]] {
        var residuals: [Int: [Int: Matrix]] = [:]
        var options = RunOptions()
        for sublayer in Set(compiled.sops.map(\.sublayer)) where sublayer >= 0 {
            options.hooks.read(.residual(afterSublayer: sublayer)) { s, residual in residuals[s, default: [:]][sublayer] = residual }
        }
        for point in ablate {
            options.hooks.replace(point) { _, pattern in Matrix(rows: pattern.rows, columns: pattern.columns) }
        }
        _ = try compiled.run(inputs, options: options)
        var decoded: [String: [[Value?]]] = [:]
        for sop in compiled.sops where sop.sublayer >= 0 {
            decoded[sop.label] = try inputs.indices.map { s in
                let residual = try #require(residuals[s]?[sop.sublayer])
                return (0..<inputs[s].count).map { sop.decode(residual, position: $0 + 1) }
            }
        }
        return decoded
    }

    /// In `reverse`, the last attention layer's head moves each token to its mirrored
    /// position: zeroing its pattern changes `reverse` and leaves every s-op computed
    /// before it (length, opp_idx, …) as it was.
    @Test func ablatingReversesHeadChangesOnlyReverse() throws {
        let entry = try #require(RASPLibrary.entry(named: "reverse"))
        let program = try entry.build()
        let compiled = try RASPModelCompiler.compile(
            program, vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
            bos: entry.compilerBOS, pad: entry.compilerPAD)
        let inputs = try #require(try Reference.load().programs["reverse"]).examples.map(\.input)
        // The output s-op, the last one computed.
        let target = try #require(compiled.sops.max { $0.sublayer < $1.sublayer })
        #expect(target.sublayer % 2 == 0, "\(target.label) is computed by attention")
        let step = target.sublayer / 2
        let heads = compiled.model.layers[step].heads.indices.map { HookPoint.attnPattern(step: step, head: $0) }
        #expect(!heads.isEmpty)

        let plain = try Self.decodedSOps(compiled, inputs: inputs)
        let ablated = try Self.decodedSOps(compiled, inputs: inputs, ablate: heads)
        let before = compiled.sops.filter { $0.sublayer >= 0 && $0.sublayer < target.sublayer }
        #expect(!before.isEmpty)
        for sop in before {
            #expect(ablated[sop.label] == plain[sop.label], "\(sop.label) changed")
        }
        let changed = zip(plain[target.label] ?? [], ablated[target.label] ?? []).filter { $0 != $1 }.count
        #expect(changed == inputs.filter { !$0.isEmpty }.count)
        // The un-ablated run is the evaluator's reverse.
        for (input, values) in zip(inputs, plain[target.label] ?? []) {
            #expect(values == input.reversed().map { Optional($0) })
        }
    }
}
