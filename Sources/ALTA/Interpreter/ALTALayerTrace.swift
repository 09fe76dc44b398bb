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
    /// Per head (schema order) and position, how many key positions the head selected. A
    /// categorical head is defined only with exactly 1, a numerical head with at least 1; the
    /// compiled model averages in the other cases (ALTA.md §10.3), so conformance checks can
    /// use these counts to flag positions where the two may differ.
    public let headMatches: [[Int]]
}
