import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors

/// Which test-time MLP applications a learned MLP gets wrong, and whether their rules were
/// covered by the training dataset (ALTA.md §13.4: a program minimal with respect to the
/// training set makes the compiled weights a stable solution of trace-supervised training,
/// so errors are expected on transitions the training set never exercised).
///
/// The interpreter runs every test input; each application (layer, position) is encoded as
/// the trace datasets encode MLP inputs (`ResidualStateEncoder`: the compiled residual
/// layout, head match counts, undefined variables as zero blocks — what the compiled model
/// holds there), the learned MLP's prediction is added (it predicts output − input), and every
/// variable is decoded to the value whose encoding is nearest (``nearest(_:_:row:)``;
/// numerical values compared by bucket, or within 0.1 without buckets). A variable decoded otherwise
/// than the interpreter's state after the MLP is a wrong transition of the rule that wrote it
/// there — or, when no rule wrote it, a change the program does not make.
///
/// ```swift
/// let training = try ALTARuleCoverage.measure(entry: entry, program: program, inputs: trainInputs)
/// let audit = try LearnedTransitionAudit.audit(learned, training: training, inputs: testInputs)
/// audit.summary   // "3 of 120 applications wrong: 2 wrong transitions on covered rules, 1 on uncovered rules, …"
/// ```
public struct LearnedTransitionAudit: Sendable, Equatable {
    /// One wrongly decoded variable of an application.
    public struct WrongVariable: Sendable, Equatable {
        /// Variable name.
        public let variable: String
        /// The interpreter's value after the MLP.
        public let expected: ALTAValue?
        /// What the learned MLP gave (`nil` = null).
        public let decoded: ALTAValue?
        /// The rule (index into `program.rules`) that wrote the variable there, `nil` when no
        /// rule did (the variable should have kept its value).
        public let rule: Int?
        /// Whether that rule fired on the training dataset (`nil` without a rule).
        public let covered: Bool?

        /// A wrong variable.
        public init(variable: String, expected: ALTAValue?, decoded: ALTAValue?, rule: Int?, covered: Bool?) {
            self.variable = variable
            self.expected = expected
            self.decoded = decoded
            self.rule = rule
            self.covered = covered
        }
    }

    /// One MLP application with at least one wrong variable.
    public struct WrongApplication: Sendable, Equatable {
        /// Index of the test input.
        public let input: Int
        /// The test input's text.
        public let text: String
        /// Layer index.
        public let layer: Int
        /// Position.
        public let position: Int
        /// The rules that fired there (indices into `program.rules`), ascending.
        public let firedRules: [Int]
        /// Whether this exact MLP input (as the rules see it) occurred in the training data.
        public let inputSeenInTraining: Bool
        /// The wrong variables, in layout order.
        public let variables: [WrongVariable]

        /// A wrong application.
        public init(input: Int, text: String, layer: Int, position: Int, firedRules: [Int], inputSeenInTraining: Bool,
                    variables: [WrongVariable]) {
            self.input = input
            self.text = text
            self.layer = layer
            self.position = position
            self.firedRules = firedRules
            self.inputSeenInTraining = inputSeenInTraining
            self.variables = variables
        }
    }

    /// MLP applications checked.
    public let applications: Int
    /// Rule firings checked (application × fired rule) on rules the training set covers.
    public let transitionsOnCoveredRules: Int
    /// Rule firings checked on rules the training set never exercised.
    public let transitionsOnUncoveredRules: Int
    /// The applications with a wrong variable, in input, layer, position order.
    public let wrong: [WrongApplication]

    /// Wrong variables written by a rule the training set covers.
    public var wrongOnCoveredRules: Int { wrongVariables.filter { $0.covered == true }.count }
    /// Wrong variables written by a rule the training set never exercised.
    public var wrongOnUncoveredRules: Int { wrongVariables.filter { $0.covered == false }.count }
    /// Wrong variables no rule wrote (the learned MLP changed what should have stayed).
    public var wrongWithoutRule: Int { wrongVariables.filter { $0.rule == nil }.count }

    private var wrongVariables: [WrongVariable] { wrong.flatMap(\.variables) }

    /// `N of M applications wrong: a wrong transitions on covered rules (of c), b on uncovered rules (of u), w changes no rule makes`.
    public var summary: String {
        "\(wrong.count) of \(applications) applications wrong: \(wrongOnCoveredRules) wrong transitions on covered rules "
            + "(of \(transitionsOnCoveredRules)), \(wrongOnUncoveredRules) on uncovered rules (of \(transitionsOnUncoveredRules)), "
            + "\(wrongWithoutRule) changes no rule makes"
    }

    /// Creates an audit from its parts.
    public init(applications: Int, transitionsOnCoveredRules: Int, transitionsOnUncoveredRules: Int, wrong: [WrongApplication]) {
        self.applications = applications
        self.transitionsOnCoveredRules = transitionsOnCoveredRules
        self.transitionsOnUncoveredRules = transitionsOnUncoveredRules
        self.wrong = wrong
    }

    /// Audits `learned` on `inputs` (each run with the layer limit `layers` gives, capped at
    /// `maxLayers`) against the coverage of the training dataset.
    ///
    /// - Parameter progress: called after each input with the number done.
    /// - Throws: `TrainingError.invalidSetting("coverage", …)` when `training` measured
    ///   another program, `.invalidSetting("input", …)` for an input longer than the compiled
    ///   model holds, `.extractionFailed` naming the input the interpreter or encoding fails on.
    public static func audit(
        _ learned: LearnedMLPModel, training: ALTARuleCoverage, inputs: [TraceInput], layers policy: TraceLayerPolicy = .program,
        maxLayers: Int? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> LearnedTransitionAudit {
        let program = learned.compiled.program
        guard training.program.rules == program.rules, training.program.schema.variableNames == program.schema.variableNames else {
            throw TrainingError.invalidSetting("coverage", reason: "the training coverage is of \(training.program.name), "
                + "whose rules or variables differ from \(program.name)'s")
        }
        let encoder = ResidualStateEncoder(learned.compiled)
        let layout = learned.compiled.layout
        let interpreter = ALTAInterpreter(program: program)
        let d = encoder.dModel
        var random = SplitMix64(seed: 0)  // unused: the zero fill draws nothing
        var applications = 0, covered = 0, uncovered = 0
        var wrong: [WrongApplication] = []
        var row = [Float](repeating: 0, count: d)
        for (k, input) in inputs.enumerated() {
            guard input.tokens.count <= learned.compiled.model.maxSequenceLength else {
                throw TrainingError.invalidSetting("input", reason: "'\(input.text)' takes \(input.tokens.count) tokens, "
                    + "the compiled model holds at most \(learned.compiled.model.maxSequenceLength)")
            }
            let limit = policy.limit(tokenCount: input.tokens.count,
                                     program: learned.entry.layerLimit(forTokenCount: input.tokens.count), maxLayers: maxLayers)
            do {
                guard let trace = try interpreter.run(input.tokens, layers: limit, trace: true).trace else { continue }
                let length = input.tokens.count
                for layer in trace.layers {
                    var x = Matrix(rows: length, columns: d)
                    for p in 0..<length {
                        try encoder.encode(layer.afterAttention, position: p, into: &row, headMatches: layer.headMatches,
                                           fill: .zero, random: &random)
                        for j in 0..<d { x.values[p * d + j] = row[j] }
                    }
                    var y = try learned.mlp.forward(x)
                    for j in y.values.indices { y.values[j] += x.values[j] }
                    for p in 0..<length {
                        applications += 1
                        let fired = layer.firedRules[p]
                        for r in fired {
                            if training.isCovered(r) { covered += 1 } else { uncovered += 1 }
                        }
                        var variables: [WrongVariable] = []
                        for block in layout.blocks {
                            let expected = layer.afterMLP[p, block.variableIndex]
                            let decoded = nearest(block, y, row: p)
                            if agree(decoded, expected, block: block) { continue }
                            let rule = fired.first { program.rules[$0].variable == block.name }
                            variables.append(WrongVariable(variable: block.name, expected: expected, decoded: decoded,
                                                           rule: rule, covered: rule.map(training.isCovered)))
                        }
                        if !variables.isEmpty {
                            wrong.append(WrongApplication(input: k, text: input.text, layer: layer.index, position: p, firedRules: fired,
                                                          inputSeenInTraining: training.observed(layer.afterAttention, position: p),
                                                          variables: variables))
                        }
                    }
                }
            } catch {
                throw TrainingError.extractionFailed(program: learned.entry.name, input: input.text, reason: "\(error)")
            }
            progress(k + 1)
        }
        return LearnedTransitionAudit(applications: applications, transitionsOnCoveredRules: covered,
                                      transitionsOnUncoveredRules: uncovered, wrong: wrong)
    }

    /// The value whose encoding is nearest to a learned output block: a categorical value when
    /// its dimension is the largest and above ½ (else null); numerical and set values when the
    /// presence dimension (if any) is above ½, a set's members being the dimensions above ½.
    /// A learned MLP is never exact, so this rounds where `ALTAResidualLayout.decode` would
    /// refuse anything further than its tolerance from 0 or 1.
    static func nearest(_ block: ALTAVariableBlock, _ y: Matrix, row: Int) -> ALTAValue? {
        func value(_ d: Int) -> Float { y.values[row * y.columns + d] }
        if let p = block.presenceDimension, value(p) <= 0.5 { return nil }
        switch block.kind {
        case .categorical:
            var best: Int? = nil
            for d in block.dimensions where value(d) > 0.5 && best.map({ value(d) > value($0) }) ?? true { best = d }
            return best.map { .int($0 - block.dimensions.lowerBound) }
        case .numerical:
            return .number(Double(value(block.numberDimension)))
        case .set:
            return .set(Set(block.dimensions.filter { value($0) > 0.5 }.map { $0 - block.dimensions.lowerBound }))
        }
    }

    /// Whether a decoded value is the expected one: equal, or for numerical variables in the
    /// same bucket (within 0.1, the training metric's tolerance, without buckets; null is 0
    /// for a numerical variable without a presence dimension, as it is encoded).
    static func agree(_ decoded: ALTAValue?, _ expected: ALTAValue?, block: ALTAVariableBlock) -> Bool {
        guard case .numerical(let buckets) = block.kind else { return decoded == expected }
        let zero: ALTAValue? = block.presenceDimension == nil ? .number(0) : nil
        guard case .number(let a)? = decoded ?? zero, case .number(let b)? = expected ?? zero else { return (decoded ?? zero) == (expected ?? zero) }
        if let buckets, !buckets.isEmpty {
            return ALTAVariableKind.bucketIndex(of: a, centres: buckets) == ALTAVariableKind.bucketIndex(of: b, centres: buckets)
        }
        return abs(a - b) <= 0.1
    }
}
