/// The built-in Select predicates (§3). Each means **key OP query**: `.lt` selects the keys
/// smaller than the query.
public enum Comparison: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// key == query
    case eq = "=="
    /// key < query
    case lt = "<"
    /// key <= query
    case leq = "<="
    /// key > query
    case gt = ">"
    /// key >= query
    case geq = ">="
    /// key != query
    case neq = "!="
    /// always
    case `true` = "True"
    /// never
    case `false` = "False"

    /// Tracr's member name: `EQ`, `LT`, `LEQ`, `GT`, `GEQ`, `NEQ`, `TRUE`, `FALSE`.
    public var tracrName: String {
        switch self {
        case .eq: return "EQ"
        case .lt: return "LT"
        case .leq: return "LEQ"
        case .gt: return "GT"
        case .geq: return "GEQ"
        case .neq: return "NEQ"
        case .true: return "TRUE"
        case .false: return "FALSE"
        }
    }

    /// The comparison with the given Tracr member name (`"LEQ"` → `.leq`).
    public init?(tracrName: String) {
        guard let match = Comparison.allCases.first(where: { $0.tracrName == tracrName }) else { return nil }
        self = match
    }

    /// The operator string (`==`, `<`, …, `True`, `False`).
    public var description: String { rawValue }

    /// Applies the comparison to non-null values: `key OP query` with Python's semantics.
    /// Throws `TypeError` for ordering comparisons between incomparable values.
    public func evaluate(key: Value, query: Value) throws -> Bool {
        switch self {
        case .eq: return key == query
        case .neq: return key != query
        case .lt: return try key.pythonLessThan(query)
        case .leq: return try key.pythonLessThanOrEqual(query)
        case .gt: return try key.pythonGreaterThan(query)
        case .geq: return try key.pythonGreaterThanOrEqual(query)
        case .true: return true
        case .false: return false
        }
    }

    /// Applies the comparison like Tracr's `Comparison.__call__`: a null key raises
    /// `ValueError("key is None!")`, a null query `ValueError("query is None!")`.
    public func callAsFunction(key: Value?, query: Value?) throws -> Bool {
        guard let key else { throw RASPValueError.valueError("key is None!") }
        guard let query else { throw RASPValueError.valueError("query is None!") }
        return try evaluate(key: key, query: query)
    }
}
