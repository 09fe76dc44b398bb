import RASP

/// A named RASP program of the library, with the settings it is compiled and checked with
/// (those of `tracr_models.json`).
public struct RASPProgramEntry: Sendable {
    /// Which part of the reference table the program belongs to.
    public enum Group: String, Sendable, Hashable, CaseIterable {
        /// A program of Tracr's `lib.py`.
        case lib
        /// A single-primitive program.
        case primitive
        /// A program compiled with a causal mask.
        case causal
        /// A program that Tracr miscompiles (§19), kept to show the corrected behaviour.
        case knownIssue = "known_issue"
    }

    /// The registry name (the key in `tracr_models.json`), e.g. `reverse`.
    public let name: String
    /// One line saying what the program computes.
    public let description: String
    /// The group in the reference table.
    public let group: Group
    /// The default vocabulary.
    public let vocabulary: [Value]
    /// The default maximum sequence length.
    public let maxSeqLen: Int
    /// Whether the program is compiled with a causal mask (and evaluated causally).
    public let causal: Bool
    /// The compiler BOS token name.
    public let compilerBOS: String
    /// The compiler PAD token name.
    public let compilerPAD: String
    /// Builds the program; every call returns fresh expressions (labels are deterministic).
    public let build: @Sendable () -> SOp

    public init(
        name: String, description: String, group: Group, vocabulary: [Value], maxSeqLen: Int,
        causal: Bool = false, compilerBOS: String = "BOS", compilerPAD: String = "PAD",
        build: @escaping @Sendable () -> SOp
    ) {
        self.name = name
        self.description = description
        self.group = group
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.causal = causal
        self.compilerBOS = compilerBOS
        self.compilerPAD = compilerPAD
        self.build = build
    }

    /// Evaluates a freshly built program on `input` with the evaluator matching ``causal``.
    public func evaluate(_ input: [Value]) throws -> [Value?] {
        try Evaluator(causal: causal).evaluate(build(), on: input)
    }
}
