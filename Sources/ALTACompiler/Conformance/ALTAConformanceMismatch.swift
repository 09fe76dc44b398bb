import ALTA

/// One disagreement between the interpreter and the compiled weights.
public struct ALTAConformanceMismatch: Sendable, Hashable, CustomStringConvertible {
    /// Where in a layer the states were compared.
    public enum Stage: String, Sendable, Hashable {
        /// Before the first layer (the embeddings).
        case initial
        /// After the attention sublayer (the MLP input).
        case afterAttention = "after attention"
        /// After the MLP sublayer (and, in the interpreter, the reset of head outputs).
        case afterMLP = "after MLP"
    }

    /// 0-based layer (0 for `.initial`).
    public let layer: Int
    /// Which state of the layer.
    public let stage: Stage
    /// Position in the input.
    public let position: Int
    /// Variable name.
    public let variable: String
    /// The interpreter's value (`nil` = null).
    public let expected: ALTAValue?
    /// The decoded compiled value, or why it could not be decoded.
    public let found: String

    public var description: String {
        "layer \(layer) \(stage.rawValue), position \(position), \(variable): interpreter \(ALTAValue.format(expected)), weights \(found)"
    }
}
