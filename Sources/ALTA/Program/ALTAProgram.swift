/// A complete ALTA program: schema (variables and heads), MLP (rules or function), output
/// variable and optional halting condition. One shared layer — all heads, then the MLP at every
/// position, then the reset of head outputs — is applied repeatedly.
///
/// Rule form (compilable):
/// ```swift
/// let program = try ALTAProgram(
///     name: "sparse_parity_sequential_relative",
///     inputRange: 3,
///     variables: [
///         .categorical("parity", range: 2, fromToken: { $0 == 2 ? 0 : $0 }),
///         .categorical("done", range: 2, fromToken: { $0 == 2 ? 1 : 0 }),
///     ],
///     heads: [
///         .relative("parity_left", value: "parity", offset: -1),
///         .relative("done_left", value: "done", offset: -1),
///     ],
///     output: "parity", halt: ALTAHalt("done", equals: 1)
/// ) { x in
///     try x.when("done", is: 0) {
///         try x.when("done_left", is: 1) {
///             try x.set("done", 1)
///             try x.forEach("parity_left", "parity") { left, own in try x.set("parity", left ^ own) }
///         }
///     }
/// }
/// ```
/// Function form: pass `function: { z in … }` instead of the rule closure; generate rules from
/// it with `ALTAProgram(name:schema:generatingRulesFrom:…)`.
///
/// Everything is validated when the program is built (see `ALTAError`).
public struct ALTAProgram: Sendable {
    /// Program name (e.g. the registry name).
    public let name: String
    /// Variables and heads.
    public let schema: ALTASchema
    /// Rules or function.
    public let mlp: ALTAMLP
    /// Name of the output variable (read at every position).
    public let output: String
    /// Optional halting condition.
    public let halt: ALTAHalt?
    /// For programs whose rules were generated from a function: that function (kept for
    /// reference and for checking the rules against it).
    public let sourceFunction: ALTAMLPFunction?

    // MARK: building

    /// A rule-form program. The automatic reset rules are appended (`ruleSet.resetRules`).
    public init(name: String, schema: ALTASchema, rules: [ALTARule], output: String, halt: ALTAHalt? = nil) throws {
        let resets = try Self.resetRules(for: schema)
        let statistics = ALTARuleStatistics(source: .written, rulesBeforeMinimisation: rules.count,
                                            rulesAfterMinimisation: nil, resetRules: resets.count)
        try self.init(name: name, schema: schema, userRules: rules, resetRules: resets, statistics: statistics,
                      output: output, halt: halt, sourceFunction: nil)
    }

    /// A function-form program (interpreter only).
    public init(name: String, schema: ALTASchema, function: ALTAMLPFunction, output: String, halt: ALTAHalt? = nil) throws {
        try Self.validateOutputAndHalt(schema: schema, output: output, halt: halt)
        self.name = name
        self.schema = schema
        self.mlp = .function(function)
        self.output = output
        self.halt = halt
        self.sourceFunction = nil
    }

    /// A rule-form program whose rules are built by `rules` with an `MLPBuilder`.
    public init(
        name: String, inputRange: Int, positionRange: Int? = nil,
        variables: [ALTAVariableDeclaration], heads: [ALTAHeadDeclaration] = [],
        output: String, halt: ALTAHalt? = nil,
        rules build: (MLPBuilder) throws -> Void
    ) throws {
        let schema = try ALTASchema(inputRange: inputRange, positionRange: positionRange,
                                    variables: variables, heads: heads)
        let builder = MLPBuilder(schema: schema)
        try build(builder)
        try self.init(name: name, schema: schema, rules: builder.rules, output: output, halt: halt)
    }

    /// A function-form program.
    public init(
        name: String, inputRange: Int, positionRange: Int? = nil,
        variables: [ALTAVariableDeclaration], heads: [ALTAHeadDeclaration] = [],
        output: String, halt: ALTAHalt? = nil,
        function body: @escaping @Sendable (inout ALTAMLPContext) throws -> Void
    ) throws {
        let schema = try ALTASchema(inputRange: inputRange, positionRange: positionRange,
                                    variables: variables, heads: heads)
        try self.init(name: name, schema: schema, function: ALTAMLPFunction(body), output: output, halt: halt)
    }

    /// Rule form with explicit statistics (used by generation and minimisation).
    init(
        name: String, schema: ALTASchema, userRules: [ALTARule], resetRules: [ALTARule],
        statistics: ALTARuleStatistics, output: String, halt: ALTAHalt?, sourceFunction: ALTAMLPFunction?
    ) throws {
        try Self.validateOutputAndHalt(schema: schema, output: output, halt: halt)
        for rule in userRules { try Self.validate(rule, in: schema) }
        self.name = name
        self.schema = schema
        self.mlp = .rules(ALTARuleSet(userRules: userRules, resetRules: resetRules, statistics: statistics))
        self.output = output
        self.halt = halt
        self.sourceFunction = sourceFunction
    }

    // MARK: reading

    /// All variables in residual-layout order (`schema.variables`).
    public var variables: [ALTAVariable] { schema.variables }
    /// All heads (`schema.heads`).
    public var heads: [ALTAHead] { schema.heads }
    /// Vocabulary size.
    public var inputRange: Int { schema.inputRange }
    /// Position-table size (maximum input length), or `nil`.
    public var positionRange: Int? { schema.positionRange }
    /// The rule set of a rule-form program, `nil` for the function form.
    public var ruleSet: ALTARuleSet? {
        if case .rules(let set) = mlp { return set }
        return nil
    }
    /// Every rule the compiler emits (program rules then resets); empty for the function form.
    public var rules: [ALTARule] { ruleSet?.rules ?? [] }
    /// The MLP function of a function-form program, else `nil`.
    public var function: ALTAMLPFunction? {
        if case .function(let f) = mlp { return f }
        return nil
    }
    /// Whether the MLP is given as rules (and so can be compiled).
    public var isRuleForm: Bool { ruleSet != nil }
    /// The output variable.
    public var outputVariable: ALTAVariable {
        // Validated in every initialiser.
        schema.variables[schema.variableIndex(named: output) ?? 0]
    }
    /// Rule counts (`nil` for the function form).
    public var ruleStatistics: ALTARuleStatistics? { ruleSet?.statistics }

    // MARK: validation

    static func validateOutputAndHalt(schema: ALTASchema, output: String, halt: ALTAHalt?) throws {
        _ = try schema.requireVariable(output, context: "output variable")
        if let halt {
            let variable = try schema.requireVariable(halt.variable, context: "halting condition")
            try ALTASchema.check(halt.value, kind: variable.kind, variable: halt.variable, context: "halting condition")
        }
    }

    /// Throws unless `value` can appear in a rule for `variable`: a categorical value in range,
    /// a bucket centre of a numerical variable with buckets, a listed set of a set variable.
    static func checkRuleValue(_ value: ALTAValue, of variable: ALTAVariable, context: @autoclosure () -> String) throws {
        switch variable.kind {
        case .categorical:
            break
        case .numerical(let buckets):
            guard let buckets else {
                throw ALTAError.missingBuckets(variable: variable.name, reason: "\(context()) needs (rules match and write bucket values)")
            }
            guard case .number(let x) = value, buckets.contains(x) else {
                throw ALTAError.invalidValue(variable: variable.name, value: value.description,
                                             expected: "one of its bucket values \(buckets)", context: context())
            }
            return
        case .set(_, let values):
            guard values != nil else {
                throw ALTAError.invalidSetValues(variable: variable.name,
                                                 reason: "\(context()) needs the list of possible sets (values)")
            }
        }
        guard variable.kind.index(of: value) != nil else {
            throw ALTAError.invalidValue(variable: variable.name, value: value.description,
                                         expected: ALTASchema.expectation(for: variable.kind), context: context())
        }
    }

    /// Checks one program rule against the schema.
    static func validate(_ rule: ALTARule, in schema: ALTASchema) throws {
        // Only built for error messages.
        var text: String { rule.description }
        var seen = Set<String>()
        for atom in rule.conditions {
            guard let variable = schema.variable(named: atom.variable) else {
                throw ALTAError.unknownVariable(atom.variable, context: "condition of rule [\(text)]")
            }
            guard seen.insert(atom.variable).inserted else {
                throw ALTAError.invalidRule(rule: text, reason: "variable '\(atom.variable)' appears in two conditions")
            }
            try checkRuleValue(atom.value, of: variable, context: "condition of rule [\(text)]")
        }
        guard let target = schema.variable(named: rule.variable) else {
            throw ALTAError.unknownVariable(rule.variable, context: "rule [\(text)]")
        }
        guard case .declared = target.role else {
            throw ALTAError.ruleWritesHeadOutput(rule: text, variable: rule.variable)
        }
        if let atom = rule.conditions.first(where: { $0.variable == rule.variable }), atom.value != rule.old {
            throw ALTAError.invalidRule(rule: text,
                                        reason: "its condition requires \(atom) but the old value it replaces is \(rule.old)")
        }
        try checkRuleValue(rule.old, of: target, context: "old value of rule [\(text)]")
        if let new = rule.new {
            try checkRuleValue(new, of: target, context: "new value of rule [\(text)]")
            guard new != rule.old else {
                throw ALTAError.invalidRule(rule: text, reason: "it does not change '\(rule.variable)'")
            }
        }
    }

    /// The automatic reset rules: for every head and every output value v (numerical: every
    /// bucket centre) the rule `out == v ⇒ out: v → null`, in head order.
    static func resetRules(for schema: ALTASchema) throws -> [ALTARule] {
        var rules: [ALTARule] = []
        for head in schema.heads {
            let output = try schema.requireVariable(head.output, context: "head output")
            guard let domain = output.kind.domain else {
                throw ALTAError.missingBuckets(variable: head.output,
                                               reason: "the reset rules of head '\(head.output)' need (give the head an output kind with buckets)")
            }
            for value in domain {
                rules.append(ALTARule(when: [ALTAAtom(head.output, value)], set: head.output, from: value, to: nil))
            }
        }
        return rules
    }
}
