import ALTA
import ALTAText
import AltaPrograms
import Testing

/// The forms the library files do not use: `update exhaustive`, `update function`, masks on
/// `qkv` heads and `when` in rules, each against the Swift DSL.
@Suite struct ALTATextFormTests {
    static func relativeParity(_ mlp: String) -> String {
        """
        program p
        vocabulary 3
        var parity: categorical 2 from token: 0 if token == 2 else token
        var done: categorical 2 from token: 1 if token == 2 else 0
        head parity_left = v_relative(parity, -1)
        head done_left = v_relative(done, -1)
        output parity
        halt when done = 1
        \(mlp)
        """
    }

    static let update = """
        if done != 1 and done_left == 1:
                set parity = parity_left ^ parity
                set done = 1
        """

    @Test func exhaustiveUpdateIsTheUnminimisedGeneration() throws {
        let text = try ALTATextProgram(source: Self.relativeParity("update exhaustive:\n    " + Self.update), file: "p.alta").program
        let dsl = try ALTAParity.sequentialRelative(form: .generated(minimised: false), name: "p")
        #expect(text.rules == dsl.rules)
        #expect(text.ruleStatistics == dsl.ruleStatistics)
    }

    @Test func functionUpdateRunsInTheInterpreter() throws {
        let text = try ALTATextProgram(source: Self.relativeParity("update function:\n    " + Self.update), file: "p.alta").program
        #expect(!text.isRuleForm)
        let dsl = try ALTAParity.sequentialRelative(form: .function, name: "p")
        for tokens in [[2, 1, 0, 1, 1], [2, 0], [2, 1, 1, 1, 0, 1, 0, 0, 1]] {
            let ours = try ALTAInterpreter(program: text).run(tokens, layers: .untilHalt(maxLayers: 20))
            let theirs = try ALTAInterpreter(program: dsl).run(tokens, layers: .untilHalt(maxLayers: 20))
            #expect(ours.output == theirs.output && ours.layersRun == theirs.layersRun)
            #expect(ours.trace?.layers == theirs.trace?.layers)
        }
    }

    @Test func whenIsTheBuildersWhen() throws {
        let rules = """
            rules:
                when done = 0 and done_left = 1:
                    set done = 1
                    for parity_left, parity:
                        set parity = parity_left ^ parity
            """
        let text = try ALTATextProgram(source: Self.relativeParity(rules), file: "p.alta").program
        let schema = text.schema
        let x = MLPBuilder(schema: schema)
        try x.when("done", is: 0) {
            try x.when("done_left", is: 1) {
                try x.set("done", 1)
                try x.forEach("parity_left", "parity") { a, b in try x.set("parity", a ^ b) }
            }
        }
        #expect(text.rules == (try ALTAProgram(name: "p", schema: schema, rules: x.rules, output: "parity")).rules)
    }

    @Test func maskedHeadsAndOutputKinds() throws {
        let source = """
            program masked
            vocabulary 4
            positions 8
            var idx: categorical 8 from position
            var token: categorical 4 from token
            var n: numerical [0, 0.5, 1] = 1
            head left = qkv(idx, idx, token) mask {-1, 0}
            head mean = qkv(idx, idx, n) as numerical [0, 0.5, 1]
            output token
            layers 1
            """
        let text = try ALTATextProgram(source: source, file: "m.alta")
        let schema = try ALTASchema(
            inputRange: 4, positionRange: 8,
            variables: [.position("idx", range: 8), .input("token", range: 4), .numerical("n", buckets: [0, 0.5, 1], default: 1)],
            heads: [.qkv("left", query: "idx", key: "idx", value: "token", mask: [-1, 0]),
                    .qkv("mean", query: "idx", key: "idx", value: "n", outputKind: .numerical(buckets: [0, 0.5, 1]))])
        #expect(text.program.heads == schema.heads)
        #expect(text.program.variables == schema.variables)
        #expect(text.layerLimit == .exactly(1))
        #expect(text.encoding == nil)
    }
}
