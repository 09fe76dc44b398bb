/// Maps input tokens to embedding-row ids.
public struct InputEncoder: Sendable, Equatable, Codable {
    /// Token of each id, in id order.
    public let tokens: [String]
    /// The beginning-of-sequence token every input must start with, if the model has one.
    public let bos: String?
    /// The padding token, if the model has one.
    public let pad: String?
    private let ids: [String: Int]

    /// An encoder over `tokens` (id = index). `bos` and `pad`, when given, must be among them.
    public init(tokens: [String], bos: String? = nil, pad: String? = nil) throws(ModelError) {
        var ids: [String: Int] = [:]
        for (index, token) in tokens.enumerated() {
            guard ids[token] == nil else {
                throw .inconsistentShape("input token '\(token)' appears twice in the encoder")
            }
            ids[token] = index
        }
        for special in [bos, pad].compactMap({ $0 }) where ids[special] == nil {
            throw .inconsistentShape("special token '\(special)' is not in the input vocabulary")
        }
        self.tokens = tokens
        self.bos = bos
        self.pad = pad
        self.ids = ids
    }

    private enum CodingKeys: String, CodingKey { case tokens, bos, pad }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            tokens: c.decode([String].self, forKey: .tokens),
            bos: c.decodeIfPresent(String.self, forKey: .bos),
            pad: c.decodeIfPresent(String.self, forKey: .pad))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tokens, forKey: .tokens)
        try c.encodeIfPresent(bos, forKey: .bos)
        try c.encodeIfPresent(pad, forKey: .pad)
    }

    public static func == (lhs: InputEncoder, rhs: InputEncoder) -> Bool {
        lhs.tokens == rhs.tokens && lhs.bos == rhs.bos && lhs.pad == rhs.pad
    }

    /// The id of `token`, if known.
    public func id(of token: String) -> Int? { ids[token] }

    /// Encodes one sequence. When the model has a BOS token the sequence must start with
    /// it and holds it nowhere else; the PAD token may only trail the input (padding, which
    /// attention ignores). `maxLength` bounds the length including BOS. Positions in errors
    /// count BOS as position 0.
    public func encode(_ sequence: [String], maxLength: Int, sequenceIndex: Int = 0)
        throws(ModelError) -> [Int]
    {
        guard !sequence.isEmpty else { throw .emptySequence(sequence: sequenceIndex) }
        if let bos, sequence.first != bos {
            throw .missingBOS(expected: bos, found: sequence.first, sequence: sequenceIndex)
        }
        guard sequence.count <= maxLength else {
            throw .sequenceTooLong(length: sequence.count, maximum: maxLength, sequence: sequenceIndex)
        }
        var result: [Int] = []
        result.reserveCapacity(sequence.count)
        var padding: Int? = nil
        for (position, token) in sequence.enumerated() {
            if let bos, token == bos, position > 0 {
                throw .misplacedSpecialToken(token, role: "BOS", sequence: sequenceIndex, position: position)
            }
            if let pad, token == pad {
                padding = padding ?? position
            } else if let start = padding {
                throw .misplacedSpecialToken(pad ?? token, role: "PAD", sequence: sequenceIndex, position: start)
            }
            guard let id = ids[token] else {
                throw .unknownToken(token, sequence: sequenceIndex, position: position, known: tokens)
            }
            result.append(id)
        }
        return result
    }

    /// `sequence` with the BOS token put in front when the model has one and it is missing.
    public func prependingBOS(_ sequence: [String]) -> [String] {
        guard let bos, sequence.first != bos else { return sequence }
        return [bos] + sequence
    }
}
