import ALTA
import AltaTransformer
import Craft
import Testing
@testable import ALTACompiler

/// `ALTAHeadCompiler` on tiny programs, against the construction worked out by hand: with the
/// derived sharpness λ = 256, a selected key scores λ, any other 0; the sink sits at λ / 2
/// (the counting head's at λ); values are copied one-to-one into the output block.
@Suite struct ALTAHeadCompilerTests {
    static let lambda = 256.0

    /// `q`, `k` ∈ {0, 1, 2} from the token, `v` ∈ {0, 1}; `out ← qkv(q, k, v)`.
    static func lookup(relative: Bool = false) throws -> ALTAProgram {
        try ALTAProgram(
            name: "lookup", inputRange: 3,
            variables: [
                .categorical("q", range: 3, fromToken: { $0 }),
                .categorical("k", range: 3, fromToken: { $0 }),
                .categorical("v", range: 2, fromToken: { $0 % 2 }),
            ],
            heads: relative ? [.relative("left", value: "v", offset: -1)] : [.qkv("out", query: "q", key: "k", value: "v")],
            output: "v", rules: { _ in }
            )
    }

    @Test func aCategoricalHeadScoresLambdaForASelectedKeyAndCountsItsMatches() throws {
        let stages = try CompilerStages(try Self.lookup(), maxLength: 4)
        let heads = try stages.heads()
        // Two keys can hold the same value, so the head gets a counting head.
        #expect(heads.map(\.name) == ["out", "out.matches"])
        let (head, counter) = (heads[0], heads[1])
        #expect(head.sinkLogit == Self.lambda / 2)
        #expect(counter.sinkLogit == Self.lambda)
        #expect(head.relativeMask == nil)
        #expect(head.headWidth == 3)
        for query in 0..<3 {
            for key in 0..<3 {
                let logit = head.logit(query: try stages.residual(["q:\(query)": 1]), key: try stages.residual(["k:\(key)": 1]))
                #expect(logit == (query == key ? Self.lambda : 0), "q = \(query), k = \(key)")
                // The counting head selects the same keys.
                #expect(counter.logit(query: try stages.residual(["q:\(query)": 1]), key: try stages.residual(["k:\(key)": 1])) == logit)
            }
        }
        // A null query (no direction set) selects nothing.
        #expect(head.logit(query: VectorInBasis(), key: try stages.residual(["k:1": 1])) == 0)
        // OV: v:c → out:c; the counting head writes the constant 1 into out.matches.
        #expect(CompilerStages.entries(head.ov.apply(try stages.residual(["v:1": 1]))) == ["out:1": 1])
        #expect(CompilerStages.entries(head.ov.apply(try stages.residual(["v:0": 1]))) == ["out:0": 1])
        #expect(CompilerStages.entries(counter.ov.apply(VectorInBasis())) == ["out.matches": 1])
    }

    /// A relative head reads the constant `relative_qk` on both sides and keeps only offset −1;
    /// with at most one key it needs no counting head.
    @Test func aRelativeHeadMasksAllButItsOffset() throws {
        let stages = try CompilerStages(try Self.lookup(relative: true), maxLength: 4)
        let heads = try stages.heads()
        #expect(heads.map(\.name) == ["left"])
        let head = heads[0]
        #expect(head.relativeMask == RelativePositionMask(allowing: [-1]))
        #expect(head.sinkLogit == Self.lambda / 2)
        let constant = try stages.residual(["relative_qk:0": 1])
        #expect(head.logit(query: constant, key: constant) == Self.lambda)
        #expect(CompilerStages.entries(head.ov.apply(try stages.residual(["v:1": 1]))) == ["left:1": 1])
    }

    /// A numerical head averages the value into `out` and writes presence 1 into
    /// `out.defined` for every selected key (the value is never null here).
    @Test func aNumericalHeadCopiesTheNumberAndItsPresence() throws {
        let program = try ALTAProgram(
            name: "mean", inputRange: 2,
            variables: [
                .categorical("q", range: 2, fromToken: { $0 }),
                .numerical("n", buckets: [0, 1], fromToken: { Double($0) }),
            ],
            heads: [.qkv("avg", query: "q", key: "q", value: "n", outputKind: .numerical(buckets: [0, 0.5, 1]))],
            output: "n", rules: { _ in }
            )
        let stages = try CompilerStages(program, maxLength: 4)
        let heads = try stages.heads()
        #expect(heads.map(\.name) == ["avg"])
        let ov = heads[0].ov
        #expect(CompilerStages.entries(ov.apply(try stages.residual(["n": 1]))) == ["avg": 1, "avg.defined": 1])
        #expect(CompilerStages.entries(ov.apply(try stages.residual(["n": 0]))) == ["avg.defined": 1])
        #expect(heads[0].sinkLogit == Self.lambda / 2)
    }
}
