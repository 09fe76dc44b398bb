/// How a variable gets its value before the first layer, resolved to lookup tables so that
/// the compiler can read it (token table rows and position table rows).
public enum ALTAInitialisation: Sendable, Hashable {
    /// The variable's `defaultValue` at every position.
    case constant
    /// `table[token]` at a position holding `token`; `table.count == inputRange`.
    case token([ALTAValue?])
    /// `table[position]`; `table.count == positionRange` (requires a position table).
    case position([ALTAValue?])
    /// An attention-head output: null until its head writes it, and reset to null after every
    /// MLP.
    case headOutput
}
