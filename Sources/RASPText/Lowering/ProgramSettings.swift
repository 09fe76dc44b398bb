import RASP

/// The compilation settings of a `.rasp` file (RASP-TEXT §12.1 `#@` header lines), which
/// ``RASPTextOptions`` override.
public struct ProgramSettings: Sendable {
    /// `#@ vocab [...]`: the token vocabulary.
    public var vocabulary: [Value]?
    /// `#@ max_seq_len n`: the maximum input length.
    public var maxSeqLen: Int?
    /// `#@ output name`: the s-op that is the program's output.
    public var output: String?
    /// `#@ causal True`: compile and evaluate with a causal mask.
    public var causal: Bool?
    /// `#@ bos "BOS"`: the compiler's beginning-of-sequence token.
    public var bos: String?
    /// `#@ pad "PAD"`: the compiler's padding token.
    public var pad: String?
    /// `#@ semantics tracr`: the evaluation semantics.
    public var semantics: EvaluationSemantics?

    /// No settings.
    public init() {}

    /// The header keys.
    static let keys = ["vocab", "max_seq_len", "output", "causal", "bos", "pad", "semantics"]
    /// The largest vocabulary the compiler accepts (its categorical value-set limit).
    static let maxVocabulary = 20_000
    /// The largest maximum length accepted.
    static let maxLength = 10_000
}

/// Settings given outside the file (command-line flags); each overrides the file's header.
public typealias RASPTextOptions = ProgramSettings
