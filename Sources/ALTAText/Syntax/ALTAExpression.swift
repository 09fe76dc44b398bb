/// An expression of the `.alta` language: literals, names, arithmetic, comparisons,
/// `a if c else b`, calls of built-in functions, sets `{0, 2..5}`, lists and list
/// comprehensions `[1 / k for k in 1..50]`.
public indirect enum ALTAExpressionKind: Sendable, Hashable {
    /// An integer literal.
    case integer(Int)
    /// A number literal.
    case number(Double)
    /// A string literal.
    case string(String)
    /// `true` or `false`.
    case boolean(Bool)
    /// `null` (undefined).
    case null
    /// A name: a program variable, a loop or `let` binding, a constant, `token`/`position`.
    case name(String)
    /// `-x`, `not x`.
    case unary(String, ALTAExpression)
    /// `a op b` (`+ - * / // % ^ == != < <= > >= and or`).
    case binary(String, ALTAExpression, ALTAExpression)
    /// `then if condition else otherwise`.
    case conditional(then: ALTAExpression, condition: ALTAExpression, otherwise: ALTAExpression)
    /// `f(args)` of a built-in function.
    case call(String, [ALTAExpression])
    /// `{a, b, lo..hi}` (ranges inclusive).
    case set([ALTACollectionElement])
    /// `[a, b, lo..hi]` (ranges inclusive).
    case list([ALTACollectionElement])
    /// `[element for name in lo..hi]`.
    case comprehension(element: ALTAExpression, variable: String, from: ALTAExpression, through: ALTAExpression)
}

/// One element of a set or list literal: a value or an inclusive range `lo..hi`.
public enum ALTACollectionElement: Sendable, Hashable {
    /// One value.
    case single(ALTAExpression)
    /// Every integer from `lo` through `hi`.
    case range(ALTAExpression, ALTAExpression)
}

/// An expression with the location of its first character.
public struct ALTAExpression: Sendable, Hashable {
    /// What the expression is.
    public let kind: ALTAExpressionKind
    /// Where it starts (for operators: where the operator is).
    public let location: ALTASourceLocation

    /// Where the expression's text starts (its leftmost operand).
    public var start: ALTASourceLocation {
        switch kind {
        case .binary(_, let left, _): return left.start
        case .conditional(let then, _, _): return then.start
        default: return location
        }
    }

    /// An expression.
    public init(_ kind: ALTAExpressionKind, at location: ALTASourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A name as written, with its location.
public struct ALTAName: Sendable, Hashable {
    /// The name.
    public let text: String
    /// Where it is written.
    public let location: ALTASourceLocation

    /// A name.
    public init(_ text: String, at location: ALTASourceLocation) {
        self.text = text
        self.location = location
    }
}
