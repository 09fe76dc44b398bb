/// The abstract syntax of a `.rasp` file (RASP-TEXT §4–5). Every node keeps the character
/// offset of its first token for diagnostics.
indirect enum Expr: Sendable {
    case integer(Int, at: Int)
    case float(Double, at: Int)
    case string(String, at: Int)
    case name(String, at: Int)
    case list([Expr], at: Int)
    /// `(a, b, …)`: a tuple of atoms (the values of tuple-valued s-ops in printed tables).
    case tuple([Expr], at: Int)
    case dict([(key: Expr, value: Expr)], at: Int)
    /// `[element for names in iterable]`.
    case listComprehension(element: Expr, names: [String], iterable: Expr, at: Int)
    /// `{key: value for names in iterable}`.
    case dictComprehension(key: Expr, value: Expr, names: [String], iterable: Expr, at: Int)
    /// `select(keys, queries, op)`; `op` is `==`, `!=`, `<`, `>`, `<=` or `>=`.
    case select(keys: Expr, queries: Expr, op: String, at: Int)
    /// `aggregate(selector, values [, default])`.
    case aggregate(selector: Expr, values: Expr, defaultValue: Expr?, at: Int)
    /// `round(e)`, `indicator(e)`, `range(…)`, `zip(…)`, `len(e)`: a built-in keyword call.
    case builtin(String, [Expr], at: Int)
    /// `callee(arguments)`.
    case call(callee: Expr, arguments: [Expr], at: Int)
    /// `base[index]`.
    case index(base: Expr, index: Expr, at: Int)
    /// `-e`, `+e`, `not e`; the offset is the operator's.
    case unary(String, Expr, at: Int)
    /// `lhs op rhs`; the offset is the operator's.
    case binary(String, Expr, Expr, at: Int)
    /// `then if condition else otherwise`; the offset is the `if`'s.
    case conditional(then: Expr, condition: Expr, otherwise: Expr, at: Int)

    /// Where the expression starts (for binary and conditional forms: where the left operand starts).
    var start: Int {
        switch self {
        case .integer(_, let at), .float(_, let at), .string(_, let at), .name(_, let at), .list(_, let at),
            .tuple(_, let at), .dict(_, let at), .builtin(_, _, let at), .unary(_, _, let at):
            return at
        case .listComprehension(_, _, _, let at), .dictComprehension(_, _, _, _, let at), .select(_, _, _, let at),
            .aggregate(_, _, _, let at):
            return at
        case .call(let callee, _, _): return callee.start
        case .index(let base, _, _): return base.start
        case .binary(_, let lhs, _, _): return lhs.start
        case .conditional(let then, _, _, _): return then.start
        }
    }
}

/// One statement of a `.rasp` file.
enum Statement: Sendable {
    /// `e;`
    case expression(Expr, at: Int)
    /// `a, b = e1, e2;` (names with their offsets).
    case assignment(names: [(String, Int)], values: [Expr], at: Int)
    /// `def name(params) { body return values; }`
    case function(FunctionDefinition)
    /// `for names in iterable { body }`
    case loop(names: [String], iterable: Expr, body: [Statement], at: Int)
    /// `load "path";`
    case load(String, at: Int)
    /// `exit`, `quit`: stop reading the file.
    case exit(at: Int)
    /// `#@ key value` (the text after `#@`).
    case header(String, at: Int)
}

/// A `def` statement.
final class FunctionDefinition: Sendable {
    let name: String
    let parameters: [String]
    let body: [Statement]
    let returns: [Expr]
    /// Offset of the function's name.
    let at: Int

    init(name: String, parameters: [String], body: [Statement], returns: [Expr], at: Int) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.returns = returns
        self.at = at
    }
}
