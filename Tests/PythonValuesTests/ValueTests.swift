import PythonValues
import AltaTestSupport
import Testing

/// Python value semantics (§1.1, §9.1).
@Suite struct ValueTests {
    @Test func numbersOfDifferentTypesAreEqualAndHashAlike() {
        #expect(Value.int(1) == .float(1.0))
        #expect(Value.int(1) == .bool(true))
        #expect(Value.float(0.0) == .bool(false))
        #expect(Value.float(-0.0) == .int(0))
        #expect(Value.int(2) != .float(2.5))
        #expect(Value.string("1") != .int(1))
        #expect(Value.tuple([1, 2.0]) == .tuple([1.0, 2]))
        #expect(Value.tuple([1]) != .int(1))
        #expect(Value.int(1).hashValue == Value.float(1.0).hashValue)
        #expect(Value.int(1).hashValue == Value.bool(true).hashValue)
        #expect(Value.int(-7).hashValue == Value.float(-7).hashValue)
        // A set keeps the first representative inserted.
        var set: Set<Value> = []
        #expect(set.insert(.bool(true)).inserted)
        #expect(!set.insert(.int(1)).inserted)
        #expect(!set.insert(.float(1.0)).inserted)
        #expect(set.count == 1 && set.first.map { $0.isIdentical(to: .bool(true)) } == true)
        #expect(Set<Value>([1, 1.0, true, 0, false, "1", 0.5]).count == 4)
    }

    @Test func mixedComparisonsAreExact() throws {
        // 2^53 + 1 is not representable as a double: Python says they differ.
        let big = 9_007_199_254_740_993
        #expect(Value.int(big) != .float(9_007_199_254_740_992.0))
        #expect(try Value.float(9_007_199_254_740_992.0).pythonLessThan(.int(big)))
        #expect(try Value.int(Int.max).pythonLessThan(.float(9.3e18)))
        #expect(Value.float(.nan) != .float(.nan), "Python: nan != nan")
    }

    @Test func printedFormsMatchPython() {
        let cases: [(Value, String)] = [
            (3, "3"), (-5, "-5"), (1.0, "1.0"), (0.5, "0.5"), (.float(1.0 / 3.0), "0.3333333333333333"),
            (-0.19999999999999996, "-0.19999999999999996"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"), (0.00001, "1e-05"), (-0.0, "-0.0"), (.float(.infinity), "inf"),
            (.float(-.infinity), "-inf"), (.float(.nan), "nan"), (true, "True"), (false, "False"),
            ("abc", "abc"), ("", ""), (.tuple([1, 2, 0]), "(1, 2, 0)"), (.tuple(["a", 1.5, true]), "('a', 1.5, True)"),
            (.tuple([7]), "(7,)"), (.tuple([]), "()"), (.tuple([.tuple([1, 2]), 3]), "((1, 2), 3)"),
        ]
        for (value, printed) in cases {
            #expect(value.description == printed, "str(\(value.debugDescription))")
        }
        #expect(Value.string("it's").pythonRepr == "\"it's\"")
        #expect(Value.string("a'b\"c").pythonRepr == "'a\\'b\"c'")
        #expect(Value.string("x\ny").pythonRepr == "'x\\ny'")
        #expect(Value.pythonListRepr([1, nil, "a", 2.0]) == "[1, None, 'a', 2.0]")
        #expect(Value.pythonString(nil) == "None")
    }

    @Test func orderingFollowsPython() throws {
        #expect(try Value.int(1).pythonLessThan(.float(1.5)))
        #expect(try Value.bool(false).pythonLessThan(.int(1)))
        #expect(try !Value.bool(true).pythonLessThan(.int(1)))
        #expect(try Value.bool(true).pythonLessThanOrEqual(.int(1)))
        #expect(try Value.string("B").pythonLessThan("a"), "code point order")
        #expect(try Value.string("ab").pythonLessThan("b"))
        #expect(try Value.string("a").pythonLessThan("ab"))
        #expect(try Value.tuple([1, 2]).pythonLessThan(.tuple([1, 3])))
        #expect(try Value.tuple([1, 2]).pythonLessThan(.tuple([1, 2, 0])))
        #expect(try Value.tuple([1, "a"]).pythonLessThan(.tuple([2, 0])), "stops at the first difference")
        expectError(RASPValueError.typeError("'<' not supported between instances of 'str' and 'int'"),
                    message: "TypeError: '<' not supported between instances of 'str' and 'int'") {
            try Value.string("a").pythonLessThan(.int(1))
        }
        expectError(RASPValueError.typeError("'<' not supported between instances of 'str' and 'int'"),
                    message: "TypeError: '<' not supported between instances of 'str' and 'int'") {
            try Value.tuple([1, "a"]).pythonLessThan(.tuple([1, 0]))
        }
        #expect(try !Value.float(.nan).pythonLessThan(1) && !Value.float(.nan).pythonGreaterThanOrEqual(1))
    }

    @Test func basisOrderFallsBackToPrintedFormsLikeTracr() {
        // §9.1: numbers before BOS/PAD, brackets before BOS, lowercase letters after.
        #expect(Value.basisSorted(["PAD", 3, "BOS", 1, 2]).map(\.description) == ["1", "2", "3", "BOS", "PAD"])
        #expect(Value.basisSorted(["b", "PAD", "a", "BOS", "c"]).map(\.description) == ["BOS", "PAD", "a", "b", "c"])
        #expect(Value.basisSorted([")", "BOS", "(", "PAD", "x"]).map(\.description) == ["(", ")", "BOS", "PAD", "x"])
        #expect(Value.basisSorted([true, false]).map(\.description) == ["False", "True"])
        #expect(Value.basisSorted([-5, 4, 0.5, -1]).map(\.description) == ["-5", "-1", "0.5", "4"])
        #expect(Value.basisOrderLess(nil, 1), "a bare direction sorts before a valued one")
        #expect(!Value.basisOrderLess(nil, nil))
        #expect(Value.basisOrderLess(10, "9"), "int vs str: '10' < '9' as strings")
    }

    @Test func arithmeticFollowsPython() throws {
        #expect(try (Value.int(2) + 3).isIdentical(to: 5))
        #expect(try (Value.int(2) + 0.5).isIdentical(to: 2.5))
        #expect(try (Value.bool(true) + .bool(true)).isIdentical(to: 2))
        #expect(try (Value.int(-1) * .bool(false)).isIdentical(to: 0))
        #expect(try (Value.int(7) / 2).isIdentical(to: 3.5))
        #expect(try (Value.int(4) / 2).isIdentical(to: 2.0), "true division always gives a float")
        #expect(try (Value.string("ab") + "c").isIdentical(to: "abc"))
        #expect(try (Value.string("ab") * 2).isIdentical(to: "abab"))
        #expect(try (Value.int(2) * "ab").isIdentical(to: "abab"))
        #expect(try (Value.tuple([1]) + .tuple([2])).isIdentical(to: .tuple([1, 2])))
        #expect(try (Value.int(-7) % 3).isIdentical(to: 2))
        #expect(try (Value.float(-7) % 3).isIdentical(to: 2.0))
        #expect(try (-Value.bool(true)).isIdentical(to: -1))
        #expect(throws: RASPValueError.divisionByZero("division by zero")) { try Value.int(1) / 0 }
        #expect(throws: RASPValueError.divisionByZero("division by zero")) { try Value.float(1) / 0.0 }
        expectError(RASPValueError.typeError("unsupported operand type(s) for -: 'str' and 'int'"),
                    message: "TypeError: unsupported operand type(s) for -: 'str' and 'int'") {
            try Value.string("a") - 1
        }
        expectError(RASPValueError.overflow("integer overflow in 9223372036854775807 + 1"),
                    message: "OverflowError: integer overflow in 9223372036854775807 + 1") { try Value.int(Int.max) + 1 }
        do {
            _ = try Value.int(Int.max) * 2
            Issue.record("overflow must throw")
        } catch let error as RASPValueError {
            #expect(error.isArithmetic)
        }
        do {
            _ = try Value.string("a") + 1
            Issue.record("type error must throw")
        } catch let error as RASPValueError {
            #expect(!error.isArithmetic)
        }
    }

    @Test func truthinessAndLogicFollowPython() {
        #expect(!Value.int(0).isTruthy && !Value.float(0).isTruthy && !Value.string("").isTruthy)
        #expect(!Value.bool(false).isTruthy && !Value.tuple([]).isTruthy)
        #expect(Value.string("0").isTruthy && Value.float(0.1).isTruthy && Value.tuple([0]).isTruthy)
        #expect(Value.pythonAnd(2, "x").isIdentical(to: "x"))
        #expect(Value.pythonAnd(0, "x").isIdentical(to: 0))
        #expect(Value.pythonOr(0, "x").isIdentical(to: "x"))
        #expect(Value.pythonOr(3, "x").isIdentical(to: 3))
        #expect(Value.pythonNot(0.0).isIdentical(to: true))
    }
}
