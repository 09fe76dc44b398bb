import ALTA
import AltaTestSupport
import Craft
import Testing
@testable import ALTACompiler

/// `ALTAMLPCompiler` on tiny programs: the widths, unit roles and residual updates worked out
/// by hand from the four-map construction (categorical pass-through, numerical step units
/// `a(S·(x − t) − 1)` with `S = 24` for buckets one apart, AND units `a(Σ atoms − (k − 1))`,
/// gated pass-throughs `a(atoms ± x / M − k)`).
@Suite struct ALTAMLPCompilerTests {
    /// `x ∈ {0, 1}` from the token; one rule `x = 0 → x := 1`.
    static func flip() throws -> ALTAProgram {
        try ALTAProgram(
            name: "flip", inputRange: 2,
            variables: [.categorical("x", range: 2, fromToken: { $0 })], output: "x"
        ) { b in try b.when("x", is: 0) { try b.set("x", 1) } }
    }

    /// `n` with buckets 0, 1, 2 (default 0); one rule `n = 0 → n := 2`.
    static func jump() throws -> ALTAProgram {
        try ALTAProgram(
            name: "jump", inputRange: 1,
            variables: [.numerical("n", buckets: [0, 1, 2], default: 0)], output: "n"
        ) { b in try b.when("n", is: .number(0)) { try b.set("n", number: 2) } }
    }

    /// One categorical rule: map 1 passes `x:0` (the only atom a rule tests), map 2 copies it,
    /// map 3 is the rule's AND unit, map 4 moves the one-hot from `x:0` to `x:1`.
    @Test func aCategoricalRuleIsOneUnitPerMapAndMovesTheOneHot() throws {
        let stages = try CompilerStages(try Self.flip(), maxLength: 3)
        let output = try stages.mlp()
        #expect(output.widths == [1, 1, 1])
        #expect(output.ruleUnits == 1 && output.resetUnits == 0 && output.numericalUpdateUnits == 0)
        #expect(output.roles == [.rule(0)])
        #expect(output.mlp.activation == .clippedReLU && output.mlp.depth == 4)
        let fires = output.mlp.apply(try stages.residual(["x:0": 1]))
        #expect(CompilerStages.entries(fires) == ["x:0": -1, "x:1": 1])
        let idle = output.mlp.apply(try stages.residual(["x:1": 1]))
        #expect(CompilerStages.entries(idle).isEmpty)
    }

    /// One numerical rule. Buckets 0, 1, 2 give thresholds 0.5 and 1.5 (half-gap 0.5, window
    /// 0.125, slope 24); the rule tests bucket 0, so map 1 holds one step unit (threshold 0.5)
    /// and the pass-throughs `a(±n / 2)` (M = 2, the largest |value|); map 3 the AND unit and
    /// two gated pass-throughs. The update writes 2 and subtracts the current value exactly:
    /// from 0 to 2 (+2), from 0.25 to 2 (+1.75), from 0.5 — still bucket 0 — to 2 (+1.5);
    /// from 1 or 2 nothing.
    @Test func aNumericalRuleSubtractsTheActualValue() throws {
        let stages = try CompilerStages(try Self.jump(), maxLength: 3)
        let output = try stages.mlp()
        #expect(output.widths == [3, 3, 3])
        #expect(output.roles == [
            .rule(0), .subtractCurrent(rule: 0, positivePart: true), .subtractCurrent(rule: 0, positivePart: false),
        ])
        #expect(output.numericalUpdateUnits == 2 && output.resetUnits == 0)
        for (n, delta) in [(0.0, 2.0), (0.25, 1.75), (0.5, 1.5), (1, 0), (2, 0)] {
            let update = output.mlp.apply(try stages.residual(["n": n]))
            #expect(CompilerStages.entries(update) == (delta == 0 ? [:] : ["n": delta]), "n = \(n)")
        }
    }

    /// A categorical head that can select several keys: map 1 reads each value, its count
    /// `m / (m + 1)` and the "several" flag `a(24·count − 14)`; the reset units subtract what
    /// attention wrote — the value one-hot, anything above 1, and the count — so after the MLP
    /// the head output is empty again (ALTA's head outputs last one layer).
    @Test func headOutputsAreResetToZero() throws {
        let program = try ALTAProgram(
            name: "copy", inputRange: 2,
            variables: [.categorical("x", range: 2, fromToken: { $0 })],
            heads: [.qkv("seen", query: "x", key: "x", value: "x")], output: "x", rules: { _ in }
        )
        let stages = try CompilerStages(program, maxLength: 3)
        let output = try stages.mlp()
        // Per value: pass + "above 1" reset; then the count reset.
        #expect(output.resetUnits == 5)
        #expect(output.roles == [
            .reset(variable: "seen", part: "=0"), .reset(variable: "seen", part: "=0 above 1"),
            .reset(variable: "seen", part: "=1"), .reset(variable: "seen", part: "=1 above 1"),
            .reset(variable: "seen", part: ".matches"),
        ])
        // One key selected (count 1/2): value 1 copied exactly; all of it is taken away.
        let one = try stages.residual(["x:1": 1, "seen:1": 1, "seen.matches": 0.5])
        #expect(CompilerStages.entries(output.mlp.apply(one)) == ["seen:1": -1, "seen.matches": -0.5])
        // Two keys with values 0 and 1 (count 2/3): both halves go.
        let two = try stages.residual(["x:0": 1, "seen:0": 0.5, "seen:1": 0.5, "seen.matches": 0.75])
        #expect(CompilerStages.entries(output.mlp.apply(two)) == ["seen:0": -0.5, "seen:1": -0.5, "seen.matches": -0.75])
    }

    /// A numerical head output without buckets could not be reset exactly by map 4; the
    /// program is refused when it is built, so the MLP stage never sees one.
    @Test func aNumericalHeadOutputWithoutBucketsIsRefusedBeforeTheMLP() throws {
        expectError(ALTAError.missingBuckets(variable: "avg", reason: "the reset rules of head 'avg' need (give the head an output kind with buckets)"),
                    message: "numerical variable 'avg' has no buckets, which the reset rules of head 'avg' need (give the head an output kind with buckets)") {
            try ALTAProgram(
                name: "mean", inputRange: 2,
                variables: [
                    .categorical("q", range: 2, fromToken: { $0 }),
                    .numerical("v", buckets: [0, 1], fromToken: { Double($0) }),
                ],
                heads: [.qkv("avg", query: "q", key: "q", value: "v", outputKind: .numerical(buckets: nil))],
                output: "v", rules: { _ in }
            )
        }
    }
}
