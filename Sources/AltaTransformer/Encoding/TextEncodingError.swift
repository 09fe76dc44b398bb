/// Why a text input could not become tokens, or an output could not become text.
public enum TextEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input holds no pieces.
    case emptyInput
    /// A piece that is not one of the pieces the encoding accepts.
    case unknownPiece(String, position: Int, allowed: [String])
    /// More pieces than the encoding allows.
    case tooManyPieces(count: Int, maximum: Int)
    /// A piece given twice where pieces must be distinct.
    case repeatedPiece(String)
    /// A piece given more often than allowed.
    case tooManyOccurrences(String, count: Int, maximum: Int)
    /// The input does not have the expected number of groups around the separator.
    case groupCount(found: Int, expected: Int, separator: String, name: String)
    /// A group between separators is empty (`index` counts from 0).
    case emptyGroup(index: Int, name: String)
    /// The positions the decoding reads do not exist (too short an output).
    case noOutput
    /// An output position holds a value the decoding has no text for.
    case unexpectedOutput(position: Int, value: String, allowed: [String])
    /// An output position holds no value where one is required.
    case nullOutput(position: Int)

    public var description: String {
        switch self {
        case .emptyInput:
            return "the input is empty"
        case let .unknownPiece(piece, position, allowed):
            return "'\(piece)' at position \(position) is not one of \(Self.list(allowed))"
        case let .tooManyPieces(count, maximum):
            return "\(count) pieces given, at most \(maximum) fit"
        case let .repeatedPiece(piece):
            return "'\(piece)' appears twice (pieces must be distinct)"
        case let .tooManyOccurrences(piece, count, maximum):
            return "'\(piece)' appears \(count) times, at most \(maximum) are supported"
        case let .groupCount(found, expected, separator, name):
            return "expected \(expected) \(name)s joined by '\(separator)', found \(found)"
        case let .emptyGroup(index, name):
            return "\(name) \(index + 1) is empty"
        case .noOutput:
            return "the output has no positions to read"
        case let .unexpectedOutput(position, value, allowed):
            return "position \(position) holds \(value), not one of \(Self.list(allowed))"
        case let .nullOutput(position):
            return "position \(position) holds no value"
        }
    }

    private static func list(_ values: [String]) -> String {
        values.count <= 20 ? values.joined(separator: " ") : values.prefix(20).joined(separator: " ") + " …"
    }
}
