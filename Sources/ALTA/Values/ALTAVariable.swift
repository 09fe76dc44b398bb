/// A resolved variable of a schema: everything the interpreter and the compiler need.
///
/// Variables appear in `ALTASchema.variables` in residual-layout order: declared variables,
/// then (at the first relative head) `relative_qk`, then head outputs interleaved in head
/// order, exactly as the original orders them.
public struct ALTAVariable: Sendable, Hashable, CustomStringConvertible {
    /// Unique name.
    public let name: String
    /// Kind, range, buckets or set values.
    public let kind: ALTAVariableKind
    /// Value used by `.constant` initialisation (`nil` = null). Also kept for token/position
    /// initialised variables (unused there).
    public let defaultValue: ALTAValue?
    /// How the variable is initialised.
    public let initialisation: ALTAInitialisation
    /// Declared, `relative_qk`, or a head output.
    public let role: ALTAVariableRole

    /// Creates a resolved variable (normally done by `ALTASchema`).
    public init(
        name: String, kind: ALTAVariableKind, defaultValue: ALTAValue?,
        initialisation: ALTAInitialisation, role: ALTAVariableRole
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.initialisation = initialisation
        self.role = role
    }

    /// Whether this is an attention-head output (rules may not write it).
    public var isHeadOutput: Bool {
        if case .headOutput = role { return true }
        return false
    }

    /// The value at a position before the first layer.
    /// `token` must be `< inputRange` and `position < positionRange` when the tables need them.
    public func initialValue(token: Int, position: Int) -> ALTAValue? {
        switch initialisation {
        case .constant: return defaultValue
        case .token(let table): return table[token]
        case .position(let table): return table[position]
        case .headOutput: return nil
        }
    }

    /// Whether the variable can be null before the first layer (a null default, a null table
    /// entry, or a head output).
    public var canStartNull: Bool {
        switch initialisation {
        case .constant: return defaultValue == nil
        case .token(let table), .position(let table): return table.contains(where: { $0 == nil })
        case .headOutput: return true
        }
    }

    public var description: String {
        var text = "\(name): \(kind)"
        switch initialisation {
        case .constant: text += " = \(ALTAValue.format(defaultValue))"
        case .token: text += " from token"
        case .position: text += " from position"
        case .headOutput: text += " (head output)"
        }
        return text
    }
}
