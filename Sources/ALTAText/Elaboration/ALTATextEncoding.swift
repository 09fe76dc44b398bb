/// How user text becomes input token ids, as an `.alta` file declares it
/// (`input characters|words [skip "…"] tokens LIST [prefix IDS] [suffix IDS] [pad N with "p"]`).
///
/// The text is cut into pieces (every non-space character, or whitespace-separated words;
/// the `skipped` characters are dropped or separate words), padded to `padding.length`
/// with `padding.piece`, and each piece becomes its index in `pieces`; `prefix` and `suffix`
/// ids frame the result. (A small description of its own: the declarative encoding of
/// library entries being added to `AltaTransformer` was not on `main` yet.)
public struct ALTATextEncoding: Sendable, Hashable {
    /// How text is cut into pieces.
    public enum Split: String, Sendable, Hashable {
        /// Every character that is not whitespace (nor skipped) is a piece.
        case characters
        /// Pieces are separated by whitespace (and skipped characters).
        case words
    }

    /// How text is cut.
    public let split: Split
    /// Characters dropped (`characters`) or separating words (`words`).
    public let skipped: String
    /// The pieces; piece i is token id i.
    public let pieces: [String]
    /// Token ids put in front of every input.
    public let prefix: [Int]
    /// Token ids put after every input.
    public let suffix: [Int]
    /// Pad the pieces to `length` with `piece`.
    public let padding: (length: Int, piece: String)?

    /// An encoding.
    public init(split: Split, skipped: String = "", pieces: [String], prefix: [Int] = [], suffix: [Int] = [],
                padding: (length: Int, piece: String)? = nil) {
        self.split = split
        self.skipped = skipped
        self.pieces = pieces
        self.prefix = prefix
        self.suffix = suffix
        self.padding = padding
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.split == b.split && a.skipped == b.skipped && a.pieces == b.pieces && a.prefix == b.prefix
            && a.suffix == b.suffix && a.padding?.length == b.padding?.length && a.padding?.piece == b.padding?.piece
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(split)
        hasher.combine(pieces)
        hasher.combine(prefix)
        hasher.combine(suffix)
    }

    /// The token ids of `text`; throws `ALTATextEncodingError` naming the piece that is not in
    /// the table or why the input does not fit.
    public func tokens(for text: String) throws(ALTATextEncodingError) -> [Int] {
        let skip = Set(skipped)
        var parts: [String] = []
        switch split {
        case .characters:
            parts = text.filter { !$0.isWhitespace && !skip.contains($0) }.map { String($0) }
        case .words:
            parts = text.split(whereSeparator: { $0.isWhitespace || skip.contains($0) }).map(String.init)
        }
        guard !parts.isEmpty else { throw .empty(input: text) }
        if let padding {
            guard parts.count <= padding.length else {
                throw .tooLong(input: text, count: parts.count, limit: padding.length)
            }
            parts += [String](repeating: padding.piece, count: padding.length - parts.count)
        }
        var ids = prefix
        for part in parts {
            guard let id = pieces.firstIndex(of: part) else { throw .unknownPiece(input: text, piece: part) }
            ids.append(id)
        }
        return ids + suffix
    }
}
