import ALTA
import AltaPrograms
import Testing

/// The interpreter's layer loop, heads, traces and MLP semantics.
@Suite struct InterpreterTests {
    static func relativeParity() throws -> ALTAProgram {
        try ALTAParity.sequentialRelative(form: .rules)
    }

    // MARK: layer counts

    @Test func runsExactlyTheLayersAsked() throws {
        let interpreter = ALTAInterpreter(program: try Self.relativeParity())
        let tokens = [2, 1, 1, 0]  // halts after 3 layers
        for n in 0...7 {
            let run = try interpreter.run(tokens, layers: .exactly(n))
            #expect(run.layersRun == n)
            #expect(run.trace?.layers.count == n)
            #expect(run.trace?.layers.map(\.index) == Array(0..<n))
        }
        // No layer: the output is the initial value of the output variable.
        let none = try interpreter.run(tokens, layers: .exactly(0))
        #expect(none.output == ints([0, 1, 1, 0]))
        #expect(!none.halted)
    }

    @Test func untilHaltStopsAtTheHaltOrTheCap() throws {
        let interpreter = ALTAInterpreter(program: try Self.relativeParity())
        let tokens = [2, 1, 1, 0, 1, 1]  // needs 5 layers
        let full = try interpreter.run(tokens, layers: .untilHalt(maxLayers: 50))
        #expect(full.layersRun == 5 && full.halted)
        let capped = try interpreter.run(tokens, layers: .untilHalt(maxLayers: 3))
        #expect(capped.layersRun == 3 && !capped.halted)
        let zero = try interpreter.run(tokens, layers: .untilHalt(maxLayers: 0))
        #expect(zero.layersRun == 0)
        #expect(throws: ALTAError.invalidLayerCount(-1)) { try interpreter.run(tokens, layers: .exactly(-1)) }
        // Without a halting condition, untilHalt runs the cap.
        let noHalt = ALTAInterpreter(program: try ALTAParity.sequentialRelative(form: .rules, halting: false))
        #expect(try noHalt.run(tokens, layers: .untilHalt(maxLayers: 8)).layersRun == 8)
    }

    @Test func atLeastOneLayerRunsEvenIfTheInputAlreadyHalts() throws {
        // Only START: done = 1 everywhere before the first layer; the check comes after a layer.
        let run = try ALTAInterpreter(program: try Self.relativeParity()).run([2], layers: .untilHalt(maxLayers: 5))
        #expect(run.layersRun == 1 && run.halted)
    }

    // MARK: traces

    @Test func tracesOfSeparateRunsDoNotMix() throws {
        let interpreter = ALTAInterpreter(program: try Self.relativeParity())
        let first = try #require(try interpreter.run([2, 1, 0], layers: .exactly(2)).trace)
        let second = try #require(try interpreter.run([2, 0, 1, 1, 1], layers: .exactly(4)).trace)
        let again = try #require(try interpreter.run([2, 1, 0], layers: .exactly(2)).trace)
        #expect(first.layers.count == 2 && second.layers.count == 4)
        #expect(first.initial.length == 3 && second.initial.length == 5)
        #expect(first.layers.allSatisfy { $0.afterMLP.length == 3 })
        #expect(first.layers == again.layers)
        #expect(first.initial == again.initial)
        #expect(try first.table() == (try again.table()))
    }

    @Test func traceTableHasTheOriginalLayout() throws {
        let program = try Self.relativeParity()
        let run = try ALTAInterpreter(program: program).run([2, 1], layers: .exactly(1))
        let trace = try #require(run.trace)
        let table = try trace.table(positions: [1], variables: ["parity", "done", "parity_left"])
        #expect(table == """
            Element,Variable,Input,L0a,L0b
            1,parity,1,1,1
            1,done,0,0,1
            1,parity_left,-,0,-
            """)
        let all = try trace.tableRows()
        #expect(all.count == 1 + 2 * program.variables.count)
        #expect(all[0] == ["Element", "Variable", "Input", "L0a", "L0b"])
        #expect(try trace.table(variables: ["done"], separator: " | ").contains("0 | done | 1 | 1 | 1"))
        #expect(throws: ALTAError.unknownVariable("nope", context: "trace table filter")) {
            try trace.table(variables: ["nope"])
        }
        #expect(throws: ALTAError.positionOutOfRange(position: 7, length: 2)) { try trace.table(positions: [7]) }
    }

    @Test func firedRulesAreRecordedPerLayerAndPosition() throws {
        let program = try Self.relativeParity()
        let run = try ALTAInterpreter(program: program).run([2, 1, 1], layers: .exactly(2))
        let trace = try #require(run.trace)
        // Layer 0, position 1: left neighbour (START) is done → done 0→1; parity_left = 0, so
        // parity stays; the resets of parity_left=0 and done_left=1 fire too.
        let fired = trace.firedRules(layer: 0, position: 1).map(\.description)
        #expect(fired.contains("done=0 & done_left=1 => done: 0 -> 1"))
        #expect(fired.contains("parity_left=0 => parity_left: 0 -> -"))
        #expect(fired.contains("done_left=1 => done_left: 1 -> -"))
        #expect(fired.count == 3)
        // Layer 1, position 2: parity 1 XOR left parity 1 → 0.
        #expect(trace.firedRules(layer: 1, position: 2).map(\.description)
            .contains("parity=1 & done=0 & parity_left=1 & done_left=1 => parity: 1 -> 0"))
        // Position 0 has no left neighbour: its heads are null and no rule fires.
        #expect(trace.layers.allSatisfy { $0.firedRules[0].isEmpty })
        #expect(run.firedRuleIndices == Set(trace.layers.flatMap { $0.firedRules.flatMap { $0 } }))
        #expect(try trace.firedRulesText(positions: [1]).split(separator: "\n").count == 3 + 2)
    }

    // MARK: heads

    /// Tokens 0…4 in `x`, `key` and `value` = token, a constant query 2 and a set query.
    static func headProgram(heads: [ALTAHeadDeclaration]) throws -> ALTAProgram {
        try ALTAProgram(
            name: "heads", inputRange: 5,
            variables: [
                .input("x", range: 5),
                .categorical("key", range: 5, fromToken: { $0 == 4 ? nil : $0 % 3 }),
                .categorical("two", range: 5, default: 2),
                .categorical("none", range: 5, default: nil),
                .numerical("number", buckets: [0, 1, 2, 3, 4], fromToken: { Double($0) }),
                .set("small", range: 5, default: [0, 1]),
            ],
            heads: heads, output: "x", rules: { _ in })
    }

    @Test func categoricalHeadNeedsExactlyOneMatch() throws {
        let program = try Self.headProgram(heads: [
            .qkv("by_two", query: "two", key: "key", value: "x"),
            .qkv("by_own", query: "x", key: "key", value: "x"),
            .qkv("null_query", query: "none", key: "key", value: "x"),
            .qkv("by_set", query: "small", key: "key", value: "x"),
        ])
        // keys: token % 3 (token 4 → null): [0, 1, 2, 0, -]
        let state = try ALTAInterpreter(program: program).attend(
            try ALTAInterpreter(program: program).initialState(for: [0, 1, 2, 3, 4]))
        // key 2 appears once (position 2): every position gets x = 2.
        #expect(state.column("by_two") == ints([2, 2, 2, 2, 2]))
        // query = own token: 0 matches positions 0 and 3 (two matches → null); 1 → position 1;
        // 2 → position 2; 3 and 4 → no match (null).
        #expect(state.column("by_own") == [nil, .int(1), .int(2), nil, nil])
        #expect(state.column("null_query") == [nil, nil, nil, nil, nil])
        // {0, 1} matches positions 0, 1, 3 → several → null.
        #expect(state.column("by_set") == [nil, nil, nil, nil, nil])
    }

    @Test func twoEqualMatchesAreStillNull() throws {
        let program = try ALTAProgram(
            name: "equal", inputRange: 3,
            variables: [.input("x", range: 3), .categorical("zero", range: 3, default: 0),
                        .categorical("same", range: 3, default: 1)],
            heads: [.qkv("h", query: "zero", key: "zero", value: "same")],
            output: "x", rules: { _ in })
        let interpreter = ALTAInterpreter(program: program)
        let state = try interpreter.attend(try interpreter.initialState(for: [0, 1]))
        #expect(state.column("h") == [nil, nil])
        let single = try interpreter.attend(try interpreter.initialState(for: [0]))
        #expect(single.column("h") == [.int(1)])
    }

    @Test func numericalHeadAveragesTheMatches() throws {
        let program = try Self.headProgram(heads: [
            .qkv("mean_set", query: "small", key: "key", value: "number"),
            .qkv("mean_none", query: "none", key: "key", value: "number"),
            .qkv("left", query: "two", key: "two", value: "number", mask: [-1]),
        ])
        let interpreter = ALTAInterpreter(program: program)
        let state = try interpreter.attend(try interpreter.initialState(for: [0, 1, 2, 3, 4]))
        // keys [0, 1, 2, 0, -]; {0, 1} selects positions 0, 1, 3 → mean of 0, 1, 3.
        #expect(state.column("mean_set") == [ALTAValue?](repeating: .number(4.0 / 3.0), count: 5))
        #expect(state.column("mean_none") == [nil, nil, nil, nil, nil])
        // Relative mask {−1}: the left neighbour only; position 0 has none.
        #expect(state.column("left") == [nil, .number(0), .number(1), .number(2), .number(3)])
    }

    @Test func headsAreSimultaneousAndOrderIndependent() throws {
        // The MLP writes x := (left + right) mod 10; both heads read the same pre-attention x,
        // whatever the head order.
        func program(_ heads: [ALTAHeadDeclaration]) throws -> ALTAProgram {
            try ALTAProgram(
                name: "sum", inputRange: 10,
                variables: [.input("x", range: 10)], heads: heads, output: "x",
                function: { z in
                    if try !z.isNull("left"), try !z.isNull("right") {
                        try z.set("x", (try z.int("left") + z.int("right")) % 10)
                    }
                })
        }
        let heads: [ALTAHeadDeclaration] = [.relative("left", value: "x", offset: -1), .relative("right", value: "x", offset: 1)]
        let tokens = [3, 1, 4, 1, 5, 9, 2, 6]
        let a = try ALTAInterpreter(program: try program(heads)).run(tokens, layers: .exactly(3))
        let b = try ALTAInterpreter(program: try program(heads.reversed())).run(tokens, layers: .exactly(3))
        #expect(a.output == b.output)
        // Reference: one layer from the initial tokens.
        var x = tokens
        for _ in 0..<3 {
            let old = x
            for i in 1..<(x.count - 1) { x[i] = (old[i - 1] + old[i + 1]) % 10 }
        }
        #expect(a.output == ints(x))
    }

    @Test func headOutputsAreNullAfterEveryMLP() throws {
        let program = try ALTAParity.sumMod2(form: .rules, maxInputLength: 10)
        let run = try ALTAInterpreter(program: program).run([1, 0, 1, 2], layers: .exactly(3))
        let trace = try #require(run.trace)
        for layer in trace.layers {
            #expect(layer.afterAttention.column("inv_num_ones")?.allSatisfy { $0 == .number(1.0 / 3.0) } == true)
            #expect(layer.afterMLP.column("inv_num_ones")?.allSatisfy { $0 == nil } == true)
        }
        // The numerical reset rule for bucket 1/3 fired at every position.
        #expect(trace.firedRules(layer: 0, position: 0).map(\.description).contains { $0.hasPrefix("inv_num_ones=0.3333333333333333 => inv_num_ones:") })
    }

    // MARK: MLP semantics

    @Test func twoRulesWritingOneVariableIsAnError() throws {
        let schema = try ALTASchema(inputRange: 2, variables: [.input("a", range: 2), .categorical("b", range: 3)])
        let program = try ALTAProgram(name: "conflict", schema: schema, rules: [
            ALTARule(when: [ALTAAtom("a", 1)], set: "b", from: 0, to: 1),
            ALTARule(when: [ALTAAtom("a", 1)], set: "b", from: 0, to: 2),
        ], output: "b")
        let interpreter = ALTAInterpreter(program: program)
        #expect(try interpreter.run([0, 0], layers: .exactly(1)).output == ints([0, 0]))
        #expect {
            try interpreter.run([0, 1], layers: .exactly(1))
        } throws: { error in
            guard case ALTAError.conflictingUpdates(let variable, let position, let layer, let rules) = error else { return false }
            return variable == "b" && position == 1 && layer == 0 && rules.count == 2
        }
    }

    @Test func rulesFireInParallelOnTheMLPInput() throws {
        // Swap a and b: both rules read the old values.
        let schema = try ALTASchema(inputRange: 2, variables: [.input("a", range: 2), .categorical("b", range: 2, fromToken: { 1 - $0 })])
        let builder = MLPBuilder(schema: schema)
        try builder.forEach("a", "b") { a, b in
            try builder.set("a", b)
            try builder.set("b", a)
        }
        let program = try ALTAProgram(name: "swap", schema: schema, rules: builder.rules, output: "a")
        let run = try ALTAInterpreter(program: program).run([0, 1], layers: .exactly(1))
        #expect(run.finalState.column("a") == ints([1, 0]))
        #expect(run.finalState.column("b") == ints([0, 1]))
    }

    @Test func functionFormErrorsNameTheVariable() throws {
        let schema = try ALTASchema(inputRange: 2, variables: [.input("a", range: 2), .categorical("n", range: 2, default: nil),
                                                             .numerical("r")],
                                    heads: [.relative("left", value: "a", offset: -1)])
        func run(_ body: @escaping @Sendable (inout ALTAMLPContext) throws -> Void) throws {
            let program = try ALTAProgram(name: "f", schema: schema, function: ALTAMLPFunction(body), output: "a")
            _ = try ALTAInterpreter(program: program).run([0, 1], layers: .exactly(1))
        }
        func expectFailure(_ inner: ALTAError, _ body: @escaping @Sendable (inout ALTAMLPContext) throws -> Void) {
            #expect(throws: ALTAError.mlpFunctionFailed(position: 0, layer: 0, reason: inner.description)) { try run(body) }
        }
        expectFailure(.readNull(variable: "n")) { z in _ = try z.int("n") }
        expectFailure(.readNull(variable: "left")) { z in _ = try z.int("left") }
        expectFailure(.unknownVariable("zz", context: "MLP function")) { z in _ = try z.int("zz") }
        expectFailure(.typeMismatch(variable: "a", expected: "a number", found: "0")) { z in _ = try z.number("a") }
        expectFailure(.functionWritesHeadOutput(variable: "left")) { z in try z.set("left", 1) }
        expectFailure(.functionWritesHeadOutput(variable: "relative_qk")) { z in try z.set("relative_qk", 0) }
        expectFailure(.invalidValue(variable: "a", value: "2", expected: "an integer in 0..<2", context: "MLP function write")) { z in
            try z.set("a", 2)
        }
        // Reading null through `value` is allowed.
        try run { z in if try z.value("n") == nil { try z.set("n", 1) } }
    }

    @Test func inputsAreValidated() throws {
        let absolute = ALTAInterpreter(program: try ALTAParity.sequentialAbsolute(form: .rules, maxInputLength: 4))
        #expect(throws: ALTAError.inputTooLong(length: 5, positionRange: 4)) { try absolute.run([0, 1, 0, 1, 1], layers: .exactly(1)) }
        #expect(throws: ALTAError.tokenOutOfRange(token: 2, position: 1, inputRange: 2)) { try absolute.run([0, 2], layers: .exactly(1)) }
        #expect(throws: ALTAError.tokenOutOfRange(token: -1, position: 0, inputRange: 2)) { try absolute.run([-1], layers: .exactly(1)) }
        // An empty input runs (and halts vacuously).
        let empty = try absolute.run([], layers: .untilHalt(maxLayers: 3))
        #expect(empty.output.isEmpty && empty.layersRun == 1)
    }

    @Test func variableLayoutFollowsTheOriginal() throws {
        // ALTA.md §12.6 worked check: d_model 9 = parity 2 + done 2 + relative_qk 1 + 2 + 2.
        let relative = try Self.relativeParity()
        #expect(relative.variables.map(\.name) == ["parity", "done", "relative_qk", "parity_left", "done_left"])
        #expect(relative.variables.map(\.kind.residualWidth).reduce(0, +) == 9)
        #expect(relative.variables[2].role == .relativeQK)
        #expect(relative.variables[3].role == .headOutput(head: 0))
        #expect(try ALTAParity.sequentialAbsolute(form: .rules).variables.map(\.kind.residualWidth).reduce(0, +) == 108)
        #expect(try ALTAAddition.program().variables.map(\.kind.residualWidth).reduce(0, +) == 91)
        #expect(try ALTASubleq.program().variables.count == 10 + 5)
    }
}
