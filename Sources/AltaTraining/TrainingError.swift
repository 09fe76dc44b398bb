/// Errors of trace extraction and MLP training; each names what is wrong.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input generator that does not fit the program (e.g. addition inputs for parity).
    case generatorMismatch(generator: String, program: String, expected: String)
    /// A generator or training setting outside its range.
    case invalidSetting(String, reason: String)
    /// Running the interpreter or encoding a state failed on one input.
    case extractionFailed(program: String, input: String, reason: String)
    /// A trace folder that cannot be read.
    case unreadableDataset(path: String, reason: String)
    /// An MLP checkpoint (`alta train`'s `mlp.safetensors`) that cannot be read.
    case unreadableCheckpoint(path: String, reason: String)
    /// Training inputs and the network disagree (e.g. widths).
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .generatorMismatch(let generator, let program, let expected):
            return "the \(generator) generator does not fit \(program) (its inputs come from the \(expected) generator)"
        case .invalidSetting(let name, let reason):
            return "\(name): \(reason)"
        case .extractionFailed(let program, let input, let reason):
            return "\(program) on '\(input)': \(reason)"
        case .unreadableDataset(let path, let reason):
            return "cannot read the trace dataset '\(path)': \(reason)"
        case .unreadableCheckpoint(let path, let reason):
            return "cannot read the MLP checkpoint '\(path)': \(reason)"
        case .shapeMismatch(let reason):
            return reason
        }
    }
}
