/// One reason a program cannot be compiled: the expression's label and the reason.
public struct RASPValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The label of the offending expression (e.g. `aggregate_1`), or the output's label for
    /// program-level reasons such as ``RASPValidationReason/missingTokens``.
    public let label: String
    /// Why it cannot be compiled.
    public let reason: RASPValidationReason

    public init(label: String, reason: RASPValidationReason) {
        self.label = label
        self.reason = reason
    }

    /// `label: reason`, as in Tracr's "Unsupported RASP expressions" list.
    public var description: String { "\(label): \(reason)" }
}

/// A program rejected by validation, with every reason found (Tracr's
/// `NotImplementedError("Unsupported RASP expressions:\n…")`, unified for every stage).
public struct RASPUnsupportedProgramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every reason found, in the order they were found.
    public let errors: [RASPValidationError]

    public init(errors: [RASPValidationError]) {
        self.errors = errors
    }

    public var description: String {
        "Unsupported RASP expressions:\n" + errors.map(\.description).joined(separator: "\n")
    }
}
