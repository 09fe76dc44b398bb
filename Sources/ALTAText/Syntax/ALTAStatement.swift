/// A statement of an MLP block (`rules:` or `update:`).
public indirect enum ALTAStatementKind: Sendable {
    /// `for a, b:` — rules only: every combination of the variables' values.
    case forEach([ALTAName], [ALTAStatement])
    /// `when a = 1 and b = 0:` — the variables hold these values.
    case when([(ALTAName, ALTAExpression)], [ALTAStatement])
    /// `if c: … elif d: … else: …`.
    case conditional([(ALTAExpression, [ALTAStatement])], otherwise: [ALTAStatement]?)
    /// `set x = e` (`e` may be `null`).
    case set(ALTAName, ALTAExpression)
    /// `let name = e` — a local name for a value.
    case binding(ALTAName, ALTAExpression)
    /// `pass` — nothing.
    case pass
}

/// A statement with the location of its keyword.
public struct ALTAStatement: Sendable {
    /// What the statement is.
    public let kind: ALTAStatementKind
    /// Where its keyword is.
    public let location: ALTASourceLocation

    /// A statement.
    public init(_ kind: ALTAStatementKind, at location: ALTASourceLocation) {
        self.kind = kind
        self.location = location
    }
}
