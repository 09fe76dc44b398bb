import ALTA

/// Sizes of a compiled program.
public struct ALTACompilationStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Variables of the program (head outputs and `relative_qk` included).
    public let variables: Int
    /// Heads of the program.
    public let programHeads: Int
    /// Heads of the model (program heads plus counting heads).
    public let modelHeads: Int
    /// Residual width.
    public let dModel: Int
    /// Widths of the MLP's three hidden layers (discretise, atoms, rules).
    public let hiddenWidths: [Int]
    /// AND units, one per program rule.
    public let ruleUnits: Int
    /// Units resetting head outputs.
    public let resetUnits: Int
    /// Gated pass-through units of numerical updates.
    public let numericalUpdateUnits: Int
    /// All parameters as stored (embeddings, heads, MLP, unembedding).
    public let parameters: Int
    /// Non-zero parameters.
    public let nonZeroParameters: Int
    /// Rule counts before and after minimisation (from the program).
    public let rules: ALTARuleStatistics?
    /// Wall time of each compiler phase (`analysis`, `heads`, `mlp`, `embeddings`, `assembly`).
    public let phaseSeconds: [String: Double]

    /// `d_model 9, hidden 10/10/11 (3 rules, 8 resets), 2 heads, 457 parameters (68 non-zero)`.
    public var description: String {
        "d_model \(dModel), hidden \(hiddenWidths.map(String.init).joined(separator: "/")) (\(ruleUnits) rules, \(resetUnits) resets), "
            + "\(modelHeads) heads, \(parameters) parameters (\(nonZeroParameters) non-zero)"
    }
}
