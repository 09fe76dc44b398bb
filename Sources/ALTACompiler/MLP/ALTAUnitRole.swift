/// What a unit of the compiled MLP's rule layer (map 3) computes.
public enum ALTAUnitRole: Sendable, Hashable {
    /// The AND unit of program rule `index` (into `ALTARuleSet.userRules`).
    case rule(Int)
    /// A gated pass-through that subtracts the current value of the numerical variable written
    /// by rule `rule` (its positive or negative part).
    case subtractCurrent(rule: Int, positivePart: Bool)
    /// A unit that resets a head output: `variable` and which part (`"=3"`, `".matches"`,
    /// `" (positive part)"`…).
    case reset(variable: String, part: String)
}
