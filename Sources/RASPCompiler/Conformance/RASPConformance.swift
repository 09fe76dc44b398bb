import AltaTensors
import AltaTransformer
import RASP

/// Checks a compiled RASP program against the reference evaluator at every layer and
/// position (DESIGN principle 2): every s-op with residual directions is decoded from the
/// residual after the sublayer that computes it and after every later one (the value must
/// stay put), at every position, and compared with the evaluator's value. The residuals are
/// read through the runtime's hooks (`HookPoint.embed`/`.posEmbed` for the embeddings,
/// `HookPoint.residual(afterSublayer:)` after each sublayer), so the weights run exactly as
/// `alta run` runs them.
///
/// One rule decides agreement (``agree(_:_:encoding:)``):
/// - categorical s-ops: the decoded value equals the evaluator's (Python equality, so
///   `1 == 1.0 == True`); null is a value, so a null from the evaluator must decode as null
///   (no direction reaches 0.5) and a value must not;
/// - numerical s-ops: `|found − expected| ≤ tolerance · max(1, |expected|)` with
///   ``tolerance`` = 1e-4; a null from the evaluator is the zero block, so it must decode
///   as 0 within the same bound.
///
/// ```swift
/// let compiled = try RASPModelCompiler.compile(program, vocabulary: ["a", "b"], maxSeqLen: 5)
/// let report = try RASPConformance.check(compiled, inputs: [["a", "b", "b"]])
/// report.isConformant     // true
/// report.mismatches       // [] — or where (layer, position, s-op) and how they differ
/// ```
public enum RASPConformance {
    /// The relative tolerance for numerical s-ops (absolute below magnitude 1).
    public static let tolerance = 1e-4

    /// One s-op at one position of one input, decoded after the sublayer that computes it.
    public struct Comparison: Sendable {
        /// Which input of the check (0-based).
        public let inputIndex: Int
        /// The s-op's label.
        public let sop: String
        /// The sublayer that computes it (−1 the embeddings).
        public let sublayer: Int
        /// Position in the input (0-based, BOS not counted).
        public let position: Int
        /// The evaluator's value (`nil` = null).
        public let expected: Value?
        /// The decoded value (`nil` = null).
        public let found: Value?
        /// Whether they agree (see ``RASPConformance``).
        public let agrees: Bool
    }

    /// The result of one check.
    public struct Report: Sendable {
        /// The inputs checked, in order.
        public let inputs: [[Value]]
        /// Every s-op at every position of every input, after the sublayer that computes it,
        /// in input, s-op (computation order) and position order — what `alta compare` shows.
        public let values: [Comparison]
        /// Values compared: every s-op at every position after its own sublayer and after
        /// every later one.
        public let comparisons: Int
        /// Disagreements at any sublayer, in input, sublayer, s-op and position order (at most
        /// the check's `limit`).
        public let mismatches: [RASPConformanceMismatch]
        /// All disagreements, including those beyond `limit`.
        public let mismatchCount: Int
        /// The labels of the s-ops checked (every s-op with residual directions), in
        /// computation order.
        public let labels: [String]

        /// Whether everything agreed.
        public var isConformant: Bool { mismatchCount == 0 }
    }

    /// Evaluates the compiled program's own expression on every input (causally when the model
    /// is causal), runs the weights on the same inputs with read hooks, and compares every
    /// s-op at every position after every sublayer from the one that computes it on.
    ///
    /// `hooks` run along with the check's reads, e.g. replace hooks that ablate a head
    /// (`HookPoint.attnPattern`) to see which s-ops then differ; replacements apply before
    /// the check reads a point.
    ///
    /// - Throws: the evaluator's error for an input the program rejects
    ///   (`RASPEvaluationError`), and the runtime's (`ModelError`) for an input the model
    ///   cannot take (a token outside its vocabulary, an input longer than its maximum length).
    public static func check(
        _ compiled: CompiledRASPProgram, inputs: [[Value]], hooks: Hooks = Hooks(), limit: Int = 100
    ) throws -> Report {
        // A compiled program's output is an s-op (the compiler takes nothing else).
        guard let program = compiled.graph.output.sop else {
            return Report(inputs: inputs, values: [], comparisons: 0, mismatches: [], mismatchCount: 0, labels: [])
        }
        let evaluator = Evaluator(causal: compiled.model.causal)
        // Expected values per input, per compiled s-op (in `compiled.sops` order).
        var expected: [[[Value?]?]] = []
        for input in inputs {
            let trace = try evaluator.trace(program, on: input)
            expected.append(compiled.sops.map { trace.values(labelled: $0.label) })
        }
        var values: [Comparison] = []
        var mismatches: [RASPConformanceMismatch] = []
        var mismatchCount = 0
        var comparisons = 0
        // Compares every s-op computed at or before `sublayer` with the residual after it.
        func compare(_ residual: Matrix, sequence: Int, sublayer: Int) {
            guard sequence < inputs.count else { return }
            let input = inputs[sequence]
            for (k, sop) in compiled.sops.enumerated() where sop.sublayer <= sublayer {
                guard let want = expected[sequence][k] else { continue }
                for position in input.indices where position < want.count {
                    let got = sop.decode(residual, position: position + 1)
                    let same = agree(want[position], got, encoding: sop.encoding)
                    comparisons += 1
                    if sop.sublayer == sublayer {
                        values.append(Comparison(
                            inputIndex: sequence, sop: sop.label, sublayer: sublayer, position: position,
                            expected: want[position], found: got, agrees: same))
                    }
                    guard !same else { continue }
                    mismatchCount += 1
                    if mismatches.count < limit {
                        mismatches.append(RASPConformanceMismatch(
                            inputIndex: sequence, input: input, sublayer: sublayer, position: position, sop: sop.label,
                            expected: want[position], found: got))
                    }
                }
            }
        }
        var options = RunOptions(hooks: hooks)
        // The embeddings: token rows plus position rows (read even when the model has no layer).
        var tokenRows: [Int: Matrix] = [:]
        options.hooks.read(.embed) { sequence, rows in tokenRows[sequence] = rows }
        options.hooks.read(.posEmbed) { sequence, rows in
            guard let tokens = tokenRows.removeValue(forKey: sequence), let sum = try? tokens + rows else { return }
            compare(sum, sequence: sequence, sublayer: -1)
        }
        for sublayer in 0..<(2 * compiled.model.layers.count) {
            options.hooks.read(.residual(afterSublayer: sublayer)) { sequence, residual in
                compare(residual, sequence: sequence, sublayer: sublayer)
            }
        }
        _ = try compiled.run(inputs, options: options)
        return Report(
            inputs: inputs, values: values, comparisons: comparisons, mismatches: mismatches, mismatchCount: mismatchCount,
            labels: compiled.sops.map(\.label))
    }

    /// Whether a decoded value agrees with the evaluator's (the rule of ``RASPConformance``).
    public static func agree(_ expected: Value?, _ found: Value?, encoding: Encoding) -> Bool {
        switch encoding {
        case .categorical:
            return expected == found
        case .numerical:
            // Null is the zero block.
            let want: Double
            if let expected {
                guard let x = expected.doubleValue else { return false }
                want = x
            } else {
                want = 0
            }
            guard let got = found?.doubleValue, got.isFinite else { return false }
            return abs(got - want) <= tolerance * max(1, abs(want))
        }
    }

    /// The stage after `sublayer` as `run --trace` and `alta compare` name it: `embedding`
    /// (−1), `layer 1 attention` (0), `layer 1 mlp` (1), ….
    public static func stageName(ofSublayer sublayer: Int) -> String {
        guard sublayer >= 0 else { return "embedding" }
        return "\(ModelLayout.stacked.stepName(sublayer / 2)) \(sublayer % 2 == 0 ? "attention" : "mlp")"
    }
}
