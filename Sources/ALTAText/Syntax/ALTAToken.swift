/// One token of an `.alta` source text.
public struct ALTAToken: Sendable, Hashable {
    /// What the token is.
    public enum Kind: Sendable, Hashable {
        /// A name or keyword (`var`, `done`, …).
        case identifier(String)
        /// An integer literal.
        case integer(Int)
        /// A literal with a fraction or exponent.
        case number(Double)
        /// A double-quoted string (escapes `\"`, `\\`, `\n`, `\t` resolved).
        case string(String)
        /// An operator or punctuation mark (`==`, `(`, `..`, …).
        case symbol(String)
        /// The end of a logical line.
        case newline
        /// The start of a more indented block.
        case indent
        /// The end of an indented block.
        case dedent
        /// The end of the text.
        case end
    }

    /// The token.
    public let kind: Kind
    /// Where it starts.
    public let location: ALTASourceLocation

    /// A token.
    public init(_ kind: Kind, at location: ALTASourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// How the token is named in "expected …, found …" messages.
    public var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .integer(let value): return "'\(value)'"
        case .number(let value): return "'\(value)'"
        case .string(let text): return "string \"\(text)\""
        case .symbol(let symbol): return "'\(symbol)'"
        case .newline: return "end of line"
        case .indent: return "an indented block"
        case .dedent: return "the end of a block"
        case .end: return "end of file"
        }
    }
}
