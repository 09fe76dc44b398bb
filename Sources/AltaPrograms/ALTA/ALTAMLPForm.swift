/// Which MLP an example builder produces.
public enum ALTAMLPForm: Sendable, Hashable {
    /// Function form (interpreter only).
    case function
    /// Hand-written rules built with `MLPBuilder` (the original's "sparse" programs).
    case rules
    /// Rules generated from the function form by enumeration, minimised or exhaustive (as
    /// the original's `generate_rules=True`).
    case generated(minimised: Bool)
}
