import AltaPrograms
import AltaTestSupport
import Testing

/// The two plain-Swift references (phrase-structure semantics and the QCFG shift-reduce
/// simulation) against each other and against the complete SCAN task file.
@Suite struct SCANSemanticsTests {
    @Test func semanticsMatchesEveryTask() throws {
        let data = try SCANDataTests.tasks()
        var mismatches: [String] = []
        for example in data.examples {
            let actions = try SCANSemantics.interpret(example.command)
            if actions != example.actions { mismatches.append(example.commandText) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// The QCFG shift-reduce parse and tree walk reproduce every task, with the
    /// statistics ALTA-EXAMPLES §5.7 gives for the whole command space.
    @Test func shiftReduceParseMatchesEveryTask() throws {
        let data = try SCANDataTests.tasks()
        var mismatches: [String] = []
        var layers: [Int] = []
        var reductions: [Int] = []
        var depths: [Int] = []
        for example in data.examples {
            let tree = try SCANParseTree.parse(example.command)
            if tree.decode().actions != example.actions { mismatches.append(example.commandText) }
            #expect(tree.shiftCount == example.command.count)
            layers.append(tree.layerCount)
            reductions.append(tree.reductionCount)
            depths.append(tree.maxStackDepth)
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        #expect(layers.min() == 19 && layers.max() == 408)
        let mean = Double(layers.reduce(0, +)) / Double(layers.count)
        #expect(abs(mean - 168.6) < 0.05, "mean \(mean)")
        #expect(layers.filter { $0 == 408 }.count == 128)
        #expect(reductions.min() == 1 && reductions.max() == 7)
        #expect(depths.max() == 5)
        let within128 = Double(layers.filter { $0 <= 128 }.count) / Double(layers.count)
        let within256 = Double(layers.filter { $0 <= 256 }.count) / Double(layers.count)
        #expect(abs(within128 - 0.301) < 0.0005 && abs(within256 - 0.893) < 0.0005)
    }

    /// Layer counts measured on the upstream interpreter (ALTA-EXAMPLES §5.7).
    @Test(arguments: [
        ("walk", 19), ("turn left", 23), ("jump twice", 42), ("jump after look left", 67),
        ("jump twice after walk", 73), ("walk around left", 76),
        ("turn around right thrice", 86), ("look right and turn opposite right twice", 104),
        ("walk opposite left twice and run", 109),
        ("run around right thrice after jump around left thrice", 408),
        ("walk around right thrice and walk around right thrice", 408),
    ])
    func layerCountFormula(command: String, layers: Int) throws {
        let tree = try SCANParseTree.parse(SCANWord.parse(command))
        #expect(tree.layerCount == layers)
    }

    @Test func treeOfTheWorkedExample() throws {
        let tree = try SCANParseTree.parse(SCANWord.parse("jump twice after walk"))
        #expect(tree.nodes.map(\.rule) == [7, 2, 4, 1])
        #expect(tree.nodes.map(\.children) == [[], [0], [], [1, 2]])
        #expect(tree.nodes.map(\.parent) == [1, 3, 3, nil])
        #expect(tree.decode().actions == [.walk, .jump, .jump])
        let deep = try SCANParseTree.parse(
            SCANWord.parse("look right and turn opposite right twice"))
        #expect(deep.nodes.map(\.rule) == [5, 19, 11, 2, 0])
        #expect(deep.maxStackDepth == 5)
    }

    @Test func grammarDerivedColumns() {
        let rules = SCANGrammar.rules
        #expect(rules.count == 20)
        #expect(rules.map { $0.childStackPosition(0) }
            == [2, 2, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 3, 3, 1, 1])
        #expect(rules.map { $0.childStackPosition(1) }
            == [0, 0] + Array(repeating: 3, count: 18))
        #expect(SCANGrammar.maxTargetLength == 8)
        #expect(rules.filter(\.needsEndOfInput).count == 2)
    }

    /// Each command outside the grammar is refused by the semantics and by the parser, each
    /// saying where it fails.
    @Test(arguments: [
        ("turn", "'turn' at position 0 needs a direction", "no rule reduces the stack turn"),
        ("walk and", "empty phrase at position 2", "no rule reduces the stack S and"),
        ("and walk", "empty phrase at position 0", "no rule reduces the stack and S"),
        ("walk opposite", "expected 'left' or 'right' at position 1 after 'walk', found 'opposite'",
         "no rule reduces the stack S opposite"),
        ("turn twice", "'turn' at position 0 needs a direction", "no rule reduces the stack turn twice"),
        ("left", "'left' at position 0 cannot start a phrase (expected walk, look, run, jump or turn)",
         "no rule reduces the stack left"),
        ("walk around", "expected 'left' or 'right' at position 1 after 'walk', found 'around'",
         "no rule reduces the stack S around"),
    ])
    func rejectsCommandsOutsideTheGrammar(command: String, semantics: String, parser: String) throws {
        let words = try SCANWord.parse(command)
        expectError(SCANError.notInGrammar(command: command, reason: semantics),
                    message: "'\(command)' is not a SCAN command: \(semantics)") {
            try SCANSemantics.interpret(words)
        }
        expectError(SCANError.notInGrammar(command: command, reason: parser),
                    message: "'\(command)' is not a SCAN command: \(parser)") {
            try SCANParseTree.parse(words)
        }
    }

    /// The 20-rule QCFG is more permissive than the SCAN grammar: it also parses some
    /// word sequences SCAN never generates (so the ALTA program gives them a meaning).
    @Test(arguments: [
        ("walk twice twice", "WALK WALK WALK WALK", "expected 'left' or 'right' at position 1 after 'walk', found 'twice'"),
        ("walk left right", "RTURN LTURN WALK", "malformed phrase 'walk left right' at positions 0...2"),
        ("walk and run and look", "WALK RUN LOOK", "a second 'and' at position 3 (at most one 'and'/'after')"),
    ])
    func qcfgAcceptsMoreThanSCAN(command: String, actions: String, reason: String) throws {
        let words = try SCANWord.parse(command)
        expectError(SCANError.notInGrammar(command: command, reason: reason),
                    message: "'\(command)' is not a SCAN command: \(reason)") {
            try SCANSemantics.interpret(words)
        }
        #expect(try SCANParseTree.parse(words).decode().actions.actionText == actions)
    }
}
