/// The 13 SCAN command words (the QCFG's source terminals), in the upstream vocabulary
/// order: the raw value order gives the input token id (0–12); the grammar symbol id is
/// the input id + 1 (1–13).
public enum SCANWord: String, CaseIterable, Sendable, Hashable {
    case and, after, opposite, turn, around, left, right, twice, thrice, walk, look, run, jump

    /// Input token id (0–12), the index in ``SCANInputToken``'s vocabulary.
    public var inputID: Int {
        switch self {
        case .and: return 0
        case .after: return 1
        case .opposite: return 2
        case .turn: return 3
        case .around: return 4
        case .left: return 5
        case .right: return 6
        case .twice: return 7
        case .thrice: return 8
        case .walk: return 9
        case .look: return 10
        case .run: return 11
        case .jump: return 12
        }
    }

    /// Grammar symbol id (1–13), see ``SCANSymbol``.
    public var symbolID: Int { inputID + 1 }

    /// The word with input token id `inputID`, or `nil` outside 0–12.
    public init?(inputID: Int) {
        guard SCANWord.allCases.indices.contains(inputID) else { return nil }
        self = SCANWord.allCases[inputID]
    }

    /// Words by name.
    static let byName: [String: SCANWord] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// Splits a command string at whitespace into words, throwing on an unknown word.
    public static func parse(_ command: String) throws(SCANError) -> [SCANWord] {
        var words: [SCANWord] = []
        for piece in command.split(whereSeparator: \.isWhitespace) {
            guard let word = SCANWord(rawValue: String(piece)) else {
                throw .unknownWord(String(piece))
            }
            words.append(word)
        }
        return words
    }
}

extension Array where Element == SCANWord {
    /// The command as text, words separated by single spaces.
    public var commandText: String { map(\.rawValue).joined(separator: " ") }
}
