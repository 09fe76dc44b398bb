import ALTA

/// How many layers each input of a trace dataset runs.
public enum TraceLayerPolicy: String, Sendable, Codable, CaseIterable {
    /// The program's own limit (e.g. until halting, with the library entry's cap).
    case program
    /// Exactly one layer per input token, halting ignored: the original's parity experiment,
    /// which ran n bits (n + 1 tokens with START) with cap n, i.e. n + 1 layers (ALTA.md §9,
    /// §13.5).
    case tokens

    /// The layer limit for an input of `tokenCount` tokens, given the program's `limit`.
    public func limit(tokenCount: Int, program limit: ALTALayerLimit) -> ALTALayerLimit {
        switch self {
        case .program: limit
        case .tokens: .exactly(tokenCount)
        }
    }

    /// The layer limit for an input of `tokenCount` tokens, given the program's `limit`,
    /// capped at `maxLayers` when given (the cap keeps the kind of limit).
    public func limit(tokenCount: Int, program limit: ALTALayerLimit, maxLayers: Int?) -> ALTALayerLimit {
        let limit = self.limit(tokenCount: tokenCount, program: limit)
        guard let maxLayers, limit.maxLayers > maxLayers else { return limit }
        switch limit {
        case .exactly: return .exactly(maxLayers)
        case .untilHalt: return .untilHalt(maxLayers: maxLayers)
        }
    }
}
