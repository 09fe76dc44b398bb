/// How often each transition rule of a rule-form program fires over a dataset of inputs
/// (ALTA.md §13.4: the original's `analyze_mlp_beam` with its `MLPLogger`).
///
/// Every MLP application — one layer at one position of one input — is recorded with the
/// rules that matched its input (all matching rules fire at once; none may match, and then
/// the application leaves the state as it is). From these come the counts per rule and per
/// rule × layer, the rules that never fire, and the distinct MLP inputs observed with the
/// rules each fired, which the minimality analysis (``ALTARuleMinimality``) and the
/// dataset minimiser (``ALTADatasetRuleMinimiser``) work on.
///
/// ```swift
/// let coverage = try ALTARuleCoverage.measure(program, inputs: [([2, 1, 0], .untilHalt(maxLayers: 3)),
///                                                               ([2, 1], .untilHalt(maxLayers: 2))])
/// coverage.count(ofRule: 0)            // applications rule 0 fired in
/// coverage.neverFiredUserRules         // program rules the dataset never exercises
/// ```
///
/// Function-form programs have no rules and are refused (`ALTACoverageError.functionForm`).
public struct ALTARuleCoverage: Sendable {
    /// The program measured.
    public let program: ALTAProgram
    /// Inputs recorded.
    public private(set) var inputCount = 0
    /// MLP applications recorded (layers × positions, summed over inputs).
    public private(set) var applications = 0
    /// Applications per layer index.
    public private(set) var applicationsPerLayer: [Int] = []
    /// Applications in which no rule fired (the state passes unchanged).
    public private(set) var applicationsWithoutRule = 0
    /// Per rule (index into `program.rules`), the applications it fired in.
    public private(set) var counts: [Int]
    /// `[layer][rule]`: the applications rule fired in at that layer index.
    public private(set) var countsPerLayer: [[Int]] = []

    /// Distinct observed MLP inputs as per-variable domain indices (-1 = null or a value no
    /// rule can test), with the rules fired there and how often the input was seen.
    struct Observation: Sendable {
        let input: [Int32]
        let fired: [Int]
        var count: Int
    }
    private(set) var observations: [Observation] = []
    private var observationIndex: [[Int32]: Int] = [:]
    private let indexer: ALTAValueIndexer

    /// Empty coverage of `program`; throws `.functionForm` for a program without rules.
    public init(program: ALTAProgram) throws(ALTACoverageError) {
        guard program.isRuleForm else { throw .functionForm(program: program.name) }
        self.program = program
        self.counts = [Int](repeating: 0, count: program.rules.count)
        self.indexer = ALTAValueIndexer(schema: program.schema)
    }

    /// Runs the interpreter on every input (with its layer limit) and records each trace.
    ///
    /// - Parameter progress: called after each input with the number done.
    /// - Throws: `.functionForm`, `.inputFailed` naming the input (0-based) when the
    ///   interpreter fails on it, `.emptyDataset` when no MLP application was recorded.
    public static func measure(
        _ program: ALTAProgram, inputs: [(tokens: [Int], layers: ALTALayerLimit)], progress: (Int) -> Void = { _ in }
    ) throws(ALTACoverageError) -> ALTARuleCoverage {
        var coverage = try ALTARuleCoverage(program: program)
        let interpreter = ALTAInterpreter(program: program)
        for (k, input) in inputs.enumerated() {
            let run: ALTARun
            do {
                run = try interpreter.run(input.tokens, layers: input.layers, trace: true)
            } catch {
                throw .inputFailed(input: k, reason: "\(error)")
            }
            if let trace = run.trace { try coverage.record(trace) }
            progress(k + 1)
        }
        guard coverage.applications > 0 else { throw .emptyDataset(program: program.name) }
        return coverage
    }

    /// Records every MLP application of one run's trace; throws `.foreignTrace` for a trace of
    /// another program.
    public mutating func record(_ trace: ALTATrace) throws(ALTACoverageError) {
        guard trace.rules == program.rules, trace.initial.variableNames == program.schema.variableNames else {
            throw .foreignTrace(program: program.name)
        }
        inputCount += 1
        let width = program.schema.variables.count
        var key = [Int32](repeating: -1, count: width)
        for layer in trace.layers {
            while countsPerLayer.count <= layer.index {
                countsPerLayer.append([Int](repeating: 0, count: counts.count))
                applicationsPerLayer.append(0)
            }
            for position in 0..<layer.afterAttention.length {
                let fired = layer.firedRules[position]
                applications += 1
                applicationsPerLayer[layer.index] += 1
                if fired.isEmpty { applicationsWithoutRule += 1 }
                for r in fired {
                    counts[r] += 1
                    countsPerLayer[layer.index][r] += 1
                }
                for v in 0..<width {
                    key[v] = Int32(indexer.index(of: layer.afterAttention[position, v], variable: v))
                }
                if let o = observationIndex[key] {
                    observations[o].count += 1
                } else {
                    observationIndex[key] = observations.count
                    observations.append(Observation(input: key, fired: fired, count: 1))
                }
            }
        }
    }

    // MARK: reading

    /// Number of layer indices seen (the longest run's layer count).
    public var layerCount: Int { countsPerLayer.count }
    /// Number of distinct MLP inputs observed (as the rules see them: per-variable values).
    public var distinctInputs: Int { observations.count }
    /// Number of program rules (`program.rules` starts with them; the automatic reset rules
    /// follow).
    public var userRuleCount: Int { program.ruleSet?.userRules.count ?? 0 }

    /// Applications rule `rule` (index into `program.rules`) fired in; 0 outside the range.
    public func count(ofRule rule: Int) -> Int {
        counts.indices.contains(rule) ? counts[rule] : 0
    }

    /// Applications rule `rule` fired in at layer index `layer`; 0 outside the ranges.
    public func count(ofRule rule: Int, layer: Int) -> Int {
        guard countsPerLayer.indices.contains(layer), counts.indices.contains(rule) else { return 0 }
        return countsPerLayer[layer][rule]
    }

    /// Whether rule `rule` fired at least once.
    public func isCovered(_ rule: Int) -> Bool { count(ofRule: rule) > 0 }

    /// Whether rule `rule` is an automatic reset rule (not written in the program).
    public func isResetRule(_ rule: Int) -> Bool { rule >= userRuleCount && rule < counts.count }

    /// Indices of the rules that fired at least once, ascending.
    public var firedRules: [Int] { counts.indices.filter { counts[$0] > 0 } }
    /// Indices of the program rules (not resets) that never fired, ascending.
    public var neverFiredUserRules: [Int] { (0..<userRuleCount).filter { counts[$0] == 0 } }
    /// Indices of the automatic reset rules that never fired, ascending.
    public var neverFiredResetRules: [Int] { (userRuleCount..<counts.count).filter { counts[$0] == 0 } }

    /// Whether this exact MLP input (`state` at `position`, as the rules see it) was observed.
    public func observed(_ state: ALTAState, position: Int) -> Bool {
        observationIndex[key(of: state, position: position)] != nil
    }

    /// The per-variable domain indices of one position of `state`.
    func key(of state: ALTAState, position: Int) -> [Int32] {
        (0..<program.schema.variables.count).map { Int32(indexer.index(of: state[position, $0], variable: $0)) }
    }
}
