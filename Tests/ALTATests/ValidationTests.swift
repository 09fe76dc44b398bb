import ALTA
import AltaTestSupport
import Testing

/// Every validation error of schemas, programs, rules and the rule builder.
@Suite struct ValidationTests {
    static let base: [ALTAVariableDeclaration] = [
        .input("token", range: 3),
        .categorical("flag", range: 2),
        .numerical("weight", buckets: [0, 1]),
        .set("query", range: 3, values: [[0], [0, 1]], default: [0]),
    ]

    static func schema(heads: [ALTAHeadDeclaration] = [.relative("left", value: "flag", offset: -1)]) throws -> ALTASchema {
        try ALTASchema(inputRange: 3, variables: base, heads: heads)
    }

    static func program(_ rules: [ALTARule], halt: ALTAHalt? = nil, output: String = "flag") throws -> ALTAProgram {
        try ALTAProgram(name: "p", schema: try schema(), rules: rules, output: output, halt: halt)
    }

    // MARK: schema

    @Test func tableSizesAndNames() {
        #expect(throws: ALTAError.invalidTableSize(what: "inputRange", size: 0)) {
            try ALTASchema(inputRange: 0, variables: [])
        }
        #expect(throws: ALTAError.invalidTableSize(what: "positionRange", size: 0)) {
            try ALTASchema(inputRange: 1, positionRange: 0, variables: [])
        }
        #expect(throws: ALTAError.emptyName(what: "a variable")) {
            try ALTASchema(inputRange: 1, variables: [.categorical("", range: 2)])
        }
        #expect(throws: ALTAError.duplicateName("a", detail: "declared as a variable twice")) {
            try ALTASchema(inputRange: 1, variables: [.categorical("a", range: 2), .categorical("a", range: 3)])
        }
        #expect(throws: ALTAError.reservedName("relative_qk")) {
            try ALTASchema(inputRange: 1, variables: [.categorical("relative_qk", range: 1)])
        }
        #expect(throws: ALTAError.duplicateName("flag", detail: "head output 'flag' collides with a declared variable")) {
            try Self.schema(heads: [.relative("flag", value: "token", offset: 1)])
        }
        #expect(throws: ALTAError.duplicateName("h", detail: "two heads write 'h'")) {
            try Self.schema(heads: [.relative("h", value: "token", offset: 1), .relative("h", value: "flag", offset: 1)])
        }
        #expect(throws: ALTAError.reservedName("relative_qk")) {
            try Self.schema(heads: [.relative("relative_qk", value: "token", offset: 1)])
        }
    }

    @Test func kindsAndValues() {
        #expect(throws: ALTAError.invalidRange(variable: "a", range: 0)) {
            try ALTASchema(inputRange: 1, variables: [.categorical("a", range: 0)])
        }
        #expect(throws: ALTAError.invalidBuckets(variable: "w", reason: "bucket values must be strictly ascending (1.0 then 1.0)")) {
            try ALTASchema(inputRange: 1, variables: [.numerical("w", buckets: [0, 1, 1])])
        }
        #expect(throws: ALTAError.invalidBuckets(variable: "w", reason: "the bucket list is empty")) {
            try ALTASchema(inputRange: 1, variables: [.numerical("w", buckets: [])])
        }
        #expect(throws: ALTAError.invalidBuckets(variable: "w", reason: "bucket values must be finite")) {
            try ALTASchema(inputRange: 1, variables: [.numerical("w", buckets: [0, .infinity])])
        }
        #expect(throws: ALTAError.invalidSetValues(variable: "s", reason: "member 3 is outside 0..<3")) {
            try ALTASchema(inputRange: 1, variables: [.set("s", range: 3, values: [[0, 3]])])
        }
        #expect(throws: ALTAError.invalidSetValues(variable: "s", reason: "{1} is listed twice")) {
            try ALTASchema(inputRange: 1, variables: [.set("s", range: 3, values: [[1], [1]])])
        }
        #expect(throws: ALTAError.invalidValue(variable: "a", value: "2", expected: "an integer in 0..<2", context: "default of 'a'")) {
            try ALTASchema(inputRange: 1, variables: [.categorical("a", range: 2, default: 2)])
        }
        #expect(throws: ALTAError.invalidValue(variable: "a", value: "2", expected: "an integer in 0..<2",
                                               context: "initial value of 'a' for token 2")) {
            try ALTASchema(inputRange: 3, variables: [.input("a", range: 2)])
        }
        #expect(throws: ALTAError.invalidValue(variable: "p", value: "3", expected: "an integer in 0..<3",
                                               context: "initial value of 'p' at position 3")) {
            try ALTASchema(inputRange: 1, positionRange: 4, variables: [.position("p", range: 3)])
        }
        #expect(throws: ALTAError.invalidValue(variable: "s", value: "{2}", expected: "one of the 1 listed sets",
                                               context: "initial value of 's' for token 0")) {
            try ALTASchema(inputRange: 1, variables: [.set("s", range: 3, values: [[1]], fromToken: { _ in [2] })])
        }
        #expect(throws: ALTAError.positionInitWithoutPositionTable(variable: "p")) {
            try ALTASchema(inputRange: 1, variables: [.position("p", range: 3)])
        }
    }

    @Test func heads() {
        #expect(throws: ALTAError.unknownVariable("nope", context: "value of head 'h'")) {
            try Self.schema(heads: [.relative("h", value: "nope", offset: 1)])
        }
        #expect(throws: ALTAError.unknownVariable("nope", context: "query of head 'h'")) {
            try Self.schema(heads: [.qkv("h", query: "nope", key: "token", value: "flag")])
        }
        #expect(throws: ALTAError.setVariableAsHeadValue(head: "h", variable: "query")) {
            try Self.schema(heads: [.qkv("h", query: "token", key: "token", value: "query")])
        }
        #expect(throws: ALTAError.invalidHead(head: "h", reason: "key 'weight' must be categorical, it is numerical(2 buckets)")) {
            try Self.schema(heads: [.qkv("h", query: "token", key: "weight", value: "flag")])
        }
        #expect(throws: ALTAError.invalidHead(head: "h", reason: "query 'weight' must be categorical or a set, it is numerical")) {
            try Self.schema(heads: [.qkv("h", query: "weight", key: "token", value: "flag")])
        }
        #expect(throws: ALTAError.invalidHead(head: "h", reason: "query 'flag' has range 2 but key 'token' has range 3; they must be equal")) {
            try Self.schema(heads: [.qkv("h", query: "flag", key: "token", value: "flag")])
        }
        #expect(throws: ALTAError.invalidHead(head: "h", reason: "a categorical head's output must be categorical with the value's range 2, got categorical(range: 3)")) {
            try Self.schema(heads: [.qkv("h", query: "token", key: "token", value: "flag", outputKind: .categorical(range: 3))])
        }
        #expect(throws: ALTAError.invalidHead(head: "h", reason: "a numerical head's output must be numerical, got categorical(range: 2)")) {
            try Self.schema(heads: [.qkv("h", query: "token", key: "token", value: "weight", outputKind: .categorical(range: 2))])
        }
        // A head reading another head's output would always see null (heads are simultaneous).
        #expect(throws: ALTAError.invalidHead(head: "h2", reason: "its query 'h1' is a head output; heads run simultaneously from the pre-attention state, where head outputs are always null")) {
            try Self.schema(heads: [.qkv("h1", query: "token", key: "token", value: "token"),
                                    .qkv("h2", query: "h1", key: "token", value: "flag")])
        }
        // Set query with the key's range is fine.
        #expect((try? Self.schema(heads: [.qkv("h", query: "query", key: "token", value: "weight")])) != nil)
    }

    // MARK: program

    @Test func outputAndHalt() {
        #expect(throws: ALTAError.unknownVariable("out", context: "output variable")) { try Self.program([], output: "out") }
        #expect(throws: ALTAError.unknownVariable("stop", context: "halting condition")) {
            try Self.program([], halt: ALTAHalt("stop"))
        }
        #expect(throws: ALTAError.invalidValue(variable: "flag", value: "2", expected: "an integer in 0..<2", context: "halting condition")) {
            try Self.program([], halt: ALTAHalt("flag", equals: 2))
        }
    }

    @Test func rules() {
        let ok = ALTARule(when: [ALTAAtom("token", 1)], set: "flag", from: 0, to: 1)
        #expect((try? Self.program([ok])) != nil)
        #expect(ok.conditions == [ALTAAtom("token", 1), ALTAAtom("flag", 0)], "the old-value atom is added")

        let unknownAtom = ALTARule(when: [ALTAAtom("nope", 1)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.unknownVariable("nope", context: "condition of rule [\(unknownAtom)]")) { try Self.program([unknownAtom]) }
        let unknownTarget = ALTARule(when: [], set: "nope", from: 0, to: 1)
        #expect(throws: ALTAError.unknownVariable("nope", context: "condition of rule [\(unknownTarget)]")) { try Self.program([unknownTarget]) }
        let outOfRange = ALTARule(when: [ALTAAtom("token", 3)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidValue(variable: "token", value: "3", expected: "an integer in 0..<3",
                                               context: "condition of rule [\(outOfRange)]")) { try Self.program([outOfRange]) }
        let newOutOfRange = ALTARule(when: [], set: "flag", from: 0, to: 2)
        #expect(throws: ALTAError.invalidValue(variable: "flag", value: "2", expected: "an integer in 0..<2",
                                               context: "new value of rule [\(newOutOfRange)]")) { try Self.program([newOutOfRange]) }
        let headWrite = ALTARule(when: [], set: "left", from: 0, to: 1)
        #expect(throws: ALTAError.ruleWritesHeadOutput(rule: headWrite.description, variable: "left")) { try Self.program([headWrite]) }
        let qkWrite = ALTARule(when: [], set: "relative_qk", from: 0, to: nil)
        #expect(throws: ALTAError.ruleWritesHeadOutput(rule: qkWrite.description, variable: "relative_qk")) { try Self.program([qkWrite]) }
        let wrongType = ALTARule(when: [ALTAAtom("token", 1.5)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidValue(variable: "token", value: "1.5", expected: "an integer in 0..<3",
                                               context: "condition of rule [\(wrongType)]")) { try Self.program([wrongType]) }
        let notABucket = ALTARule(when: [ALTAAtom("weight", 0.5)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidValue(variable: "weight", value: "0.5", expected: "one of its bucket values [0.0, 1.0]",
                                               context: "condition of rule [\(notABucket)]")) { try Self.program([notABucket]) }
        let unlistedSet = ALTARule(when: [ALTAAtom("query", [1])], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidValue(variable: "query", value: "{1}", expected: "one of the 2 listed sets",
                                               context: "condition of rule [\(unlistedSet)]")) { try Self.program([unlistedSet]) }
        let contradictory = ALTARule(when: [ALTAAtom("token", 1), ALTAAtom("token", 2)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidRule(rule: contradictory.description, reason: "variable 'token' appears in two conditions")) {
            try Self.program([contradictory])
        }
        let oldMismatch = ALTARule(when: [ALTAAtom("flag", 1)], set: "flag", from: 0, to: 1)
        #expect(throws: ALTAError.invalidRule(rule: oldMismatch.description, reason: "its condition requires flag=1 but the old value it replaces is 0")) {
            try Self.program([oldMismatch])
        }
        let noOp = ALTARule(when: [], set: "flag", from: 1, to: 1)
        #expect(throws: ALTAError.invalidRule(rule: noOp.description, reason: "it does not change 'flag'")) { try Self.program([noOp]) }
    }

    @Test func bucketsAndSetValuesNeededByRules() throws {
        let schema = try ALTASchema(inputRange: 2, variables: [.input("t", range: 2), .numerical("free"), .set("s", range: 2)])
        let numeric = ALTARule(when: [ALTAAtom("free", 0.0)], set: "t", from: 0, to: 1)
        #expect(throws: ALTAError.missingBuckets(variable: "free", reason: "condition of rule [\(numeric)] needs (rules match and write bucket values)")) {
            try ALTAProgram(name: "p", schema: schema, rules: [numeric], output: "t")
        }
        let set = ALTARule(when: [ALTAAtom("s", [1])], set: "t", from: 0, to: 1)
        #expect(throws: ALTAError.invalidSetValues(variable: "s", reason: "condition of rule [\(set)] needs the list of possible sets (values)")) {
            try ALTAProgram(name: "p", schema: schema, rules: [set], output: "t")
        }
        // A numerical head output without buckets cannot get reset rules in rule form, but is
        // fine in function form.
        let headSchema = try ALTASchema(inputRange: 2, variables: [.input("t", range: 2), .numerical("free")],
                                        heads: [.relative("mean", value: "free", offset: 0)])
        #expect(throws: ALTAError.missingBuckets(variable: "mean", reason: "the reset rules of head 'mean' need (give the head an output kind with buckets)")) {
            try ALTAProgram(name: "p", schema: headSchema, rules: [], output: "t")
        }
        #expect((try? ALTAProgram(name: "p", schema: headSchema, function: ALTAMLPFunction { _ in }, output: "t")) != nil)
    }

    @Test func ruleBuilderErrors() throws {
        let x = MLPBuilder(schema: try Self.schema())
        #expect(throws: ALTAError.builder(reason: "variable 'token' is already in context")) {
            try x.forEach("token") { _ in try x.forEach("token") { _ in } }
        }
        #expect(throws: ALTAError.builder(reason: "variable 'token' is already in context")) {
            try x.forEach(["token", "token"]) { _ in }
        }
        #expect(throws: ALTAError.unknownVariable("nope", context: "rule builder loop")) { try x.forEach("nope") { _ in } }
        #expect(throws: ALTAError.ruleWritesHeadOutput(rule: "set left := 1", variable: "left")) { try x.set("left", 1) }
        #expect(throws: ALTAError.invalidValue(variable: "flag", value: "5", expected: "an integer in 0..<2",
                                               context: "rule builder set of 'flag'")) { try x.set("flag", 5) }
        let numericalLoop = "forEach with integer values needs categorical variables, 'weight' is not (use forEachNumber, forEachSet or forEach([names]))"
        expectError(ALTAError.builder(reason: numericalLoop), message: "rule builder: \(numericalLoop)") {
            try x.forEach("weight") { _ in }
        }
        #expect(throws: ALTAError.noDomain(variable: "free")) {
            let y = MLPBuilder(schema: try ALTASchema(inputRange: 1, variables: [.numerical("free")]))
            try y.forEachNumber("free") { _ in }
        }
        #expect(x.rules.isEmpty)
        // Context is restored after loops: the same name can be looped over again.
        try x.forEach("token") { _ in }
        try x.when("flag", is: 1) { try x.set("token", 2) }
        #expect(x.rules.count == 2)
        #expect(x.rules.allSatisfy { $0.conditions.contains(ALTAAtom("flag", 1)) })
    }

    @Test func errorMessagesNameTheCulprit() {
        #expect(ALTAError.unknownVariable("x", context: "output variable").description == "output variable: unknown variable 'x'")
        #expect(ALTAError.ruleWritesHeadOutput(rule: "a=1 => h: 1 -> 0", variable: "h").description.contains("'h'"))
        #expect(ALTAError.conflictingUpdates(variable: "b", position: 3, layer: 2, rules: ["r1", "r2"]).description
            == "layer 2, position 3: variable 'b' is updated by several rules: [r1], [r2]")
    }
}
