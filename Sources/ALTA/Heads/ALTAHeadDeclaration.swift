/// An attention head as a program declares it.
///
/// ```swift
/// .qkv("parity_left", query: "idx_left", key: "idx", value: "parity")
/// .relative("done_left", value: "done", offset: -1)       // the original's v_relative
/// .qkv("x", query: "query", key: "eos_or_one", value: "eos",
///      outputKind: .numerical(buckets: inverseCounts))
/// ```
public struct ALTAHeadDeclaration: Sendable, Hashable {
    /// Name of the output variable the head writes (a new variable of the schema).
    public let output: String
    /// Query variable (categorical → the singleton set of its value; set → its value).
    public let query: String
    /// Key variable (categorical, same range as the query).
    public let key: String
    /// Value variable (categorical → categorical head, numerical → numerical head).
    public let value: String
    /// Allowed offsets `j − i` from the query position `i` to key positions `j`; empty means
    /// every position.
    public let relativeMask: Set<Int>
    /// Kind of the output variable; `nil` means the value variable's kind.
    public let outputKind: ALTAVariableKind?

    /// The name of the automatic constant query/key variable used by `relative` heads.
    public static let relativeQKName = "relative_qk"

    /// A head declaration.
    public init(
        output: String, query: String, key: String, value: String,
        relativeMask: Set<Int> = [], outputKind: ALTAVariableKind? = nil
    ) {
        self.output = output
        self.query = query
        self.key = key
        self.value = value
        self.relativeMask = relativeMask
        self.outputKind = outputKind
    }

    /// `output ← qkv(query, key, value)`, optionally restricted to relative offsets.
    public static func qkv(
        _ output: String, query: String, key: String, value: String,
        mask: Set<Int> = [], outputKind: ALTAVariableKind? = nil
    ) -> Self {
        Self(output: output, query: query, key: key, value: value, relativeMask: mask, outputKind: outputKind)
    }

    /// `output ← value at position i + offset` (null outside the sequence): query and key are
    /// the automatic constant `relative_qk`, the mask is `{offset}`.
    public static func relative(_ output: String, value: String, offset: Int) -> Self {
        Self(output: output, query: relativeQKName, key: relativeQKName, value: value, relativeMask: [offset])
    }

    /// Whether the head uses the automatic `relative_qk` variable.
    public var usesRelativeQK: Bool {
        query == Self.relativeQKName || key == Self.relativeQKName
    }
}
