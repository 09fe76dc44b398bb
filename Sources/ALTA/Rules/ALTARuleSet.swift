/// The rules of a rule-form program: the program's own rules followed by the automatic
/// attention-output reset rules (ALTA.md §7). The compiler emits one lookup unit per rule of
/// `rules`, in this order.
public struct ALTARuleSet: Sendable {
    /// The program's rules (written, generated or minimised).
    public let userRules: [ALTARule]
    /// One rule per head and per output value: `out == v ⇒ out: v → null` (numerical heads:
    /// one per bucket centre), in head order.
    public let resetRules: [ALTARule]
    /// `userRules + resetRules`.
    public let rules: [ALTARule]
    /// Where the rules came from and how many there were before and after minimisation.
    public let statistics: ALTARuleStatistics

    /// Assembles a rule set (normally done by `ALTAProgram`).
    public init(userRules: [ALTARule], resetRules: [ALTARule], statistics: ALTARuleStatistics) {
        self.userRules = userRules
        self.resetRules = resetRules
        self.rules = userRules + resetRules
        self.statistics = statistics
    }
}
