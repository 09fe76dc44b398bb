import PythonValues
import Testing
@testable import Craft

/// Directions print and compare with the shared Python value rules (PythonValues).
@Suite struct BasisDirectionLabelTests {
    @Test func labelsPrintValuesLikePython() {
        #expect(BasisDirection("tokens", "a").description == "tokens:a")
        #expect(BasisDirection("one").description == "one")
        #expect(BasisDirection("map_1", .float(0.5)).description == "map_1:0.5")
        #expect(BasisDirection("map_1", .float(1)).description == "map_1:1.0")
        #expect(BasisDirection("map_1", .float(9.5e15)).description == "map_1:9500000000000000.0")
        #expect(BasisDirection("map_1", .float(1e16)).description == "map_1:1e+16")
        #expect(BasisDirection("map_1", .float(1e-5)).description == "map_1:1e-05")
        #expect(BasisDirection("pair", .tuple(["a", 1.5, .tuple([true])])).description == "pair:('a', 1.5, (True,))")
        #expect(BasisDirection("pair", .tuple(["it's"])).description == "pair:(\"it's\",)")
    }

    @Test func numbersOfDifferentKindsAreOneDirection() {
        #expect(BasisDirection("x", .int(1)) == BasisDirection("x", .bool(true)))
        #expect(BasisDirection("x", .int(1)) == BasisDirection("x", .float(1.0)))
        #expect(BasisDirection("x", .int(1)) != BasisDirection("x", .string("1")))
        #expect(BasisDirection("x", .int(1)) != BasisDirection("y", .int(1)))
        #expect(Set([BasisDirection("x", 1), BasisDirection("x", 1.0), BasisDirection("x", true), BasisDirection("x", 2)]).count == 2)
        let space = VectorSpace([BasisDirection("x", 1), BasisDirection("x", true), BasisDirection("x", 0)])
        #expect(space.labels == ["x:0", "x:1"], "the first representative is kept")
    }

    /// 2^53 + 1 and 2.0^53 differ in Python; Craft used to compare them as doubles (equal).
    @Test func largeIntsAndFloatsCompareExactly() {
        let big = 9_007_199_254_740_993
        #expect(BasisDirection("x", .int(big)) != BasisDirection("x", .float(9_007_199_254_740_992.0)))
        #expect(BasisDirection("x", .float(9_007_199_254_740_992.0)) < BasisDirection("x", .int(big)))
        let space = VectorSpace([BasisDirection("x", .int(big)), BasisDirection("x", .float(9_007_199_254_740_992.0))])
        #expect(space.labels == ["x:9007199254740992.0", "x:9007199254740993"])
    }

    /// NaN: one direction `x:nan` (Python set semantics for `math.nan`), ordered by its label.
    @Test func nanIsOneDirection() throws {
        #expect(BasisDirection("x", .float(.nan)) == BasisDirection("x", .float(.nan)))
        let space = VectorSpace([
            BasisDirection("x", .float(.nan)), BasisDirection("x", 2), BasisDirection("x", .float(.nan)),
        ])
        #expect(space.labels == ["x:2", "x:nan"])
        #expect(space.index(of: BasisDirection("x", .float(.nan))) == 1)
    }
}

@Suite struct BasisDirectionOrderingTests {
    @Test func mixedTokenSpaceFallsBackToLabels() {
        // Tracr: {1:0, 2:1, 3:2, BOS:3, PAD:4}.
        let space = VectorSpace([
            BasisDirection("tokens", "PAD"), BasisDirection("tokens", 3), BasisDirection("tokens", "BOS"),
            BasisDirection("tokens", 1), BasisDirection("tokens", 2),
        ])
        #expect(space.labels == ["tokens:1", "tokens:2", "tokens:3", "tokens:BOS", "tokens:PAD"])
        let letters = VectorSpace(["c", "PAD", "a", "BOS", "b"].map { BasisDirection("tokens", .string($0)) })
        #expect(letters.labels == ["tokens:BOS", "tokens:PAD", "tokens:a", "tokens:b", "tokens:c"])
        let brackets = VectorSpace(["(", "BOS", ")", "PAD"].map { BasisDirection("tokens", .string($0)) })
        #expect(brackets.labels == ["tokens:(", "tokens:)", "tokens:BOS", "tokens:PAD"])
    }

    @Test func namesFirstThenValuesNumerically() {
        let space = VectorSpace([
            BasisDirection("count_a_1_selector_width_attn_output"), BasisDirection("count_a_1", 5),
            BasisDirection("count_a_1", 0), BasisDirection("hist_7", 1), BasisDirection("indices", 0),
            BasisDirection("opp_idx_4", -4), BasisDirection("opp_idx_4", 10), BasisDirection("opp_idx_4", 2),
            BasisDirection("one"),
        ])
        #expect(space.labels == [
            "count_a_1:0", "count_a_1:5", "count_a_1_selector_width_attn_output", "hist_7:1", "indices:0",
            "one", "opp_idx_4:-4", "opp_idx_4:2", "opp_idx_4:10",
        ])
    }

    @Test func numericalDirectionAgainstValuedDirectionUsesLabels() {
        // `x` (no value) vs `x:1`: Python raises comparing None with 1, so labels decide.
        #expect(BasisDirection("x") < BasisDirection("x", 1))
        #expect(!(BasisDirection("x", 1) < BasisDirection("x")))
        #expect(!(BasisDirection("x") < BasisDirection("x")))
    }

    @Test func boolsOrderAsNumbers() {
        let space = VectorSpace([BasisDirection("m", true), BasisDirection("m", false)])
        #expect(space.labels == ["m:False", "m:True"])
    }
}
