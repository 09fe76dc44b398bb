/// Why user text does not encode.
public enum ALTATextEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input has no pieces.
    case empty(input: String)
    /// A piece is not in the token table.
    case unknownPiece(input: String, piece: String)
    /// More pieces than the padding length.
    case tooLong(input: String, count: Int, limit: Int)

    /// Why, without the input.
    public var reason: String {
        switch self {
        case .empty: return "no tokens"
        case .unknownPiece(_, let piece): return "'\(piece)' is not a token of the program"
        case .tooLong(_, let count, let limit): return "\(count) tokens, at most \(limit) fit"
        }
    }

    public var description: String {
        switch self {
        case .empty(let input), .unknownPiece(let input, _), .tooLong(let input, _, _):
            return "input \"\(input)\": \(reason)"
        }
    }
}
