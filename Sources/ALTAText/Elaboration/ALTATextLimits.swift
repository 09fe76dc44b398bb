/// Bounds on the work an `.alta` file may ask for, so that no input makes elaboration run
/// (practically) forever: exceeding one is a diagnostic, not a hang.
public struct ALTATextLimits: Sendable, Hashable {
    /// The largest vocabulary and position table.
    public var maxTableSize: Int
    /// The most statements a `rules:` block may execute while its loops unroll.
    public var maxRuleSteps: Int
    /// The most assignments an `update:` block may be enumerated over.
    public var maxEnumeratedStates: Int

    /// Limits; the defaults admit every library program with a wide margin.
    public init(maxTableSize: Int = 100_000, maxRuleSteps: Int = 20_000_000, maxEnumeratedStates: Int = 5_000_000) {
        self.maxTableSize = maxTableSize
        self.maxRuleSteps = maxRuleSteps
        self.maxEnumeratedStates = maxEnumeratedStates
    }
}
