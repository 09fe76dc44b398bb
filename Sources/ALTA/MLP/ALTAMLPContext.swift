/// What a function-form MLP sees at one position: the MLP input (reads) and a buffer of
/// writes applied after the function returns.
///
/// Reads throw for unknown names and, through the typed accessors (`int`, `number`,
/// `members`), for null values (the original raises "Variable … is undefined"). Writes throw
/// for unknown names, attention-head outputs and `relative_qk` (the original's guard never
/// fired, ALTA.md §15 item 8), and values that are not legal for the variable. Writing the
/// same variable twice keeps the last value.
public struct ALTAMLPContext {
    /// The schema the values belong to.
    public let schema: ALTASchema
    /// The MLP input at this position, indexed like `schema.variables`.
    public let input: [ALTAValue?]
    /// Buffered writes: variable index → new value (`nil` = null), in write order.
    public private(set) var writes: [(variable: Int, value: ALTAValue?)] = []

    /// Generation mode: which variables may be read (nil = all) and whether inspecting a null
    /// is an error (rules cannot test for null).
    let enumerated: [Bool]?
    let forbidNullInspection: Bool

    /// A context over one position's MLP input.
    public init(schema: ALTASchema, input: [ALTAValue?]) {
        precondition(input.count == schema.variables.count, "one value per schema variable")
        self.schema = schema
        self.input = input
        self.enumerated = nil
        self.forbidNullInspection = false
    }

    init(schema: ALTASchema, input: [ALTAValue?], enumerated: [Bool]?, forbidNullInspection: Bool) {
        self.schema = schema
        self.input = input
        self.enumerated = enumerated
        self.forbidNullInspection = forbidNullInspection
    }

    private func index(_ name: String) throws -> Int {
        guard let i = schema.variableIndex(named: name) else {
            throw ALTAError.unknownVariable(name, context: "MLP function")
        }
        if let enumerated, !enumerated[i] { throw ALTAError.notEnumerated(variable: name) }
        return i
    }

    /// The value of a variable, `nil` when null.
    public func value(_ name: String) throws -> ALTAValue? {
        let i = try index(name)
        if input[i] == nil, forbidNullInspection { throw ALTAError.generationObservedNull(variable: name) }
        return input[i]
    }

    /// Whether a variable is null.
    public func isNull(_ name: String) throws -> Bool {
        try value(name) == nil
    }

    private func defined(_ name: String) throws -> ALTAValue {
        let i = try index(name)
        guard let value = input[i] else { throw ALTAError.readNull(variable: name) }
        return value
    }

    /// A categorical value; throws if null or not categorical.
    public func int(_ name: String) throws -> Int {
        let value = try defined(name)
        guard case .int(let v) = value else {
            throw ALTAError.typeMismatch(variable: name, expected: "a categorical value", found: value.description)
        }
        return v
    }

    /// A numerical value; throws if null or not numerical.
    public func number(_ name: String) throws -> Double {
        let value = try defined(name)
        guard case .number(let v) = value else {
            throw ALTAError.typeMismatch(variable: name, expected: "a number", found: value.description)
        }
        return v
    }

    /// A set value; throws if null or not a set.
    public func members(_ name: String) throws -> Set<Int> {
        let value = try defined(name)
        guard case .set(let v) = value else {
            throw ALTAError.typeMismatch(variable: name, expected: "a set", found: value.description)
        }
        return v
    }

    /// Writes a value (`nil` = null).
    public mutating func set(_ name: String, to value: ALTAValue?) throws {
        guard let i = schema.variableIndex(named: name) else {
            throw ALTAError.unknownVariable(name, context: "MLP function write")
        }
        let variable = schema.variables[i]
        guard case .declared = variable.role else { throw ALTAError.functionWritesHeadOutput(variable: name) }
        if let value {
            try ALTASchema.check(value, kind: variable.kind, variable: name, context: "MLP function write")
        }
        if let enumerated, !enumerated[i] { throw ALTAError.writtenVariableNotEnumerated(variable: name) }
        writes.removeAll { $0.variable == i }
        writes.append((i, value))
    }

    /// Writes a categorical value.
    public mutating func set(_ name: String, _ value: Int) throws { try set(name, to: .int(value)) }
    /// Writes a numerical value.
    public mutating func set(_ name: String, _ value: Double) throws { try set(name, to: .number(value)) }
    /// Writes a set value.
    public mutating func set(_ name: String, _ value: Set<Int>) throws { try set(name, to: .set(value)) }
    /// Writes null.
    public mutating func setNull(_ name: String) throws { try set(name, to: nil) }
}
