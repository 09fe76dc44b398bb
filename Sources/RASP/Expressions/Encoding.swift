/// How an SOp is laid out in the residual stream (§1.3): one-hot over its value set
/// (`categorical`, the default) or one scalar dimension holding the value (`numerical`).
public enum Encoding: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// One-hot over the value set.
    case categorical
    /// One scalar dimension holding the value.
    case numerical

    /// `categorical` / `numerical` (Tracr's enum value string).
    public var description: String { rawValue }

    /// Tracr's printed form, `Encoding.CATEGORICAL` / `Encoding.NUMERICAL`.
    public var tracrDescription: String { "Encoding.\(rawValue.uppercased())" }
}
