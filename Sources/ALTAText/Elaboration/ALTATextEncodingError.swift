/// Why user text does not encode.
public enum ALTATextEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input has no pieces.
    case empty(input: String)
    /// A piece is not in the token table.
    case unknownPiece(input: String, piece: String)
    /// More pieces than the padding length.
    case tooLong(input: String, count: Int, limit: Int)

    public var description: String {
        switch self {
        case .empty(let input): return "input \"\(input)\": no tokens"
        case .unknownPiece(let input, let piece): return "input \"\(input)\": '\(piece)' is not a token of the program"
        case .tooLong(let input, let count, let limit): return "input \"\(input)\": \(count) tokens, at most \(limit) fit"
        }
    }
}
