/// Where a variable of a schema comes from.
public enum ALTAVariableRole: Sendable, Hashable {
    /// Declared by the program.
    case declared
    /// The automatic constant `relative_qk` (categorical, range 1, always 0) added for
    /// `v_relative` heads.
    case relativeQK
    /// The output of the head with this index in `ALTASchema.heads`.
    case headOutput(head: Int)
}
