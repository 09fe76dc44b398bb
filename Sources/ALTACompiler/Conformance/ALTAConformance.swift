import ALTA
import AltaTensors
import AltaTransformer

/// Checks a compiled program against the ALTA interpreter at every layer and position
/// (ALTA.md §15 item 13): the initial state, the state after attention and the state after the
/// MLP of every layer, variable by variable, plus the number of layers run and whether the
/// program halted.
///
/// ```swift
/// let report = try ALTAConformance.check(compiled, tokens: [2, 1, 0, 1], layers: .untilHalt(maxLayers: 10))
/// report.isConformant     // true
/// report.mismatches       // [] — or where and how they differ
/// ```
public enum ALTAConformance {
    /// The result of one check.
    public struct Report: Sendable {
        /// Layers the interpreter ran / the compiled model ran.
        public let interpreterLayers: Int
        public let compiledLayers: Int
        /// Whether the halting condition held at the end (interpreter / weights).
        public let interpreterHalted: Bool
        public let compiledHalted: Bool
        /// Whether the run used the model's halting rule (`.untilHalt` with a compiled halting
        /// rule); only then are the halted flags compared.
        public let haltingCompared: Bool
        /// Values compared.
        public let comparisons: Int
        /// Disagreements (at most `limit` of them).
        public let mismatches: [ALTAConformanceMismatch]

        /// Whether everything agreed, layer counts included.
        public var isConformant: Bool {
            mismatches.isEmpty && interpreterLayers == compiledLayers
                && (!haltingCompared || interpreterHalted == compiledHalted)
        }
    }

    /// Runs `tokens` through the interpreter and through the compiled weights (the runtime's
    /// pass with hooks reading the residual after every sublayer; `prepared`, or the
    /// compiled model prepared anew) for the same layer limit and compares every state.
    ///
    /// `.untilHalt(maxLayers:)` uses the model's halting rule (the program must have been
    /// compiled with halting); `.exactly(n)` runs n layers without halting. The weights run
    /// at most the model's own depth. Numbers agree when they fall in the same bucket and
    /// differ by at most `1e-4 · max(1, |x|)`.
    public static func check(
        _ compiled: ALTACompiledProgram, tokens: [Int], layers: ALTALayerLimit,
        prepared: PreparedModel? = nil, limit: Int = 100
    ) throws -> Report {
        let interpreter = ALTAInterpreter(program: compiled.program)
        let reference = try interpreter.run(tokens, layers: layers, trace: true)
        guard let trace = reference.trace else { throw ALTACompilerError.invalidInput("the interpreter returned no trace") }
        let model = try prepared ?? PreparedModel(compiled.model)
        let halting: Bool
        switch layers {
        case .exactly: halting = false
        case .untilHalt:
            if case .looped(_, _?) = compiled.model.layout { halting = compiled.program.halt != nil } else { halting = false }
        }
        let depth = min(layers.maxLayers, compiled.model.layout.maxDepth(layerCount: compiled.model.layers.count))
        let states = ResidualStates()
        var options = RunOptions(maxLayers: depth, halting: halting, threads: 1)
        options.hooks.read(.residPre(step: 0)) { _, residual in states.initial = residual }
        for step in 0..<depth {
            options.hooks.read(.residMid(step: step)) { _, residual in states.afterAttention.append(residual) }
            options.hooks.read(.residPost(step: step)) { _, residual in states.afterMLP.append(residual) }
        }
        let result = try model.forward(tokenIDs: [tokens], options: options)

        var mismatches: [ALTAConformanceMismatch] = []
        var comparisons = 0
        func compare(_ state: ALTAState, _ residual: Matrix, layer: Int, stage: ALTAConformanceMismatch.Stage) {
            for position in 0..<state.length {
                for block in compiled.layout.blocks {
                    comparisons += 1
                    let expected = state[position, block.variableIndex]
                    let found: String
                    do {
                        let value = try compiled.layout.decode(block, residual: residual, position: position)
                        if agree(expected, value, kind: block.kind) { continue }
                        found = ALTAValue.format(value)
                    } catch {
                        found = "\(error)"
                    }
                    if mismatches.count < limit {
                        mismatches.append(ALTAConformanceMismatch(
                            layer: layer, stage: stage, position: position, variable: block.name,
                            expected: expected, found: found))
                    }
                }
            }
        }
        // The initial state: the embeddings (the first layer's input).
        compare(trace.initial, states.initial ?? result.finalResidual(of: 0), layer: 0, stage: .initial)
        let compiledLayers = min(states.afterAttention.count, states.afterMLP.count)
        for (k, layer) in trace.layers.enumerated() where k < compiledLayers {
            compare(layer.afterAttention, states.afterAttention[k], layer: k, stage: .afterAttention)
            compare(layer.afterMLP, states.afterMLP[k], layer: k, stage: .afterMLP)
        }
        return Report(
            interpreterLayers: reference.layersRun, compiledLayers: result.layersRun[0],
            interpreterHalted: reference.halted, compiledHalted: result.halted[0], haltingCompared: halting,
            comparisons: comparisons, mismatches: mismatches)
    }

    /// Whether two values agree (see `check`).
    static func agree(_ a: ALTAValue?, _ b: ALTAValue?, kind: ALTAVariableKind) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.number(let x)?, .number(let y)?):
            guard abs(x - y) <= 1e-4 * max(1, abs(x)) else { return false }
            if case .numerical(let buckets?) = kind, !buckets.isEmpty {
                return ALTAVariableKind.bucketIndex(of: x, centres: buckets) == ALTAVariableKind.bucketIndex(of: y, centres: buckets)
            }
            return true
        default:
            return a == b
        }
    }
}

/// The residuals the conformance check's hooks read (on the calling thread).
private final class ResidualStates {
    /// `[T, dModel]` embedding.
    var initial: Matrix?
    /// Per layer application `[T, dModel]`.
    var afterAttention: [Matrix] = []
    var afterMLP: [Matrix] = []
}
