/// How a variable declaration gives its type.
public enum ALTAKindSyntax: Sendable, Hashable {
    /// `categorical RANGE`.
    case categorical(range: ALTAExpression)
    /// `numerical [BUCKETS]`.
    case numerical(buckets: ALTAExpression?)
    /// `set RANGE [values LIST]`.
    case set(range: ALTAExpression, values: ALTAExpression?)
}

/// How a variable starts.
public enum ALTAInitialiserSyntax: Sendable, Hashable {
    /// No initialiser: the kind's default (0, 0.0 or the empty set).
    case none
    /// `= VALUE` (may be `null`).
    case constant(ALTAExpression)
    /// `from token[: EXPR]` — the expression over `token` (the token id itself when absent).
    case token(ALTAExpression?)
    /// `from position[: EXPR]` — the expression over `position` (the position itself when absent).
    case position(ALTAExpression?)
}

/// Which MLP form a block gives.
public enum ALTAMLPSyntaxForm: Sendable, Hashable {
    /// `rules:` — loops and conditions emitting transition rules (the rule builder).
    case rules
    /// `update [minimised|exhaustive|function] [over a, b]:` — an update over the variables,
    /// enumerated into rules (minimised by default), or kept as a function (interpreter only).
    case update(mode: String, over: [ALTAName]?)
}

/// How user text becomes input token ids: `input characters|words [skip "…"] tokens LIST
/// [prefix LIST] [suffix LIST] [pad N with "piece"]`.
public struct ALTAEncodingSyntax: Sendable, Hashable {
    /// `characters` or `words`.
    public let split: ALTAName
    /// Characters skipped (or treated as separators).
    public let skipped: ALTAExpression?
    /// The pieces; piece i is token id i.
    public let pieces: ALTAExpression
    /// Token ids put in front.
    public let prefix: ALTAExpression?
    /// Token ids put after.
    public let suffix: ALTAExpression?
    /// Pad the pieces to this count …
    public let padLength: ALTAExpression?
    /// … with this piece.
    public let padPiece: ALTAExpression?
}

/// One top-level declaration of an `.alta` file.
public enum ALTADeclarationKind: Sendable {
    /// `program NAME`.
    case program(ALTAName)
    /// `vocabulary N` — the number of token ids.
    case vocabulary(ALTAExpression)
    /// `positions N` — the size of the position table (the longest input).
    case positions(ALTAExpression)
    /// `const NAME = EXPR`.
    case constant(ALTAName, ALTAExpression)
    /// `var NAME: KIND [INIT]`.
    case variable(ALTAName, ALTAKindSyntax, ALTAInitialiserSyntax)
    /// `head NAME = qkv(QUERY, KEY, VALUE) [mask SET] [as KIND]`.
    case qkvHead(ALTAName, query: ALTAName, key: ALTAName, value: ALTAName, mask: ALTAExpression?, output: ALTAKindSyntax?)
    /// `head NAME = v_relative(VALUE, OFFSET)`.
    case relativeHead(ALTAName, value: ALTAName, offset: ALTAExpression)
    /// `output NAME`.
    case output(ALTAName)
    /// `halt when NAME = VALUE`.
    case halt(ALTAName, ALTAExpression)
    /// The MLP block.
    case mlp(ALTAMLPSyntaxForm, [ALTAStatement])
    /// The input encoding.
    case encoding(ALTAEncodingSyntax)
    /// `layers N` (exactly N layers) or `layers at most N` (until halting, at most N).
    case layers(atMost: Bool, ALTAExpression)
}

/// A declaration with the location of its keyword.
public struct ALTADeclaration: Sendable {
    /// What is declared.
    public let kind: ALTADeclarationKind
    /// Where its keyword is.
    public let location: ALTASourceLocation

    /// A declaration.
    public init(_ kind: ALTADeclarationKind, at location: ALTASourceLocation) {
        self.kind = kind
        self.location = location
    }
}
