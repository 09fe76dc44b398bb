/// The 17-entry input vocabulary of the SCAN program (`NUM_INPUT_TOKENS`): the 13 command
/// words (ids 0–12) followed by the special tokens `start` 13, `memory` 14, `eos` 15 and
/// `pad` 16.
public enum SCANInputToken: Hashable, Sendable, CustomStringConvertible {
    /// Ids 0–12.
    case word(SCANWord)
    /// Id 13: marks the origin of the memory layout (found by an attention head).
    case start
    /// Id 14: reserves a memory position (spare, stack, tree or output slot).
    case memory
    /// Id 15: end of the command (the parser's final look-ahead).
    case eos
    /// Id 16: optional left padding.
    case pad

    /// Vocabulary size.
    public static let count = 17

    /// The token id (0–16).
    public var id: Int {
        switch self {
        case .word(let word): return word.inputID
        case .start: return 13
        case .memory: return 14
        case .eos: return 15
        case .pad: return 16
        }
    }

    /// The token with id `id`, or `nil` outside 0–16.
    public init?(id: Int) {
        switch id {
        case 0...12: self = .word(SCANWord.allCases[id])
        case 13: self = .start
        case 14: self = .memory
        case 15: self = .eos
        case 16: self = .pad
        default: return nil
        }
    }

    /// The token named `name` (`walk`, …, `start`, `memory`, `eos`, `pad`), or `nil`.
    public init?(name: String) {
        guard let token = SCANInputToken.all.first(where: { $0.description == name }) else {
            return nil
        }
        self = token
    }

    /// All 17 tokens in id order.
    public static var all: [SCANInputToken] { (0..<count).compactMap(SCANInputToken.init(id:)) }

    /// The upstream token name.
    public var description: String {
        switch self {
        case .word(let word): return word.rawValue
        case .start: return "start"
        case .memory: return "memory"
        case .eos: return "eos"
        case .pad: return "pad"
        }
    }
}
