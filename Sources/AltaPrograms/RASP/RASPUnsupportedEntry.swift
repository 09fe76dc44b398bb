import RASP

/// A program a Tracr-compatible compiler must reject (the `_unsupported` list of
/// `tracr_models.json`, §17), constructible so tests can check the rejection.
public struct RASPUnsupportedEntry: Sendable {
    /// Where the program is rejected in Alta.
    public enum Stage: Sendable, Equatable {
        /// By ``RASPValidator`` with this reason, statically (no vocabulary needed).
        case staticValidation(RASPValidationReason)
        /// By ``RASPValidator`` with this reason, once the vocabulary and maximum length are
        /// known (value-set stage).
        case valueSetValidation(RASPValidationReason)
        /// By the compiler, for settings outside the program (e.g. the BOS token is in the
        /// vocabulary).
        case compiler
        /// Not an invalid program: Tracr fails on it because of a bug (§19 item 9), and a
        /// correct compiler compiles it.
        case compilesCorrectly
    }

    /// The name in `tracr_models.json`.
    public let name: String
    /// Why it is rejected.
    public let description: String
    /// The vocabulary it is compiled with.
    public let vocabulary: [Value]
    /// The maximum sequence length.
    public let maxSeqLen: Int
    /// The compiler BOS token name.
    public let compilerBOS: String
    /// The compiler PAD token name.
    public let compilerPAD: String
    /// Where Alta rejects it (with which reason).
    public let stage: Stage
    /// Builds the program.
    public let build: @Sendable () -> SOp

    public init(
        name: String, description: String, vocabulary: [Value], maxSeqLen: Int,
        compilerBOS: String = "BOS", compilerPAD: String = "PAD", stage: Stage,
        build: @escaping @Sendable () -> SOp
    ) {
        self.name = name
        self.description = description
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.compilerBOS = compilerBOS
        self.compilerPAD = compilerPAD
        self.stage = stage
        self.build = build
    }
}
