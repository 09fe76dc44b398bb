import PythonValues
import Testing

/// The cases where RASP's `Value` and Craft's old `BasisValue` disagreed (NaN equality, ints
/// compared with floats through `Double`, float printing from 2^53 on), checked against what
/// Python prints and answers.
@Suite struct PythonDifferentialTests {
    /// Python: `nan != nan`, `nan != 1`, no order; every NaN hashes alike.
    @Test func nanIsUnequalToEverythingAsInPython() throws {
        let nan = Value.float(.nan)
        #expect(nan != nan)
        #expect(nan != .int(0) && nan != .bool(false) && nan != .string("nan"))
        #expect(Value.tuple([nan]) != .tuple([nan]))
        #expect(try nan.pythonCompare(nan) == nil)
        #expect(try !nan.pythonLessThan(1) && !Value.int(1).pythonLessThan(nan))
        #expect(try !nan.pythonLessThanOrEqual(nan))
        #expect(nan.hashValue == Value.float(-.nan).hashValue)
        #expect(nan.description == "nan")
    }

    /// A Swift `Set<Value>` keeps every NaN (Python: a set of distinct NaN objects); value sets
    /// and residual directions keep one (Python: a set of `math.nan`).
    @Test func valueSetsHoldOneNaN() {
        let nan = Value.float(.nan)
        #expect(Set<Value>([nan, nan]).count == 2)
        #expect(nan.isSameMember(.float(.nan)))
        #expect(Value.tuple([1, nan]).isSameMember(.tuple([1, nan])))
        #expect(!nan.isSameMember(.int(1)))
        let set = OrderedValueSet([nan, 1, nan, 2.0])
        #expect(set.values.map(\.description) == ["nan", "1", "2.0"])
        #expect(set.contains(.float(.nan)))
        #expect(set.sorted.map(\.description) == ["1", "2.0", "nan"], "NaN is unordered: its printed form decides")
    }

    /// 2^53 + 1 is not a double: Python compares ints with floats exactly.
    @Test func largeIntsAgainstFloatsAreExact() throws {
        let big = 9_007_199_254_740_993  // 2^53 + 1
        let float = Value.float(9_007_199_254_740_992.0)  // 2^53
        #expect(Value.int(big) != float)
        #expect(Value.int(big - 1) == float)
        #expect(Value.int(big - 1).hashValue == float.hashValue)
        #expect(try float.pythonLessThan(.int(big)))
        #expect(try Value.int(Int.max).pythonLessThan(.float(9_223_372_036_854_775_808.0)), "Int.max < 2.0**63")
        #expect(Value.int(Int.max) != .float(9_223_372_036_854_775_808.0))
        #expect(OrderedValueSet([.int(big), float, .int(big - 1)]).count == 2)
        #expect(Value.basisSorted([.int(big), float]).map(\.description) == ["9007199254740992.0", "9007199254740993"])
    }

    /// `1 == 1.0 == True`: one member of a set, the first inserted printed in labels.
    @Test func oneEqualsOnePointZeroEqualsTrue() {
        #expect(Value.int(1) == .float(1.0) && Value.float(1.0) == .bool(true))
        #expect(Set<Value>([1, 1.0, true]).count == 1)
        #expect(OrderedValueSet([true, 1, 1.0]).values.map(\.description) == ["True"])
        #expect(OrderedValueSet([1.0, true, 1]).values.map(\.description) == ["1.0"])
        #expect(OrderedValueSet([0, false, 0.0, -0.0]).values.map(\.description) == ["0"])
        #expect(Value.tuple([1, "a"]) == .tuple([true, "a"]))
        #expect(Value.tuple([1, "a"]).hashValue == Value.tuple([1.0, "a"]).hashValue)
    }

    /// Python's `repr(float)` switches to scientific notation at 1e16, Swift's `description`
    /// at 2^53: labels must print Python's form.
    @Test func floatsPrintAsPythonReprBeyondTwoToThe53() {
        let cases: [(Double, String)] = [
            (9.5e15, "9500000000000000.0"), (9_999_999_999_999_998.0, "9999999999999998.0"),
            (9_007_199_254_740_994.0, "9007199254740994.0"), (-9.5e15, "-9500000000000000.0"),
            (1e16, "1e+16"), (1.2345678901234568e16, "1.2345678901234568e+16"), (1e22, "1e+22"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"), (0.00012, "0.00012"),
            (1.5e-7, "1.5e-07"), (2e15 + 0.5, "2000000000000000.5"),
        ]
        for (x, python) in cases {
            #expect(Value.float(x).description == python, "repr(\(x))")
            #expect(Value.tuple([.float(x)]).description == "(\(python),)")
        }
    }
}
