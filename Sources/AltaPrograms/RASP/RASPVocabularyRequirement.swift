import RASP

/// What a library program assumes about the vocabulary it is built for. A vocabulary that
/// breaks an assumption would give a program that computes something else (a sort whose keys
/// are not numbers, a pattern that can never occur), so ``RASPProgramEntry/build(_:)`` rejects
/// it with a ``RASPBuildError`` instead.
public enum RASPVocabularyRequirement: Sendable, Hashable, CustomStringConvertible {
    /// Every token is an int or a float; `role` says what the tokens are to the program
    /// (e.g. `sort keys`).
    case numbers(role: String)
    /// The vocabulary holds `token`; `role` says what it is to the program (e.g. `pattern token`).
    case contains(Value, role: String)
    /// The vocabulary does not hold `token`; `role` says why (e.g. `divisor`).
    case excludes(Value, role: String)

    /// The requirement in words, e.g. `numbers (sort keys)` or `holds 'c' (pattern token)`.
    public var description: String {
        switch self {
        case .numbers(let role): return "numbers (\(role))"
        case .contains(let token, let role): return "holds \(token.pythonRepr) (\(role))"
        case .excludes(let token, let role): return "not \(token.pythonRepr) (\(role))"
        }
    }

    /// The error for `vocabulary` when it breaks this requirement of `program`, else `nil`.
    public func violation(in vocabulary: [Value], program: String) -> RASPBuildError? {
        switch self {
        case .numbers(let role):
            for token in vocabulary {
                switch token {
                case .int, .float: continue
                case .bool, .string, .tuple: return .notNumeric(program: program, token: token, role: role)
                }
            }
            return nil
        case .contains(let token, let role):
            return vocabulary.contains { $0.isIdentical(to: token) } ? nil : .missingToken(program: program, token: token, role: role)
        case .excludes(let token, let role):
            return vocabulary.contains { $0 == token } ? .forbiddenToken(program: program, token: token, role: role) : nil
        }
    }
}
