import AltaTransformer
import RASP

/// One disagreement between the RASP evaluator and the compiled weights: after `sublayer`, at
/// `position` of `input`, decoding the residual directions of s-op `sop` gave `found` where the
/// evaluator gives `expected`.
public struct RASPConformanceMismatch: Sendable, Hashable, CustomStringConvertible {
    /// Which input of the check (0-based).
    public let inputIndex: Int
    /// The input (without BOS).
    public let input: [Value]
    /// The sublayer after which the residual was read: −1 the embeddings, `2l` after layer
    /// `l`'s attention, `2l + 1` after its MLP (Tracr's numbering, as in ``CompiledSOp``).
    public let sublayer: Int
    /// Position in the input (0-based, BOS not counted).
    public let position: Int
    /// The s-op's label (`map_3`).
    public let sop: String
    /// The evaluator's value (`nil` = null).
    public let expected: Value?
    /// The decoded value (`nil` = null: no categorical direction reaches 0.5).
    public let found: Value?

    public init(inputIndex: Int, input: [Value], sublayer: Int, position: Int, sop: String, expected: Value?, found: Value?) {
        self.inputIndex = inputIndex
        self.input = input
        self.sublayer = sublayer
        self.position = position
        self.sop = sop
        self.expected = expected
        self.found = found
    }

    /// The stage as `run --trace` and `alta compare` name it: `embedding`, `layer 1
    /// attention`, `layer 1 mlp`, ….
    public var stage: String { RASPConformance.stageName(ofSublayer: sublayer) }

    /// E.g. `layer 1 mlp, position 1, map_1: evaluator 2, weights 4 (input [3, 1])`.
    public var description: String {
        "\(stage), position \(position), \(sop): evaluator \(Value.pythonRepr(expected)), weights \(Value.pythonRepr(found))"
            + " (input \(Value.pythonListRepr(input)))"
    }
}
