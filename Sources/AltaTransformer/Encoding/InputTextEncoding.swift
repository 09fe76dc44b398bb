/// How a line of user text becomes the model's input tokens, stated as data so that an
/// exported model carries it (`config.json`, `alta.text_encoding.input`).
///
/// The text is cut into pieces (per character, or at whitespace), checked against the
/// pieces the program accepts, optionally grouped and padded, and framed by fixed prefix
/// and suffix tokens:
///
/// ```swift
/// // addition: "12+34" → START 1 2 + 3 4 END
/// let addition = InputTextEncoding(split: .characters, pieces: (0...9).map(String.init),
///     prefix: ["START"], suffix: ["END"], groups: .init(separator: "+", count: 2, pad: "0"))
/// try addition.tokens(for: "12+4")   // ["START", "1", "2", "+", "0", "4", "END"]
/// ```
public struct InputTextEncoding: Sendable, Hashable, Codable {
    /// How text is cut into pieces.
    public enum Split: String, Sendable, Codable {
        /// Every character that is not whitespace (nor in `skipped`) is a piece.
        case characters
        /// Pieces are separated by whitespace (and the characters in `skipped`).
        case whitespace
    }

    /// Groups of pieces joined by a separator (e.g. the operands of `a+b`), padded on the
    /// left to equal length.
    public struct Groups: Sendable, Hashable, Codable {
        /// The separator text; it is also the token put between the groups.
        public var separator: String
        /// The number of groups the input must have.
        public var count: Int
        /// The piece put in front of shorter groups.
        public var pad: String
        /// What a group is called in messages (e.g. `operand`).
        public var name: String

        public init(separator: String, count: Int, pad: String, name: String = "group") {
            self.separator = separator
            self.count = count
            self.pad = pad
            self.name = name
        }

        private enum CodingKeys: String, CodingKey { case separator, count, pad, name }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                separator: try c.decode(String.self, forKey: .separator), count: try c.decode(Int.self, forKey: .count),
                pad: try c.decode(String.self, forKey: .pad), name: try c.decodeIfPresent(String.self, forKey: .name) ?? "group")
        }
    }

    /// Pieces appended after the user's pieces up to a fixed count (e.g. memory cells).
    public struct Padding: Sendable, Hashable, Codable {
        /// The number of pieces after padding.
        public var length: Int
        /// The piece appended.
        public var piece: String

        public init(length: Int, piece: String) {
            self.length = length
            self.piece = piece
        }
    }

    /// How text is cut into pieces.
    public var split: Split
    /// Characters skipped (`characters`) or treated as separators (`whitespace`), e.g. ",".
    public var skipped: String
    /// The pieces a user may write (each is also the input token's name); `nil` accepts any
    /// piece and leaves the check to the model's token table.
    public var pieces: [String]?
    /// Tokens put in front of every input (e.g. START, or SCAN's start and memory cells).
    public var prefix: [String]
    /// Tokens put after every input (e.g. END or EOS).
    public var suffix: [String]
    /// Groups joined by a separator, when the input has that form.
    public var groups: Groups?
    /// Padding of the user's pieces to a fixed count.
    public var padding: Padding?
    /// The most pieces a user may write.
    public var maxPieces: Int?
    /// Whether every piece may appear only once.
    public var distinct: Bool
    /// The most times given pieces may appear (e.g. at most 49 ones).
    public var maxOccurrences: [String: Int]

    /// An encoding; the defaults give whitespace-separated tokens as they are.
    public init(
        split: Split = .whitespace, skipped: String = "", pieces: [String]? = nil,
        prefix: [String] = [], suffix: [String] = [], groups: Groups? = nil, padding: Padding? = nil,
        maxPieces: Int? = nil, distinct: Bool = false, maxOccurrences: [String: Int] = [:]
    ) {
        self.split = split
        self.skipped = skipped
        self.pieces = pieces
        self.prefix = prefix
        self.suffix = suffix
        self.groups = groups
        self.padding = padding
        self.maxPieces = maxPieces
        self.distinct = distinct
        self.maxOccurrences = maxOccurrences
    }

    /// Whitespace-separated tokens taken as they are (RASP models and hand-built ones).
    public static let tokens = InputTextEncoding()

    private enum CodingKeys: String, CodingKey {
        case split, skipped, pieces, prefix, suffix, groups, padding
        case maxPieces = "max_pieces", distinct, maxOccurrences = "max_occurrences"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            split: try c.decode(Split.self, forKey: .split),
            skipped: try c.decodeIfPresent(String.self, forKey: .skipped) ?? "",
            pieces: try c.decodeIfPresent([String].self, forKey: .pieces),
            prefix: try c.decodeIfPresent([String].self, forKey: .prefix) ?? [],
            suffix: try c.decodeIfPresent([String].self, forKey: .suffix) ?? [],
            groups: try c.decodeIfPresent(Groups.self, forKey: .groups),
            padding: try c.decodeIfPresent(Padding.self, forKey: .padding),
            maxPieces: try c.decodeIfPresent(Int.self, forKey: .maxPieces),
            distinct: try c.decodeIfPresent(Bool.self, forKey: .distinct) ?? false,
            maxOccurrences: try c.decodeIfPresent([String: Int].self, forKey: .maxOccurrences) ?? [:])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(split, forKey: .split)
        if !skipped.isEmpty { try c.encode(skipped, forKey: .skipped) }
        try c.encodeIfPresent(pieces, forKey: .pieces)
        if !prefix.isEmpty { try c.encode(prefix, forKey: .prefix) }
        if !suffix.isEmpty { try c.encode(suffix, forKey: .suffix) }
        try c.encodeIfPresent(groups, forKey: .groups)
        try c.encodeIfPresent(padding, forKey: .padding)
        try c.encodeIfPresent(maxPieces, forKey: .maxPieces)
        if distinct { try c.encode(distinct, forKey: .distinct) }
        if !maxOccurrences.isEmpty { try c.encode(maxOccurrences, forKey: .maxOccurrences) }
    }

    /// The pieces of `text`, without checks.
    public func pieces(of text: Substring) -> [String] {
        let skip = Set(skipped)
        switch split {
        case .characters:
            return text.filter { !$0.isWhitespace && !skip.contains($0) }.map { String($0) }
        case .whitespace:
            return text.split(whereSeparator: { $0.isWhitespace || skip.contains($0) }).map(String.init)
        }
    }

    /// The input tokens for `text`: prefix, the checked (grouped, padded) pieces, suffix.
    public func tokens(for text: String) throws(TextEncodingError) -> [String] {
        var body: [String]
        if let groups {
            let parts = text.split(separator: groups.separator, omittingEmptySubsequences: false)
            guard parts.count == groups.count else {
                throw .groupCount(found: parts.count, expected: groups.count, separator: groups.separator, name: groups.name)
            }
            let grouped = parts.map { pieces(of: $0) }
            if let empty = grouped.firstIndex(where: \.isEmpty) { throw .emptyGroup(index: empty, name: groups.name) }
            var position = 0
            for group in grouped {
                try check(group, from: position)
                position += group.count + 1
            }
            let width = grouped.map(\.count).max() ?? 0
            body = []
            for (index, group) in grouped.enumerated() {
                if index > 0 { body.append(groups.separator) }
                body += Array(repeating: groups.pad, count: width - group.count) + group
            }
        } else {
            body = pieces(of: Substring(text))
            try check(body, from: 0)
        }
        guard !body.isEmpty else { throw .emptyInput }
        if let maxPieces, body.count > maxPieces { throw .tooManyPieces(count: body.count, maximum: maxPieces) }
        if distinct {
            var seen = Set<String>()
            for piece in body where !seen.insert(piece).inserted { throw .repeatedPiece(piece) }
        }
        for (piece, maximum) in maxOccurrences.sorted(by: { $0.key < $1.key }) {
            let count = body.filter { $0 == piece }.count
            if count > maximum { throw .tooManyOccurrences(piece, count: count, maximum: maximum) }
        }
        if let padding, body.count < padding.length {
            body += Array(repeating: padding.piece, count: padding.length - body.count)
        }
        return prefix + body + suffix
    }

    private func check(_ pieces: [String], from start: Int) throws(TextEncodingError) {
        guard let allowed = self.pieces else { return }
        for (offset, piece) in pieces.enumerated() where !allowed.contains(piece) {
            throw .unknownPiece(piece, position: start + offset, allowed: allowed)
        }
    }
}

extension InputTextEncoding: CustomStringConvertible {
    /// One line saying how text is read, e.g. `per character, pieces 0 1 … 9, 2 groups joined
    /// by '+' (shorter ones padded with 0 in front), prefix START, suffix END`.
    public var description: String {
        var parts = [split == .characters ? "per character" : "split at whitespace"]
        if !skipped.isEmpty { parts.append(split == .characters ? "skipping '\(skipped)'" : "and at '\(skipped)'") }
        parts.append(pieces.map { "pieces \(Self.abbreviate($0))" } ?? "any input token")
        if let groups { parts.append("\(groups.count) \(groups.name)s joined by '\(groups.separator)' (shorter ones padded with \(groups.pad) in front)") }
        if let maxPieces { parts.append("at most \(maxPieces) pieces") }
        if distinct { parts.append("distinct") }
        for (piece, maximum) in maxOccurrences.sorted(by: { $0.key < $1.key }) { parts.append("at most \(maximum) × \(piece)") }
        if let padding { parts.append("padded with \(padding.piece) to \(padding.length)") }
        if !prefix.isEmpty { parts.append("prefix \(Self.abbreviate(prefix))") }
        if !suffix.isEmpty { parts.append("suffix \(Self.abbreviate(suffix))") }
        return parts.joined(separator: ", ")
    }

    /// `a b c`, runs of a repeated item as `item×n`, long lists cut after 12 items.
    static func abbreviate(_ items: [String]) -> String {
        var runs: [String] = []
        var index = 0
        while index < items.count {
            var end = index + 1
            while end < items.count, items[end] == items[index] { end += 1 }
            runs.append(end - index > 2 ? "\(items[index])×\(end - index)" : items[index..<end].joined(separator: " "))
            index = end
        }
        return runs.count > 12 ? runs.prefix(12).joined(separator: " ") + " … (\(items.count))" : runs.joined(separator: " ")
    }
}
