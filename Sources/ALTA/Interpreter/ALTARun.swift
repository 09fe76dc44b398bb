/// The result of running a program on one input.
public struct ALTARun: Sendable {
    /// The output variable at every position (`nil` = null).
    public let output: [ALTAValue?]
    /// The state after the last layer.
    public let finalState: ALTAState
    /// Number of layers run.
    public let layersRun: Int
    /// Whether the halting condition holds after the last layer run (always `false` for
    /// programs without one, and when no layer ran).
    public let halted: Bool
    /// Indices (into `ALTAProgram.rules`) of every rule that fired at least once (rule
    /// coverage, the original's `MLPLogger`).
    public let firedRuleIndices: Set<Int>
    /// The trace, when requested.
    public let trace: ALTATrace?
}
