import RASP

/// Choices the RASP compiler offers. The defaults give the smallest exact model; the
/// `tracr…` switches reproduce Tracr's behaviour where it matters for comparisons.
public struct RASPCompilerOptions: Sendable, Hashable {
    /// Fuse chains of MLP-only steps (Map, SequenceMap, LinearSequenceMap) into one MLP when
    /// the value sets allow (§19 item 13/14; fewer layers). Fused intermediate s-ops get no
    /// residual directions. Off: one block per s-op, Tracr's residual labels.
    public var fuseMLPs: Bool
    /// Largest hidden width of one fused categorical lookup (product of the operand value
    /// sets) — unless it is no wider than the table over the node's direct operands; larger
    /// chains keep their intermediate s-ops.
    public var maxFusedLookupWidth: Int
    /// Compile composite selectors (SelectorAnd/Or/Not). Off: reject them as Tracr does.
    public var compositeSelectors: Bool
    /// Compile numerical Aggregates (means) of any numeric values with their full set of
    /// means. Off: only 0/1 values (Tracr's rule, with the corrected mean value set).
    public var meansOfAnyValues: Bool
    /// Give every head a large negative logit on keys holding the PAD token, so padded
    /// positions are never attended to (§19 item 12).
    public var maskPadKeys: Bool
    /// Largest value set of a categorical s-op (one residual direction per value),
    /// including the tuples built for composite selectors.
    public var maxCategoricalValues: Int
    /// Largest value set of a numerical s-op (tabulated by discretising MLPs).
    public var maxNumericalValues: Int
    /// Weight matrices with at most this fraction of non-zeros are stored sparse. Compiled
    /// residual streams are almost all zeros and the sparse kernel skips zero inputs, so
    /// sparse storage pays off even for fairly full matrices.
    public var sparseFill: Double

    /// Options; see the properties.
    public init(
        fuseMLPs: Bool = true, maxFusedLookupWidth: Int = 1024, compositeSelectors: Bool = true,
        meansOfAnyValues: Bool = true, maskPadKeys: Bool = true, maxCategoricalValues: Int = 20_000,
        maxNumericalValues: Int = 4_000_000, sparseFill: Double = 1
    ) {
        self.fuseMLPs = fuseMLPs
        self.maxFusedLookupWidth = maxFusedLookupWidth
        self.compositeSelectors = compositeSelectors
        self.meansOfAnyValues = meansOfAnyValues
        self.maskPadKeys = maskPadKeys
        self.maxCategoricalValues = maxCategoricalValues
        self.maxNumericalValues = maxNumericalValues
        self.sparseFill = sparseFill
    }

    /// Tracr's feature set and layout: no fusion, no composite selectors, binary means only
    /// (exact constants and bug fixes stay on).
    public static let tracrLayout = RASPCompilerOptions(
        fuseMLPs: false, compositeSelectors: false, meansOfAnyValues: false)

    /// The validation rules these options compile: composite selectors and means of any
    /// values as switched, Sum and mean sets up to ``maxNumericalValues``.
    public var validationOptions: ValidationOptions {
        ValidationOptions(
            allowCompositeSelectors: compositeSelectors, allowNumericalMeansOfAnyValues: meansOfAnyValues,
            maxSumValues: maxNumericalValues)
    }
}
