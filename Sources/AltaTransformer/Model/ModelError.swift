/// Errors raised when building, loading or running a `TransformerModel` from data a user
/// supplied. Each names what is wrong and where.
public enum ModelError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A token that the input encoder does not know, at `position` of sequence `sequence`.
    case unknownToken(String, sequence: Int, position: Int, known: [String])
    /// The first token is not the BOS token the model requires.
    case missingBOS(expected: String, found: String?, sequence: Int)
    /// A sequence longer than the model's context.
    case sequenceTooLong(length: Int, maximum: Int, sequence: Int)
    /// A token id outside the embedding table.
    case tokenIDOutOfRange(Int, vocabularySize: Int, sequence: Int, position: Int)
    /// Weight shapes that do not fit together.
    case inconsistentShape(String)
    /// An empty input sequence.
    case emptySequence(sequence: Int)
    /// The BOS token somewhere other than the start, or the PAD token followed by a token
    /// that is not PAD (padding only trails the input). `role` is `BOS` or `PAD`.
    case misplacedSpecialToken(String, role: String, sequence: Int, position: Int)
    /// A layer cap (`RunOptions.maxLayers`) below 0 or above the model's depth.
    case layerCapOutOfRange(Int, maximum: Int)
    /// A thread count (`RunOptions.threads`) below 1.
    case invalidThreadCount(Int)
    /// A replace hook returned an activation of another shape (`[rows, columns]`).
    case hookShapeMismatch(point: String, sequence: Int, expected: [Int], found: [Int])
    /// A backend asked for (`PreparedModel(_:backend:profile:)`) that cannot run the model.
    case backendUnavailable(RuntimeBackend, reason: String)

    public var description: String {
        switch self {
        case let .unknownToken(token, sequence, position, known):
            let shown = known.count > 20 ? known.prefix(20).joined(separator: " ") + " …" : known.joined(separator: " ")
            return "unknown token '\(token)' at position \(position) of sequence \(sequence) (known tokens: \(shown))"
        case let .missingBOS(expected, found, sequence):
            return "sequence \(sequence) must start with the BOS token '\(expected)', but starts with \(found.map { "'\($0)'" } ?? "nothing")"
        case let .sequenceTooLong(length, maximum, sequence):
            return "sequence \(sequence) has \(length) tokens, more than the model's maximum of \(maximum)"
        case let .tokenIDOutOfRange(id, size, sequence, position):
            return "token id \(id) at position \(position) of sequence \(sequence) is outside the vocabulary of \(size)"
        case let .inconsistentShape(reason):
            return "inconsistent model: \(reason)"
        case let .emptySequence(sequence):
            return "sequence \(sequence) is empty"
        case let .misplacedSpecialToken(token, role, sequence, position):
            let rule = role == "BOS" ? "it may only start a sequence" : "padding may only follow the input"
            return "the \(role) token '\(token)' cannot be at position \(position) of sequence \(sequence): \(rule)"
        case let .layerCapOutOfRange(cap, maximum):
            return "layer cap \(cap) is outside 0...\(maximum), the model's depth"
        case let .invalidThreadCount(count):
            return "thread count \(count) must be at least 1"
        case let .hookShapeMismatch(point, sequence, expected, found):
            let shape = { (s: [Int]) in "[" + s.map(String.init).joined(separator: ", ") + "]" }
            return "the replace hook at \(point) returned \(shape(found)) for sequence \(sequence), expected \(shape(expected))"
        case let .backendUnavailable(backend, reason):
            return "the \(backend) backend cannot run this model: \(reason)"
        }
    }
}
