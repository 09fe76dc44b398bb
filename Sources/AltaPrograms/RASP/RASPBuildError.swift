import RASP

/// Why a library program cannot be built for the requested ``RASPBuildParameters``. Every
/// message names the program and the parameter.
public enum RASPBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The maximum sequence length is below 1.
    case invalidMaxSeqLen(program: String, maxSeqLen: Int)
    /// The vocabulary is empty.
    case emptyVocabulary(program: String)
    /// The vocabulary holds a value that is not a number, but the program computes with the
    /// tokens as `role`.
    case notNumeric(program: String, token: Value, role: String)
    /// The vocabulary lacks a token the program looks for as `role`.
    case missingToken(program: String, token: Value, role: String)
    /// The vocabulary holds a token the program cannot take (it is a `role`).
    case forbiddenToken(program: String, token: Value, role: String)

    public var description: String {
        switch self {
        case let .invalidMaxSeqLen(program, maxSeqLen):
            return "\(program): max_seq_len must be at least 1, got \(maxSeqLen)"
        case let .emptyVocabulary(program):
            return "\(program): the vocabulary is empty"
        case let .notNumeric(program, token, role):
            return "\(program): the vocabulary must hold only numbers (the tokens are \(role)), but it holds \(token.pythonRepr)"
        case let .missingToken(program, token, role):
            return "\(program): the vocabulary must hold the \(role) \(token.pythonRepr)"
        case let .forbiddenToken(program, token, role):
            return "\(program): the vocabulary must not hold \(token.pythonRepr) (the tokens are \(role))"
        }
    }
}
