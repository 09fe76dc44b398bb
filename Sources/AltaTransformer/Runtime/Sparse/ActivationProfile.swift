/// How often each input of each MLP linear map was non-zero while a model ran on sample
/// sequences: per layer, per linear map of its MLP and per input, the number of (position,
/// layer application) pairs where the input was non-zero. Measured by the runtime
/// (`PreparedModel.activationProfile(tokenIDs:options:)`) — no knowledge of how the model
/// was made is needed.
///
/// The sparse-rows backend evaluates each AND-like MLP unit (a unit that can only fire
/// when all its inputs are non-zero, as in a compiled rule table) only when one chosen
/// input, its pivot, is non-zero; a profile lets it choose the input least often non-zero.
/// Results never depend on the profile, only speed does.
///
/// ```swift
/// let profile = try PreparedModel(model).activationProfile(tokenIDs: samples)
/// let prepared = try PreparedModel(model, backend: .sparseRows, profile: profile)
/// ```
public struct ActivationProfile: Sendable, Equatable {
    /// Number of sequences measured.
    public let sequences: Int
    /// `[layer][linear map][input]`: how many (position, layer application) pairs had the
    /// input non-zero.
    public let nonZeroCounts: [[[Int]]]

    /// A profile of `sequences` sequences with the given counts.
    public init(sequences: Int, nonZeroCounts: [[[Int]]]) {
        self.sequences = sequences
        self.nonZeroCounts = nonZeroCounts
    }

    /// The counts of map `map` of layer `layer`, or empty when the profile has none there
    /// (a profile of another model).
    func counts(layer: Int, map: Int) -> [Int] {
        layer < nonZeroCounts.count && map < nonZeroCounts[layer].count ? nonZeroCounts[layer][map] : []
    }
}
