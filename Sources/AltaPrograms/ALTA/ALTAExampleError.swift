import ALTA

/// Errors of the ALTA example library: user inputs that a program cannot encode, outputs
/// that do not decode, unknown program names.
public enum ALTAExampleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text cannot be turned into the program's input tokens.
    case invalidInput(program: String, input: String, reason: String)
    /// The program's output does not decode (e.g. a null where a digit is expected).
    case invalidOutput(program: String, reason: String)
    /// No program of this name in `ALTALibrary`.
    case unknownProgram(String, known: [String])

    public var description: String {
        switch self {
        case .invalidInput(let program, let input, let reason):
            return "\(program): cannot encode input '\(input)': \(reason)"
        case .invalidOutput(let program, let reason):
            return "\(program): cannot decode output: \(reason)"
        case .unknownProgram(let name, let known):
            return "unknown ALTA program '\(name)' (known: \(known.joined(separator: ", ")))"
        }
    }
}
