/// Rule counts of a rule-form program, before and after minimisation. Counts of "total" rules
/// include the automatic reset rules, like the original's figures (e.g. 15,004 generated
/// rules for absolute-position parity = 15,000 + 4 resets).
public struct ALTARuleStatistics: Sendable, Hashable, CustomStringConvertible {
    /// How the program's rules were obtained.
    public enum Source: String, Sendable, Hashable {
        /// Written by hand or with `MLPBuilder`.
        case written
        /// Generated from an MLP function by enumerating variable values (ALTA.md §6.2).
        case generated
    }

    /// Written or generated.
    public let source: Source
    /// Program rules as written or exhaustively generated (without resets).
    public let rulesBeforeMinimisation: Int
    /// Program rules after minimisation, or `nil` if the rules were not minimised.
    public let rulesAfterMinimisation: Int?
    /// Number of automatic reset rules.
    public let resetRules: Int

    /// Creates statistics.
    public init(source: Source, rulesBeforeMinimisation: Int, rulesAfterMinimisation: Int?, resetRules: Int) {
        self.source = source
        self.rulesBeforeMinimisation = rulesBeforeMinimisation
        self.rulesAfterMinimisation = rulesAfterMinimisation
        self.resetRules = resetRules
    }

    /// Program rules now in use.
    public var userRules: Int { rulesAfterMinimisation ?? rulesBeforeMinimisation }
    /// All rules before minimisation, resets included.
    public var totalBeforeMinimisation: Int { rulesBeforeMinimisation + resetRules }
    /// All rules now in use, resets included (the compiled lookup width).
    public var total: Int { userRules + resetRules }

    /// `generated: 15004 rules (15000 + 4 resets) → minimised: 7 (3 + 4 resets)`.
    public var description: String {
        var text = "\(source.rawValue): \(totalBeforeMinimisation) rules (\(rulesBeforeMinimisation) + \(resetRules) resets)"
        if let after = rulesAfterMinimisation {
            text += " -> minimised: \(after + resetRules) (\(after) + \(resetRules) resets)"
        }
        return text
    }
}
