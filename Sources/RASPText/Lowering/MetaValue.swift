import RASP

/// A value while a `.rasp` program is being built (RASP-TEXT §1): atoms, lists, dicts and
/// functions exist only at definition time; s-ops and selectors are the program.
enum MetaValue {
    /// An int, float, string or bool.
    case atom(Value)
    /// A list (also what `return a, b;` and `x = a, b;` build).
    case list([MetaValue])
    /// A dict with atom keys, in insertion order.
    case dict([(key: Value, value: MetaValue)])
    /// A function defined with `def`, or a built-in.
    case function(MetaFunction)
    /// An s-op (a node of the RASP DSL graph).
    case sop(SOp)
    /// A selector.
    case selector(Selector)

    /// The kind in words, for messages ("a list", "a selector", …).
    var kindName: String {
        switch self {
        case .atom(let v):
            switch v {
            case .int: return "an int"
            case .float: return "a float"
            case .string: return "a string"
            case .bool: return "a bool"
            case .tuple: return "a tuple"
            }
        case .list: return "a list"
        case .dict: return "a dict"
        case .function: return "a function"
        case .sop: return "an s-op"
        case .selector: return "a selector"
        }
    }
}

/// A function value: a user `def` (with the scope it was defined in) or a built-in.
final class MetaFunction {
    enum Body: Sendable {
        case user(FunctionDefinition, file: SourceFile)
        case builtin(BuiltinFunction)
    }

    let name: String
    let body: Body
    /// The defining scope (user functions: lexical scoping).
    let scope: Scope?

    init(name: String, body: Body, scope: Scope?) {
        self.name = name
        self.body = body
        self.scope = scope
    }

    /// The number of parameters, or `nil` when several counts are accepted.
    var arity: Int? {
        switch body {
        case .user(let definition, _): return definition.parameters.count
        case .builtin(let builtin): return builtin.arity
        }
    }
}

/// The functions Alta defines in every program (§9 primitives and §12 extensions).
enum BuiltinFunction: String, Sendable, CaseIterable {
    case selectorWidth = "selector_width"
    case numerical
    case categorical
    case aggregateSum = "aggregate_sum"
    case selectAll = "select_all"
    case selectNone = "select_none"
    case named
    case str
    case mapTable = "map_table"
    case sequenceMapTable = "sequence_map_table"
    case linearSequenceMap = "linear_sequence_map"
    case selectWhere = "select_where"
    case selectTable = "select_table"
    case selectorAnd = "selector_and"
    case selectorOr = "selector_or"
    case selectorNot = "selector_not"

    var arity: Int {
        switch self {
        case .selectorWidth, .numerical, .categorical, .str, .selectorNot: return 1
        case .aggregateSum, .named, .mapTable, .selectorAnd, .selectorOr: return 2
        case .sequenceMapTable, .selectWhere: return 3
        case .linearSequenceMap, .selectTable: return 4
        case .selectAll, .selectNone: return 0
        }
    }
}

/// A variable scope (RASP-TEXT §4.3: lexical, a call gets a fresh scope whose parent is the
/// defining scope).
final class Scope {
    private(set) var values: [String: MetaValue] = [:]
    /// Names in the order of their first binding.
    private(set) var order: [String] = []
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    func lookup(_ name: String) -> MetaValue? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.values[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func removeAll() {
        values = [:]
        order = []
    }

    func bind(_ name: String, _ value: MetaValue) {
        if values[name] == nil { order.append(name) }
        values[name] = value
    }
}
