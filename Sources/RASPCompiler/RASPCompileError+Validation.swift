import RASP

extension RASPCompileError {
    /// The compile error of a validation error: the validator's reason text (one place for the
    /// rules and their messages), with the compiler's cases for a missing `tokens`, a failing
    /// function and value sets too large to list.
    init(_ error: RASPValidationError) {
        switch error.reason {
        case .missingTokens:
            self = .noTokens
        case let .functionError(failure):
            self = .functionFailed(label: error.label, reason: failure.description)
        case let .sumValueSetTooLarge(limit):
            self = .valueSetTooLarge(label: error.label, size: limit + 1, limit: limit)
        case let .meanSumsTooLarge(size, limit):
            self = .valueSetTooLarge(label: error.label, size: size, limit: limit)
        default:
            self = .unsupported(label: error.label, reason: error.reason.description)
        }
    }
}
