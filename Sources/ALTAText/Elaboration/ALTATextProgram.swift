import ALTA

/// An `.alta` file turned into an `ALTAProgram`, with the input encoding it declares.
///
/// ```swift
/// let text = try ALTATextProgram(source: String(contentsOfFile: path), file: "parity.alta")
/// let compiled = try ALTATransformerCompiler.compile(text.program, maxLength: 20)
/// ```
public struct ALTATextProgram: Sendable {
    /// The program.
    public let program: ALTAProgram
    /// How user text becomes its input tokens, when the file says (`input …`).
    public let encoding: ALTATextEncoding?
    /// How many layers to run, when the file says (`layers N` runs exactly N; `layers at
    /// most N` runs until the program halts, at most N).
    public let layerLimit: ALTALayerLimit?

    /// Parses and elaborates `source`; every error is an `ALTATextDiagnostic` naming
    /// `file:line:column`, including work beyond `limits`.
    public init(source: String, file: String, limits: ALTATextLimits = ALTATextLimits()) throws(ALTATextDiagnostic) {
        let declarations = try ALTAParser.parse(file: file, source: source)
        var elaborator = ALTAElaborator(file: file, source: source, limits: limits)
        (program, encoding) = try elaborator.elaborate(declarations)
        layerLimit = elaborator.layerLimit
    }
}
