import AltaTensors
import RASP

/// Why a RASP program could not be compiled. Each case names the expression (its label)
/// or the input that is wrong, and why.
public enum RASPCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The BOS token is also a vocabulary value.
    case bosInVocabulary(String)
    /// The PAD token is also a vocabulary value (or equals the BOS token).
    case padInVocabulary(String)
    /// Two vocabulary values print the same (e.g. `1` and `"1"`), so tokens would clash.
    case ambiguousVocabulary(String)
    /// `max_seq_len` must be at least 1.
    case invalidMaxSeqLen(Int)
    /// The program does not read `tokens` (``RASPValidationReason/missingTokens``, with Tracr's
    /// compiler message).
    case noTokens
    /// An expression the compiler cannot translate (label, reason): the program breaks one of
    /// ``RASPValidator``'s rules, and the reason is the ``RASPValidationReason``'s text.
    case unsupported(label: String, reason: String)
    /// A user function raised a non-arithmetic error while the compiler tabulated it.
    case functionFailed(label: String, reason: String)
    /// A value set (or a fused/composite tuple set) is too large.
    case valueSetTooLarge(label: String, size: Int, limit: Int)
    /// float32 cannot compute this expression exactly (label, reason).
    case notExact(label: String, reason: String)
    /// The model would need more memory than the limit allows.
    case memory(MemoryLimitError)
    /// Internal assembly failure (a compiler bug), with the craft error.
    case assembly(String)

    public var description: String {
        switch self {
        case let .bosInVocabulary(bos):
            return "Compiler BOS token must not be present in the vocab. Found '\(bos)' in the vocabulary"
        case let .padInVocabulary(pad):
            return "Compiler PAD token must not be present in the vocab (nor equal BOS). Found '\(pad)'"
        case let .ambiguousVocabulary(token):
            return "two vocabulary values print as '\(token)', so the token encoder cannot tell them apart"
        case let .invalidMaxSeqLen(n):
            return "max_seq_len must be at least 1, got \(n)"
        case .noTokens:
            return "Failed to find a node with label tokens. This is probably because your RASP program does not include rasp.tokens. A program must include rasp.tokens to be compiled."
        case let .unsupported(label, reason):
            return "unsupported RASP expression \(label): \(reason)"
        case let .functionFailed(label, reason):
            return "the function of \(label) failed while being tabulated: \(reason)"
        case let .valueSetTooLarge(label, size, limit):
            return "the value set of \(label) has \(size) values, more than the limit of \(limit)"
        case let .notExact(label, reason):
            return "\(label) cannot be computed exactly in float32: \(reason)"
        case let .memory(error):
            return "\(error)"
        case let .assembly(reason):
            return "internal error while assembling the model: \(reason)"
        }
    }
}
