/// The record of one layer of a run.
public struct ALTALayerTrace: Sendable, Equatable {
    /// 0-based layer index (the `k` of the table columns `Lka`, `Lkb`).
    public let index: Int
    /// State after attention, i.e. the MLP input (column `Lka`).
    public let afterAttention: ALTAState
    /// State after the MLP and the reset of head outputs (column `Lkb`).
    public let afterMLP: ALTAState
    /// Per position, the indices (into `ALTAProgram.rules`) of the rules that fired, ascending;
    /// empty lists for function-form programs.
    public let firedRules: [[Int]]
}
