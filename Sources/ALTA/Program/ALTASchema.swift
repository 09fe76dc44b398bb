/// The variables and attention heads of a program, validated and resolved: the part of a
/// program that the MLP (rules or function) is written against.
///
/// `variables` is in residual-layout order: the declared variables in declaration order, then
/// per head in head order its output variable, with the automatic `relative_qk` (categorical,
/// range 1, constant 0) inserted just before the output of the first head that uses it.
///
/// ```swift
/// let schema = try ALTASchema(
///     inputRange: 3,
///     variables: [
///         .categorical("parity", range: 2, fromToken: { $0 == 2 ? 0 : $0 }),
///         .categorical("done", range: 2, fromToken: { $0 == 2 ? 1 : 0 }),
///     ],
///     heads: [
///         .relative("parity_left", value: "parity", offset: -1),
///         .relative("done_left", value: "done", offset: -1),
///     ])
/// ```
public struct ALTASchema: Sendable {
    /// Vocabulary size: tokens are `0..<inputRange` (rows of the token-embedding table).
    public let inputRange: Int
    /// Rows of the position table (maximum input length), or `nil` for no position table
    /// (unbounded length; position-initialised variables are then rejected).
    public let positionRange: Int?
    /// Every variable, in residual-layout order (see the type documentation).
    public let variables: [ALTAVariable]
    /// The attention heads in declaration order.
    public let heads: [ALTAHead]

    private let indexByName: [String: Int]

    /// Validates the declarations and resolves them.
    ///
    /// Throws `ALTAError` for: table sizes below 1; empty, duplicate or reserved names; bad
    /// ranges, buckets or set values; defaults or init-function results that are not legal
    /// values (naming the token or position); position initialisation without a position
    /// table; heads with unknown variables, a numerical query, a non-categorical key,
    /// query/key ranges that differ, a set value, an output kind that does not fit the value,
    /// or a query/key/value that is another head's output (heads run simultaneously, so
    /// that input would always be null).
    public init(
        inputRange: Int, positionRange: Int? = nil,
        variables declarations: [ALTAVariableDeclaration], heads headDeclarations: [ALTAHeadDeclaration] = []
    ) throws {
        guard inputRange >= 1 else { throw ALTAError.invalidTableSize(what: "inputRange", size: inputRange) }
        if let positionRange, positionRange < 1 {
            throw ALTAError.invalidTableSize(what: "positionRange", size: positionRange)
        }
        self.inputRange = inputRange
        self.positionRange = positionRange

        var variables: [ALTAVariable] = []
        var index: [String: Int] = [:]
        for declaration in declarations {
            let name = declaration.name
            guard !name.isEmpty else { throw ALTAError.emptyName(what: "a variable") }
            guard name != ALTAHeadDeclaration.relativeQKName else { throw ALTAError.reservedName(name) }
            guard index[name] == nil else {
                throw ALTAError.duplicateName(name, detail: "declared as a variable twice")
            }
            try Self.validateKind(declaration.kind, variable: name)
            if let value = declaration.defaultValue {
                try Self.check(value, kind: declaration.kind, variable: name, context: "default of '\(name)'")
            }
            let initialisation: ALTAInitialisation
            switch declaration.initialiser {
            case .none:
                initialisation = .constant
            case .token(let function):
                var table: [ALTAValue?] = []
                for token in 0..<inputRange {
                    let value = function(token)
                    if let value {
                        try Self.check(value, kind: declaration.kind, variable: name,
                                       context: "initial value of '\(name)' for token \(token)")
                    }
                    table.append(value)
                }
                initialisation = .token(table)
            case .position(let function):
                guard let positionRange else { throw ALTAError.positionInitWithoutPositionTable(variable: name) }
                var table: [ALTAValue?] = []
                for position in 0..<positionRange {
                    let value = function(position)
                    if let value {
                        try Self.check(value, kind: declaration.kind, variable: name,
                                       context: "initial value of '\(name)' at position \(position)")
                    }
                    table.append(value)
                }
                initialisation = .position(table)
            }
            index[name] = variables.count
            variables.append(ALTAVariable(name: name, kind: declaration.kind, defaultValue: declaration.defaultValue,
                                          initialisation: initialisation, role: .declared))
        }

        let outputNames = Set(headDeclarations.map(\.output))
        var heads: [ALTAHead] = []
        for declaration in headDeclarations {
            let output = declaration.output
            guard !output.isEmpty else { throw ALTAError.emptyName(what: "a head output") }
            if output == ALTAHeadDeclaration.relativeQKName { throw ALTAError.reservedName(output) }
            if let existing = index[output] {
                let detail = variables[existing].isHeadOutput
                    ? "two heads write '\(output)'" : "head output '\(output)' collides with a declared variable"
                throw ALTAError.duplicateName(output, detail: detail)
            }
            if declaration.usesRelativeQK && index[ALTAHeadDeclaration.relativeQKName] == nil {
                index[ALTAHeadDeclaration.relativeQKName] = variables.count
                variables.append(ALTAVariable(name: ALTAHeadDeclaration.relativeQKName, kind: .categorical(range: 1),
                                              defaultValue: .int(0), initialisation: .constant, role: .relativeQK))
            }
            func resolve(_ name: String, _ role: String) throws -> ALTAVariable {
                if outputNames.contains(name) {
                    throw ALTAError.invalidHead(
                        head: output,
                        reason: "its \(role) '\(name)' is a head output; heads run simultaneously from the pre-attention state, where head outputs are always null")
                }
                guard let i = index[name] else {
                    throw ALTAError.unknownVariable(name, context: "\(role) of head '\(output)'")
                }
                return variables[i]
            }
            let query = try resolve(declaration.query, "query")
            let key = try resolve(declaration.key, "key")
            let value = try resolve(declaration.value, "value")
            guard case .categorical(let keyRange) = key.kind else {
                throw ALTAError.invalidHead(head: output, reason: "key '\(key.name)' must be categorical, it is \(key.kind)")
            }
            switch query.kind {
            case .categorical(let range), .set(let range, _):
                guard range == keyRange else {
                    throw ALTAError.invalidHead(
                        head: output,
                        reason: "query '\(query.name)' has range \(range) but key '\(key.name)' has range \(keyRange); they must be equal")
                }
            case .numerical:
                throw ALTAError.invalidHead(head: output, reason: "query '\(query.name)' must be categorical or a set, it is numerical")
            }
            let kind: ALTAHead.Kind
            let outputKind: ALTAVariableKind
            switch value.kind {
            case .set:
                throw ALTAError.setVariableAsHeadValue(head: output, variable: value.name)
            case .categorical(let range):
                kind = .categorical
                outputKind = declaration.outputKind ?? value.kind
                guard case .categorical(let outRange) = outputKind, outRange == range else {
                    throw ALTAError.invalidHead(
                        head: output,
                        reason: "a categorical head's output must be categorical with the value's range \(range), got \(outputKind)")
                }
            case .numerical:
                kind = .numerical
                outputKind = declaration.outputKind ?? value.kind
                guard outputKind.isNumerical else {
                    throw ALTAError.invalidHead(head: output, reason: "a numerical head's output must be numerical, got \(outputKind)")
                }
                try Self.validateKind(outputKind, variable: output)
            }
            index[output] = variables.count
            variables.append(ALTAVariable(name: output, kind: outputKind, defaultValue: nil,
                                          initialisation: .headOutput, role: .headOutput(head: heads.count)))
            heads.append(ALTAHead(index: heads.count, output: output, query: query.name, key: key.name,
                                  value: value.name, relativeMask: declaration.relativeMask.sorted(), kind: kind))
        }
        self.variables = variables
        self.heads = heads
        self.indexByName = index
    }

    /// The variable with this name, if any.
    public func variable(named name: String) -> ALTAVariable? {
        indexByName[name].map { variables[$0] }
    }

    /// The index of the variable with this name in `variables`, if any.
    public func variableIndex(named name: String) -> Int? {
        indexByName[name]
    }

    /// The head writing this output variable, if any.
    public func head(writing output: String) -> ALTAHead? {
        heads.first { $0.output == output }
    }

    /// Names of all variables, in layout order.
    public var variableNames: [String] { variables.map(\.name) }

    /// The variable with this name or an `unknownVariable` error mentioning `context`.
    public func requireVariable(_ name: String, context: String) throws -> ALTAVariable {
        guard let i = indexByName[name] else { throw ALTAError.unknownVariable(name, context: context) }
        return variables[i]
    }

    // MARK: validation helpers

    static func validateKind(_ kind: ALTAVariableKind, variable: String) throws {
        switch kind {
        case .categorical(let range):
            guard range >= 1 else { throw ALTAError.invalidRange(variable: variable, range: range) }
        case .numerical(let buckets):
            guard let buckets else { return }
            guard !buckets.isEmpty else { throw ALTAError.invalidBuckets(variable: variable, reason: "the bucket list is empty") }
            guard buckets.allSatisfy(\.isFinite) else {
                throw ALTAError.invalidBuckets(variable: variable, reason: "bucket values must be finite")
            }
            for k in 1..<max(buckets.count, 1) where !(buckets[k - 1] < buckets[k]) {
                throw ALTAError.invalidBuckets(
                    variable: variable,
                    reason: "bucket values must be strictly ascending (\(buckets[k - 1]) then \(buckets[k]))")
            }
        case .set(let range, let values):
            guard range >= 1 else { throw ALTAError.invalidRange(variable: variable, range: range) }
            guard let values else { return }
            var seen = Set<Set<Int>>()
            for value in values {
                if let bad = value.first(where: { !(0..<range).contains($0) }) {
                    throw ALTAError.invalidSetValues(variable: variable, reason: "member \(bad) is outside 0..<\(range)")
                }
                guard seen.insert(value).inserted else {
                    throw ALTAError.invalidSetValues(variable: variable, reason: "\(ALTAValue.set(value)) is listed twice")
                }
            }
        }
    }

    /// Throws `invalidValue` unless `kind` accepts `value`.
    static func check(_ value: ALTAValue, kind: ALTAVariableKind, variable: String, context: String) throws {
        guard kind.accepts(value) else {
            throw ALTAError.invalidValue(variable: variable, value: value.description,
                                         expected: expectation(for: kind), context: context)
        }
    }

    /// A short description of the legal values of a kind, for error messages.
    static func expectation(for kind: ALTAVariableKind) -> String {
        switch kind {
        case .categorical(let range): return "an integer in 0..<\(range)"
        case .numerical: return "a finite number"
        case .set(let range, let values):
            if let values { return "one of the \(values.count) listed sets" }
            return "a set of integers in 0..<\(range)"
        }
    }
}
