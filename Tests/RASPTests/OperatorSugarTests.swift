import RASP
import Testing

/// The nodes operator sugar builds (§2.1) and Map simplification (§2).
@Suite struct OperatorSugarTests {
    /// The kind's Tracr class name, the operand identities and the evaluated values.
    private func mapInner(_ sop: SOp) -> SOp? {
        if case .map(_, let inner) = sop.kind { return inner }
        return nil
    }

    private func sequenceMapOperands(_ sop: SOp) -> (SOp, SOp)? {
        if case .sequenceMap(_, let fst, let snd) = sop.kind { return (fst, snd) }
        return nil
    }

    @Test func comparisonsWithAConstantBuildMaps() throws {
        let input: [Value] = [1, 2, 3]
        let cases: [(SOp, [Value?])] = [
            (tokens < 2, [true, false, false]), (tokens <= 2, [true, true, false]),
            (tokens > 2, [false, false, true]), (tokens >= 2, [false, true, true]),
            (tokens == 2, [false, true, false]), (tokens != 2, [true, false, true]),
            // Reflected forms are mirrored: `2 < s` is `s > 2`.
            (2 < tokens, [false, false, true]), (2 >= tokens, [true, true, false]), (2 == tokens, [false, true, false]),
        ]
        for (sop, expected) in cases {
            #expect(mapInner(sop) === tokens)
            #expect(sop.name == "map")
            #expect(try evaluate(sop, on: input) == expected)
        }
    }

    @Test func arithmeticBuildsMapsWithConstantsAndSequenceMapsBetweenSOps() throws {
        let input: [Value] = [1, 2, 4]
        let sum = tokens + indices
        #expect(sequenceMapOperands(sum).map { $0.0 === tokens && $0.1 === indices } == true)
        #expect(sum.name == "sequence_map")
        #expect(try evaluate(sum, on: input) == [1, 3, 6])
        #expect(try evaluate(tokens - indices, on: input) == [1, 1, 2])
        #expect(try evaluate(tokens * indices, on: input) == [0, 2, 8])
        #expect(try evaluate(indices / tokens, on: input) == [0.0, 0.5, 0.5])

        let cases: [(SOp, [Value?])] = [
            (tokens + 1, [2, 3, 5]), (tokens - 1, [0, 1, 3]), (tokens * 2, [2, 4, 8]), (tokens / 2, [0.5, 1.0, 2.0]),
            (1 + tokens, [2, 3, 5]), (10 - tokens, [9, 8, 6]), (-1 * tokens, [-1, -2, -4]), (8 / tokens, [8.0, 4.0, 2.0]),
        ]
        for (sop, expected) in cases {
            #expect(mapInner(sop) === tokens)
            let actual = try evaluate(sop, on: input)
            #expect(ExactTypes.identical(actual, expected), "\(Value.pythonListRepr(actual))")
        }
    }

    @Test func logicUsesPythonValueSemantics() throws {
        let xs = ConstantSOp([0, 2, "", "b"])
        let ys = ConstantSOp([5, 6, 7, 0])
        #expect(try evaluate(xs & ys, on: [0, 0, 0, 0]) == [0, 6, "", 0])
        #expect(try evaluate(xs | ys, on: [0, 0, 0, 0]) == [5, 2, 7, "b"])
        #expect(try evaluate(xs & 9, on: [0, 0, 0, 0]) == [0, 9, "", 9])
        #expect(try evaluate(9 & xs, on: [0, 0, 0, 0]) == [0, 2, "", "b"])
        #expect(try evaluate(xs | 9, on: [0, 0, 0, 0]) == [9, 2, 9, "b"])
        // §19 item 19: `c | s` is `c or x` (Tracr evaluates `x or c`).
        #expect(try evaluate(9 | xs, on: [0, 0, 0, 0]) == [9, 9, 9, 9])
        #expect(try evaluate(~xs, on: [0, 0, 0, 0]) == [true, false, true, false])
        #expect(try evaluate(!xs, on: [0, 0, 0, 0]) == [true, false, true, false])
        #expect(mapInner(~xs) === xs)
        #expect(sequenceMapOperands(xs & ys).map { $0.0 === xs && $0.1 === ys } == true)
    }

    @Test func mapOverMapIsFusedUnlessAnnotated() throws {
        let inner = tokens + 1
        let fused = inner * 10
        #expect(mapInner(fused) === tokens, "Map(f, Map(g, x)) becomes Map(f∘g, x)")
        #expect(try evaluate(fused, on: [1, 2]) == [20, 30])

        let kept = Map({ x in try x * 10 }, inner, simplify: false)
        #expect(mapInner(kept) === inner)
        #expect(try evaluate(kept, on: [1, 2]) == [20, 30])

        // §19 item 18: an annotated inner Map is kept, so its name/encoding survive…
        let named = (tokens + 1).named("plus_one")
        #expect(mapInner(named * 10) === named)
        let numericalInner = numerical(tokens + 1)
        #expect(mapInner(numericalInner * 10) === numericalInner)
        // …unless Tracr's exact behaviour is asked for.
        let tracrFused = Map({ x in try x * 10 }, named, simplification: .tracr)
        #expect(mapInner(tracrFused) === tokens)
        #expect(tracrFused.name == "map")
        #expect(try evaluate(tracrFused, on: [1, 2]) == [20, 30])

        // Null between the fused functions propagates instead of reaching the outer one.
        let maybe = Map({ x in x == 1 ? nil : x }, tokens)
        let outer = Map({ x in try x + 1 }, maybe)
        #expect(mapInner(outer) === tokens)
        #expect(try evaluate(outer, on: [1, 2]) == [nil, 3])
    }

    @Test func annotationsAreCopiesThatKeepKindAndChildren() {
        let base = tokens + 1
        let renamed = base.named("x")
        let numericalCopy = numerical(renamed)
        #expect(base.explicitName == nil && base.name == "map" && base.encoding == .categorical)
        #expect(renamed !== base && renamed.name == "x" && renamed.encoding == .categorical)
        #expect(numericalCopy.name == "x" && numericalCopy.encoding == .numerical)
        #expect(categorical(numericalCopy).encoding == .categorical)
        #expect(mapInner(numericalCopy) === tokens)
        #expect(RASPGraph(numericalCopy).labels == ["x_1", "tokens"])
        // Primitives keep their fixed labels whatever they are named.
        #expect(RASPGraph(tokens.named("t")).outputLabel == "tokens")
        #expect(RASPGraph(numerical(indices)).outputLabel == "indices")
    }

    @Test func defaultNamesFollowTracr() {
        let sel = Select(tokens, tokens, .eq)
        let cases: [(RASPExpr, String)] = [
            (.sop(tokens), "tokens"), (.sop(indices), "indices"), (.sop(length), "length"),
            (.sop(tokens + 1), "map"), (.sop(tokens + indices), "sequence_map"),
            (.sop(LinearSequenceMap(tokens, indices, 1, 1)), "linear_sequence_map"), (.sop(Full(1)), "full"),
            (.sop(ConstantSOp([1])), "constant_sop"), (.sop(SelectorWidth(sel)), "selector_width"),
            (.sop(Aggregate(sel, tokens)), "aggregate"), (.selector(sel), "select"),
            (.selector(SelectorAnd(sel, sel)), "selector_and"), (.selector(SelectorOr(sel, sel)), "selector_or"),
            (.selector(SelectorNot(sel)), "selector_not"), (.selector(ConstantSelector([[true]])), "constant_selector"),
        ]
        for (expr, name) in cases { #expect(expr.name == name) }
    }
}
