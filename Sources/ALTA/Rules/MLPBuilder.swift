/// Builds rules by looping over variable values while keeping a *context* of the values
/// chosen so far (the original's `MLPBuilder`, ALTA.md §6.1).
///
/// * `forEach(names…) { values in … }` iterates over the Cartesian product of the variables'
///   values (categorical `0..<range`, numerical bucket centres, listed sets), pushing each
///   assignment into the context for the duration of the body;
/// * `when(name, is: value) { … }` pushes one value without looping;
/// * `set(name, new)` emits one rule whose conditions are the whole context (in schema
///   order) and which replaces the context value of `name` by `new`; when `name` is not in
///   the context it first loops over all of its values (so the old value is always part of the
///   conditions); nothing is emitted when old == new.
///
/// ```swift
/// let x = MLPBuilder(schema: schema)
/// try x.forEach("done") { done in
///     guard done != 1 else { return }
///     try x.when("done_left", is: 1) {
///         try x.set("done", 1)
///         try x.forEach("parity_left", "parity") { left, own in try x.set("parity", left ^ own) }
///     }
/// }
/// let rules = x.rules
/// ```
public final class MLPBuilder {
    /// The schema rules are written against.
    public let schema: ALTASchema
    /// The rules emitted so far (without the automatic reset rules).
    public private(set) var rules: [ALTARule] = []

    /// Current context: variable index → value.
    private var context: [Int: ALTAValue] = [:]

    /// A builder with an empty context.
    public init(schema: ALTASchema) {
        self.schema = schema
    }

    /// The value of `name` in the current context, if it is there.
    public func contextValue(_ name: String) -> ALTAValue? {
        schema.variableIndex(named: name).flatMap { context[$0] }
    }

    // MARK: loops

    /// Iterates over every combination of values of `names` (Cartesian product, first name
    /// outermost). Throws for unknown names, names already in the context, and variables
    /// without a finite domain.
    public func forEach(_ names: [String], _ body: ([ALTAValue]) throws -> Void) throws {
        var indices: [Int] = []
        var domains: [[ALTAValue]] = []
        for name in names {
            guard let i = schema.variableIndex(named: name) else {
                throw ALTAError.unknownVariable(name, context: "rule builder loop")
            }
            guard context[i] == nil, !indices.contains(i) else {
                throw ALTAError.builder(reason: "variable '\(name)' is already in context")
            }
            guard let domain = schema.variables[i].kind.domain else { throw ALTAError.noDomain(variable: name) }
            indices.append(i)
            domains.append(domain)
        }
        defer { for i in indices { context[i] = nil } }
        if domains.contains(where: \.isEmpty) { return }
        var choice = [Int](repeating: 0, count: names.count)
        while true {
            var values: [ALTAValue] = []
            values.reserveCapacity(names.count)
            for (k, i) in indices.enumerated() {
                context[i] = domains[k][choice[k]]
                values.append(domains[k][choice[k]])
            }
            try body(values)
            // Advance the odometer, last name fastest.
            var k = names.count - 1
            while k >= 0 {
                choice[k] += 1
                if choice[k] < domains[k].count { break }
                choice[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }

    /// Iterates over the values of one categorical variable.
    public func forEach(_ name: String, _ body: (Int) throws -> Void) throws {
        try forEach([name]) { values in try body(try Self.int(values[0], name)) }
    }

    /// Iterates over the value pairs of two categorical variables.
    public func forEach(_ a: String, _ b: String, _ body: (Int, Int) throws -> Void) throws {
        try forEach([a, b]) { values in try body(try Self.int(values[0], a), try Self.int(values[1], b)) }
    }

    /// Iterates over the value triples of three categorical variables.
    public func forEach(_ a: String, _ b: String, _ c: String, _ body: (Int, Int, Int) throws -> Void) throws {
        try forEach([a, b, c]) { values in
            try body(try Self.int(values[0], a), try Self.int(values[1], b), try Self.int(values[2], c))
        }
    }

    /// Iterates over the bucket centres of a numerical variable.
    public func forEachNumber(_ name: String, _ body: (Double) throws -> Void) throws {
        try forEach([name]) { values in
            guard case .number(let x) = values[0] else {
                throw ALTAError.builder(reason: "forEachNumber needs a numerical variable, '\(name)' is not")
            }
            try body(x)
        }
    }

    /// Iterates over the listed sets of a set variable.
    public func forEachSet(_ name: String, _ body: (Set<Int>) throws -> Void) throws {
        try forEach([name]) { values in
            guard case .set(let s) = values[0] else {
                throw ALTAError.builder(reason: "forEachSet needs a set variable, '\(name)' is not")
            }
            try body(s)
        }
    }

    /// Runs `body` with `name == value` added to the context (a loop over one value).
    public func when(_ name: String, is value: ALTAValue, _ body: () throws -> Void) throws {
        guard let i = schema.variableIndex(named: name) else {
            throw ALTAError.unknownVariable(name, context: "rule builder condition")
        }
        guard context[i] == nil else { throw ALTAError.builder(reason: "variable '\(name)' is already in context") }
        try ALTAProgram.checkRuleValue(value, of: schema.variables[i], context: "rule builder condition")
        context[i] = value
        defer { context[i] = nil }
        try body()
    }

    private static func int(_ value: ALTAValue, _ name: String) throws -> Int {
        guard case .int(let v) = value else {
            throw ALTAError.builder(reason: "forEach with integer values needs categorical variables, '\(name)' is not (use forEachNumber, forEachSet or forEach([names]))")
        }
        return v
    }

    // MARK: rules

    /// Emits the rule "context ⇒ name: old → new" (`new == nil` = null), looping over the old
    /// values when `name` is not in the context. Throws for unknown names, head outputs and
    /// `relative_qk`, and values that are not legal for the variable.
    public func set(_ name: String, to new: ALTAValue?) throws {
        guard let i = schema.variableIndex(named: name) else {
            throw ALTAError.unknownVariable(name, context: "rule builder set")
        }
        let variable = schema.variables[i]
        guard case .declared = variable.role else {
            throw ALTAError.ruleWritesHeadOutput(rule: "set \(name) := \(ALTAValue.format(new))", variable: name)
        }
        if let new { try ALTAProgram.checkRuleValue(new, of: variable, context: "rule builder set of '\(name)'") }
        guard let old = context[i] else {
            try forEach([name]) { _ in try set(name, to: new) }
            return
        }
        if old == new { return }
        let atoms = context.keys.sorted().compactMap { k in context[k].map { ALTAAtom(schema.variables[k].name, $0) } }
        rules.append(ALTARule(when: atoms, set: name, from: old, to: new))
    }

    /// Emits rules setting a categorical variable.
    public func set(_ name: String, _ value: Int) throws { try set(name, to: .int(value)) }
    /// Emits rules setting a numerical variable (the value must be a bucket centre).
    public func set(_ name: String, number value: Double) throws { try set(name, to: .number(value)) }
    /// Emits rules setting a set variable (the value must be a listed set).
    public func set(_ name: String, members value: Set<Int>) throws { try set(name, to: .set(value)) }
    /// Emits rules resetting a variable to null.
    public func setNull(_ name: String) throws { try set(name, to: nil) }

    /// Appends a rule written by hand (validated when the program is built).
    public func add(_ rule: ALTARule) {
        rules.append(rule)
    }
}
