/// Which extensions beyond Tracr a validator accepts.
public struct ValidationOptions: Sendable, Hashable {
    /// Accept composite selectors (SelectorAnd/Or/Not that do not simplify to one Select), for
    /// compilers that implement them.
    public var allowCompositeSelectors: Bool
    /// Accept numerical Aggregates (means) of arbitrary numbers, not only 0/1, for compilers
    /// that implement them.
    public var allowNumericalMeansOfAnyValues: Bool
    /// Largest value set built by summing (a Sum's set, the sums behind means of any values);
    /// see ``ValueSetInference/maxSumValues``.
    public var maxSumValues: Int

    public init(
        allowCompositeSelectors: Bool = false, allowNumericalMeansOfAnyValues: Bool = false,
        maxSumValues: Int = 1_000_000
    ) {
        self.allowCompositeSelectors = allowCompositeSelectors
        self.allowNumericalMeansOfAnyValues = allowNumericalMeansOfAnyValues
        self.maxSumValues = maxSumValues
    }

    /// Exactly what Tracr can compile.
    public static let tracr = ValidationOptions()

    /// Tracr plus composite selectors and numerical means of any numbers.
    public static let extended = ValidationOptions(allowCompositeSelectors: true, allowNumericalMeansOfAnyValues: true)
}
