import AltaTransformer

/// Choices a caller can make when compiling an ALTA program.
public struct ALTACompilerOptions: Sendable, Hashable {
    /// Iteration cap of the looped model (the halting condition, when compiled, usually stops
    /// earlier). At least 1.
    public var maxLayers: Int
    /// Names of the input tokens in id order (`inputRange` of them); default `"0"`, `"1"`, ….
    public var tokens: [String]?
    /// Names of the output variable's values (categorical range, or set range); default
    /// `"0"`, `"1"`, ….
    public var outputValues: [String]?
    /// How the model reads user text and prints its outputs (`TransformerModel.textEncoding`);
    /// default: whitespace-separated token names in, every position's value out.
    public var textEncoding: TextEncoding
    /// Whether the program's halting condition becomes the model's halting rule.
    public var compileHalting: Bool
    /// Attention sharpness `λ`; `nil` derives the smallest exact one (see `ALTAExactness`).
    public var attentionSharpness: Float?
    /// Weight matrices with at most this fraction of non-zeros are stored sparse.
    public var sparseFill: Double

    /// Options; see the properties.
    public init(
        maxLayers: Int = 1024, tokens: [String]? = nil, outputValues: [String]? = nil,
        textEncoding: TextEncoding = .tokens, compileHalting: Bool = true, attentionSharpness: Float? = nil, sparseFill: Double = 0.1
    ) {
        self.maxLayers = maxLayers
        self.tokens = tokens
        self.outputValues = outputValues
        self.textEncoding = textEncoding
        self.compileHalting = compileHalting
        self.attentionSharpness = attentionSharpness
        self.sparseFill = sparseFill
    }
}
