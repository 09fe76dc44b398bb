/// A refusal or failure of a command, in words, with the kind that sets the exit status.
/// With a `cause` (whose description the message quotes, adding where it happened), the kind
/// is the cause's (`FailureKind.of`) and the cause stays reachable.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let kind: FailureKind
    /// The error this one reports with more context.
    let cause: (any Error)?

    init(_ description: String, kind: FailureKind = .failure) {
        self.description = description
        self.kind = kind
        self.cause = nil
    }

    /// `description` (which quotes `cause`), of the cause's kind.
    init(_ description: String, cause: any Error) {
        self.description = description
        self.kind = FailureKind.of(cause) ?? .failure
        self.cause = cause
    }
}
