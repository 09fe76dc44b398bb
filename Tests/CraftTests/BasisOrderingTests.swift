import Testing
@testable import Craft

@Suite struct BasisValuePrintingTests {
    @Test func printsLikePython() {
        #expect(BasisValue.int(3).description == "3")
        #expect(BasisValue.int(-5).description == "-5")
        #expect(BasisValue.double(1).description == "1.0")
        #expect(BasisValue.double(1.0 / 3).description == "0.3333333333333333")
        #expect(BasisValue.double(-0.19999999999999996).description == "-0.19999999999999996")
        #expect(BasisValue.double(1e-5).description == "1e-05")
        #expect(BasisValue.double(1e-4).description == "0.0001")
        #expect(BasisValue.double(1e16).description == "1e+16")
        #expect(BasisValue.double(9.5e15).description == "9500000000000000.0")
        #expect(BasisValue.double(1.5e-7).description == "1.5e-07")
        #expect(BasisValue.double(-0.0).description == "-0.0")
        #expect(BasisValue.double(.infinity).description == "inf")
        #expect(BasisValue.bool(true).description == "True")
        #expect(BasisValue.string("BOS").description == "BOS")
        #expect(BasisValue.tuple([1, 2, 0]).description == "(1, 2, 0)")
        #expect(BasisValue.tuple([1]).description == "(1,)")
        #expect(BasisValue.tuple(["a", 1.5, .tuple([true])]).description == "('a', 1.5, (True,))")
        #expect(BasisValue.tuple(["it's"]).description == "(\"it's\",)")
    }

    @Test func directionLabels() {
        #expect(BasisDirection("tokens", "a").description == "tokens:a")
        #expect(BasisDirection("one").description == "one")
        #expect(BasisDirection("map_1", .double(0.5)).description == "map_1:0.5")
    }
}

@Suite struct BasisValueEqualityTests {
    @Test func numbersEqualAcrossKinds() {
        #expect(BasisValue.int(1) == .double(1.0))
        #expect(BasisValue.int(1) == .bool(true))
        #expect(BasisValue.int(0) == .bool(false))
        #expect(BasisValue.int(1) != .string("1"))
        #expect(Set<BasisValue>([.int(1), .double(1.0), .bool(true), .int(2)]).count == 2)
        #expect(BasisDirection("x", .int(1)) == BasisDirection("x", .bool(true)))
        #expect(BasisValue.tuple([1, "a"]) == .tuple([.double(1), "a"]))
        #expect(BasisValue.double(0.5) != .int(0))
    }

    @Test func pythonComparisons() {
        #expect(BasisValue.int(1).pythonLessThan(.double(1.5)) == true)
        #expect(BasisValue.bool(false).pythonLessThan(.int(1)) == true)
        #expect(BasisValue.string("B").pythonLessThan(.string("a")) == true)
        #expect(BasisValue.string("a").pythonLessThan(.int(1)) == nil)
        #expect(BasisValue.tuple([1, 2]).pythonLessThan(.tuple([1, 3])) == true)
        #expect(BasisValue.tuple([1, 2]).pythonLessThan(.tuple([1, 2, 0])) == true)
        #expect(BasisValue.tuple(["a", 1]).pythonLessThan(.tuple([1, "a"])) == nil)
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
