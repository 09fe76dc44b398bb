/// One model input of a trace dataset: its text (as the program's entry reads it) and its
/// tokens.
public struct TraceInput: Sendable, Hashable {
    /// The input as a user would type it (e.g. `10110`, `12+34`).
    public let text: String
    /// The input tokens.
    public let tokens: [Int]

    /// An input.
    public init(text: String, tokens: [Int]) {
        self.text = text
        self.tokens = tokens
    }
}
