/// One head's key visibility (causal masking and its relative-position mask) for the
/// sequence lengths of a batch, built once per length and reused by every sequence of
/// that length and every application of the layer.
struct VisibilityMasks {
    /// Whether queries see only keys at or before their position.
    let causal: Bool
    /// The head's relative-position mask, if any.
    let mask: RelativePositionMask?
    /// Length → `[T, T]` flags of visible keys (query rows, key columns).
    private var byLength: [Int: [Bool]] = [:]

    /// The masks of a head of a model that is `causal` or not.
    init(causal: Bool, mask: RelativePositionMask?) {
        self.causal = causal
        self.mask = mask
    }

    /// Whether some key is ever hidden; when not, `flags(length:)` is always `nil`.
    var masksAnything: Bool { causal || mask != nil }

    /// `[T, T]` flags of visible keys for sequences of length `t`, or `nil` when every key
    /// is visible.
    mutating func flags(length t: Int) -> [Bool]? {
        if !masksAnything { return nil }
        if let known = byLength[t] { return known }
        var visible = [Bool](repeating: true, count: t * t)
        for i in 0..<t {
            for j in 0..<t {
                if causal && j > i { visible[i * t + j] = false }
                if let mask, !mask.allows(query: i, key: j) { visible[i * t + j] = false }
            }
        }
        byLength[t] = visible
        return visible
    }
}
