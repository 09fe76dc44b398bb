/// The SCAN program's input layout (ALTA-EXAMPLES §5.2, `scan_utils.py`): a command of
/// `L` words with `p` padding tokens is laid out as
///
///     [pad] * p, start, [memory] * 67, w1 … wL, eos          (length p + 69 + L)
///
/// Offsets are relative to the `start` position `s = p`: spare "floor" cells s+1…s+3,
/// parser stack s+4…s+11, parse tree s+12…s+19, output buffer s+20…s+67, command words
/// s+68…, `eos` after the last word.
public struct SCANLayout: Hashable, Sendable {
    /// Stack slots (`STACK_LENGTH`).
    public static let stackLength = 8
    /// Tree node slots (`TREE_LENGTH`).
    public static let treeLength = 8
    /// Output slots (`OUTPUT_LENGTH`, the longest SCAN output).
    public static let outputLength = 48
    /// Longest command (`MAX_INPUT_LENGTH`).
    public static let maxInputLength = 9
    /// Spare cells between `start` and the stack (the "floor" read as PAD).
    public static let spareLength = 3
    /// Offset of the stack's bottom slot from `start` (`STACK_OFFSET`).
    public static let stackOffset = 4
    /// Offset of the first tree slot from `start` (`TREE_OFFSET`).
    public static let treeOffset = 12
    /// Offset of the first output slot from `start` (`OUTPUT_OFFSET`).
    public static let outputOffset = 20
    /// Offset of the first command word from `start` (`INPUT_OFFSET`).
    public static let inputOffset = 68
    /// Number of `memory` tokens after `start` (spare + stack + tree + output).
    public static let memoryLength = inputOffset - 1

    /// The largest left padding the program is built for (`max_num_padding`).
    public let maxPadding: Int

    /// The layout without padding (78 positions).
    public init() {
        self.maxPadding = 0
    }

    /// A layout for programs built with up to `maxPadding` padding positions; throws for a
    /// negative value.
    public init(maxPadding: Int) throws(SCANError) {
        guard maxPadding >= 0 else { throw .invalidMaxPadding(maxPadding) }
        self.maxPadding = maxPadding
    }

    /// Number of positions (`get_num_positions`): `78 + maxPadding`; the size of the
    /// position table and the range of every pointer variable.
    public var positionCount: Int {
        2 + SCANLayout.spareLength + SCANLayout.maxInputLength + SCANLayout.stackLength
            + SCANLayout.treeLength + SCANLayout.outputLength + maxPadding
    }

    /// The input token ids for `command` with `padding` left padding tokens.
    ///
    /// Throws for an empty command, more than 9 words, or padding outside 0…maxPadding.
    public func encode(_ command: [SCANWord], padding: Int = 0) throws(SCANError) -> [Int] {
        guard !command.isEmpty else { throw .emptyCommand }
        guard command.count <= SCANLayout.maxInputLength else {
            throw .commandTooLong(words: command.count, maximum: SCANLayout.maxInputLength)
        }
        guard (0...maxPadding).contains(padding) else {
            throw .invalidPadding(requested: padding, maximum: maxPadding)
        }
        var tokens = [SCANInputToken](repeating: .pad, count: padding)
        tokens.append(.start)
        tokens += [SCANInputToken](repeating: .memory, count: SCANLayout.memoryLength)
        tokens += command.map { .word($0) }
        tokens.append(.eos)
        return tokens.map(\.id)
    }

    /// The input token ids for a command given as text (words separated by spaces).
    public func encode(command: String, padding: Int = 0) throws(SCANError) -> [Int] {
        try encode(SCANWord.parse(command), padding: padding)
    }

    /// Decodes the program output (`output_symbol_id` at every position, `nil` where
    /// undefined): drops 0 and `nil`, maps every other value to its action; a value that is
    /// not an action symbol id (14–19) throws, naming its position.
    public static func decode(outputs: [Int?]) throws(SCANError) -> [SCANAction] {
        var actions: [SCANAction] = []
        for (position, value) in outputs.enumerated() {
            guard let value, value != 0 else { continue }
            guard let action = SCANAction(symbolID: value) else {
                throw .invalidOutputSymbol(position: position, value: value)
            }
            actions.append(action)
        }
        return actions
    }
}
