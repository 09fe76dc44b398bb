/// Counted nouns for messages: "1 layer", "2 layers".
enum Plural {
    /// `count` followed by `singular`, or by `plural` (default: `singular` + "s") unless
    /// `count` is 1.
    static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
