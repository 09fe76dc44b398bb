/// How a trace's MLP input encodes variables that are undefined (null) at a position.
///
/// The original fills them with uniform noise in [−10, 10] so that a learned MLP learns to
/// ignore undefined inputs (ALTA.md §13.1); `zero` gives the compiled model's own encoding
/// (the zero block). Targets always encode undefined as zero.
public enum TraceFill: String, Sendable, Codable, CaseIterable {
    /// Every own dimension of an undefined categorical or set variable, and the number
    /// dimension of an undefined numerical one, drawn uniformly from [−10, 10].
    case uniform
    /// Undefined variables are the zero block.
    case zero

    /// The half-width of the uniform fill.
    public static let uniformBound: Float = 10
}
