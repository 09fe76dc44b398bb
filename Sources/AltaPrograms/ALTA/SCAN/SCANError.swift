/// Everything that can go wrong when reading SCAN data, encoding a command or decoding
/// the SCAN program's output. Messages name the offending word, line or value.
public enum SCANError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A command word that is not one of the 13 SCAN source words.
    case unknownWord(String)
    /// An action name that is neither a SCAN data action (`I_WALK`, …) nor a program
    /// action (`WALK`, …).
    case unknownAction(String)
    /// A command that is empty.
    case emptyCommand
    /// A command with more words than the program's input region holds.
    case commandTooLong(words: Int, maximum: Int)
    /// An action sequence longer than the program's output buffer.
    case outputTooLong(actions: Int, maximum: Int)
    /// A command that the SCAN grammar does not generate (`reason` says where it fails).
    case notInGrammar(command: String, reason: String)
    /// A negative padding, or more padding than the program was built for.
    case invalidPadding(requested: Int, maximum: Int)
    /// A negative `maxPadding`.
    case invalidMaxPadding(Int)
    /// An output value that is not an action symbol id (14–19) or 0.
    case invalidOutputSymbol(position: Int, value: Int)
    /// An output value that is not categorical (a number or a set).
    case nonCategoricalOutput(position: Int, value: String)
    /// A program that cannot be a SCAN program (`reason` says why).
    case incompatibleProgram(reason: String)
    /// A malformed line of a SCAN data file (1-based line number).
    case malformedLine(line: Int, reason: String)
    /// A SCAN data file that cannot be read.
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownWord(let word):
            return "unknown SCAN command word '\(word)' (expected one of: "
                + SCANWord.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        case .unknownAction(let name):
            return "unknown SCAN action '\(name)' (expected one of: "
                + SCANAction.allCases.map(\.datasetName).joined(separator: ", ") + ")"
        case .emptyCommand:
            return "empty SCAN command"
        case .commandTooLong(let words, let maximum):
            return "SCAN command has \(words) words; at most \(maximum) fit the input region"
        case .outputTooLong(let actions, let maximum):
            return "SCAN output has \(actions) actions; at most \(maximum) fit the output buffer"
        case .notInGrammar(let command, let reason):
            return "'\(command)' is not a SCAN command: \(reason)"
        case .invalidPadding(let requested, let maximum):
            return "padding \(requested) is outside 0...\(maximum) (the program's max_num_padding)"
        case .invalidMaxPadding(let value):
            return "maxPadding \(value) is negative"
        case .nonCategoricalOutput(let position, let value):
            return "output position \(position) holds \(value), which is not a symbol id"
        case .incompatibleProgram(let reason):
            return "not a SCAN program: \(reason)"
        case .invalidOutputSymbol(let position, let value):
            return "output position \(position) holds symbol id \(value), which is not an action (14–19) or 0"
        case .malformedLine(let line, let reason):
            return "SCAN data line \(line): \(reason)"
        case .unreadableFile(let path, let reason):
            return "cannot read SCAN data file \(path): \(reason)"
        }
    }
}
