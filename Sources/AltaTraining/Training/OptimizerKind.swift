/// The optimisers the trainer offers.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// Adam (β₁ 0.9, β₂ 0.999, ε 1e-8, bias-corrected), as optax's `adam`.
    case adam
    /// Adafactor as optax's `adafactor` (by default with its defaults, the original's
    /// choice; optionally with momentum or T5's relative step size): see `Adafactor`.
    case adafactor
}
