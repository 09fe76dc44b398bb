/// The result of ``CircuitCheck/run(inputs:)``: one row per ablated component.
public struct CircuitCheckReport: Codable, Equatable, Sendable {
    /// What an ablation showed.
    public enum Verdict: String, Codable, Sendable {
        /// The component's s-op changed, and only it and s-ops depending on it.
        case ok
        /// Nothing the circuit forbids changed, but neither did the component's s-op on the
        /// sampled inputs (``Row/reason`` says what did).
        case notExercised = "not exercised"
        /// An s-op outside the component's s-op and its dependents changed.
        case violation
    }

    /// One ablated component.
    public struct Row: Codable, Equatable, Sendable {
        /// The component's name (`blocks.1.attn[0]`, `blocks.0.mlp`).
        public var component: String
        /// The s-op the circuit lists it for.
        public var sop: String
        /// The s-ops whose value changed at some position of some input, in circuit order.
        public var changed: [String]
        /// The changed s-ops that are neither ``sop`` nor one of its dependents.
        public var unexpected: [String]
        /// The verdict.
        public var verdict: Verdict
        /// Why the row is not `ok`.
        public var reason: String?
    }

    /// The inputs the ablations ran on (tokens, BOS first).
    public var inputs: [[String]]
    /// One row per head and per s-op's MLP neurons, in circuit order.
    public var rows: [Row]

    /// Whether no ablation changed an s-op it should not have.
    public var passed: Bool { !rows.contains { $0.verdict == .violation } }

    /// The reasons of the violating rows, one line each.
    public var violations: [String] { rows.filter { $0.verdict == .violation }.compactMap(\.reason) }
}
