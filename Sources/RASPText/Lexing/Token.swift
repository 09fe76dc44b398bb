/// One lexical token of a `.rasp` file (RASP-TEXT §2).
struct Token: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// `[0-9]+`.
        case integer(Int)
        /// `digits.digits`.
        case float(Double)
        /// `"…"` (the characters between the quotes).
        case string(String)
        /// `[a-zA-Z_][a-zA-Z_0-9]*` that is not a keyword.
        case identifier(String)
        /// A keyword (`def`, `return`, `not`, `select(` …); compound tokens include their `(`.
        case keyword(String)
        /// An operator or punctuation mark (`==`, `(`, `;`, …).
        case symbol(String)
        /// A `#@ key value` header line: the text after `#@`.
        case header(String)
        /// The end of the file.
        case end
    }

    let kind: Kind
    /// The character offset where the token starts.
    let offset: Int
    /// The number of characters.
    let length: Int

    /// How the token is shown in messages.
    var display: String {
        switch kind {
        case .integer(let i): return "'\(i)'"
        case .float(let d): return "'\(d)'"
        case .string(let s): return "'\"\(s)\"'"
        case .identifier(let s): return "'\(s)'"
        case .keyword(let s): return "'\(s)'"
        case .symbol(let s): return "'\(s)'"
        case .header: return "'#@' header"
        case .end: return "end of file"
        }
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    func isKeyword(_ s: String) -> Bool { kind == .keyword(s) }
}
