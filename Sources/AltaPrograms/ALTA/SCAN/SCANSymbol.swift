/// A grammar symbol of the SCAN QCFG, identified by its id in the 21-entry symbol
/// vocabulary: `PAD` 0, the 13 command words 1–13 (``SCANWord`` order), the 6 actions
/// 14–19 (``SCANAction`` order) and the nonterminal `S` 20.
///
/// The program stores these ids in its `symbol_id`, `decode_symbol` and
/// `output_symbol_id` variables.
public enum SCANSymbol: Hashable, Sendable, CustomStringConvertible {
    /// Id 0: an empty stack/output slot.
    case pad
    /// Ids 1–13: a command word.
    case word(SCANWord)
    /// Ids 14–19: an action.
    case action(SCANAction)
    /// Id 20: the only nonterminal.
    case nonterminal

    /// Number of symbols (`NUM_SYMBOLS`).
    public static let count = 21
    /// Symbol id of `S`.
    public static let nonterminalID = 20

    /// The symbol's id (0–20).
    public var id: Int {
        switch self {
        case .pad: return 0
        case .word(let word): return word.symbolID
        case .action(let action): return action.symbolID
        case .nonterminal: return SCANSymbol.nonterminalID
        }
    }

    /// The symbol with id `id`, or `nil` outside 0–20.
    public init?(id: Int) {
        switch id {
        case 0: self = .pad
        case 1...13: self = .word(SCANWord.allCases[id - 1])
        case 14...19: self = .action(SCANAction.allCases[id - 14])
        case SCANSymbol.nonterminalID: self = .nonterminal
        default: return nil
        }
    }

    /// All 21 symbols in id order.
    public static var all: [SCANSymbol] { (0..<count).compactMap(SCANSymbol.init(id:)) }

    /// The upstream name: `PAD`, the word, the action (`WALK`, …) or `S`.
    public var description: String {
        switch self {
        case .pad: return "PAD"
        case .word(let word): return word.rawValue
        case .action(let action): return action.rawValue
        case .nonterminal: return "S"
        }
    }
}
