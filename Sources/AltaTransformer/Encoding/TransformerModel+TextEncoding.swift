extension TransformerModel {
    /// The input tokens for one line of user text: the text encoding's tokens, with the BOS
    /// token put in front when the model has one and the text lacks it.
    public func tokens(forText text: String) throws(TextEncodingError) -> [String] {
        inputEncoder.prependingBOS(try textEncoding.input.tokens(for: text))
    }

    /// The result text of one sequence's decoded outputs.
    public func text(of outputs: [OutputValue]) throws(TextEncodingError) -> String {
        try textEncoding.output.text(of: outputs)
    }
}
