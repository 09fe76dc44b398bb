/// A model's text interface: how a line of user text becomes input tokens and how the
/// decoded outputs become the result text. Stored in the model, written to `config.json`
/// under `alta.text_encoding` and read back on load, so an exported folder runs exactly as
/// the program it was compiled from.
public struct TextEncoding: Sendable, Hashable, Codable {
    /// Text → input tokens.
    public var input: InputTextEncoding
    /// Decoded outputs → text.
    public var output: OutputTextDecoding

    public init(input: InputTextEncoding, output: OutputTextDecoding) {
        self.input = input
        self.output = output
    }

    /// Whitespace-separated tokens in, every position's value out (RASP models and models
    /// exported before encodings were recorded).
    public static let tokens = TextEncoding(input: .tokens, output: .values)
}
