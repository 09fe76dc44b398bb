/// Which dialect's aggregation rules an ``Evaluator`` applies.
///
/// The graph is the same in both; only two aggregation rules differ (RASP-TEXT §8, §11):
///
/// | rule | ``tracr`` | ``repl`` |
/// |---|---|---|
/// | nothing selected, default `nil` (omitted) | `nil` (Tracr's `None`) | `0` (the RASP REPL's default) |
/// | several bools selected | their mean (`[True, False]` → 0.5) | an error (the REPL averages numbers only) |
public enum EvaluationSemantics: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Tracr's semantics: what compiled weights compute.
    case tracr
    /// The RASP REPL's semantics (tech-srl/RASP): an empty aggregate with no default gives 0,
    /// and bools are never averaged.
    case repl

    /// `tracr` / `repl`.
    public var description: String { rawValue }
}
