/// The reference interpreter of ALTA programs (ALTA.md §9, with the defects of §15 fixed).
///
/// One layer: every head computes its output from the same pre-attention state
/// (simultaneously); the MLP runs at every position on the resulting state (rules: all
/// matching rules fire at once, two writing one variable is an error; function: buffered
/// writes); then every head output is reset to null. The interpreter runs exactly the number of
/// layers asked, or until the halting condition holds after a layer (with a cap).
///
/// ```swift
/// let interpreter = ALTAInterpreter(program: program)
/// let run = try interpreter.run([2, 1, 0, 1], layers: .untilHalt(maxLayers: 10))
/// run.output            // [0, 1, 1, 0]
/// try run.trace?.table(variables: ["parity", "done"])
/// ```
public struct ALTAInterpreter: Sendable {
    /// The program run.
    public let program: ALTAProgram

    private let matcher: ALTARuleMatcher?
    private let indexer: ALTAValueIndexer
    private let headOutputIndices: [Int]

    /// Prepares a program for running (indexes its rules).
    public init(program: ALTAProgram) {
        self.program = program
        let schema = program.schema
        self.matcher = program.ruleSet.map { ALTARuleMatcher(schema: schema, rules: $0.rules) }
        self.indexer = ALTAValueIndexer(schema: schema)
        self.headOutputIndices = schema.heads.compactMap { schema.variableIndex(named: $0.output) }
    }

    // MARK: initial state

    /// The state before the first layer (ALTA.md §3): head outputs null, token-initialised
    /// variables from their token table, position-initialised ones from their position table,
    /// others their default. Throws for tokens outside the vocabulary and inputs longer than the
    /// position table.
    public func initialState(for tokens: [Int]) throws -> ALTAState {
        let schema = program.schema
        if let positionRange = schema.positionRange, tokens.count > positionRange {
            throw ALTAError.inputTooLong(length: tokens.count, positionRange: positionRange)
        }
        for (position, token) in tokens.enumerated() where !(0..<schema.inputRange).contains(token) {
            throw ALTAError.tokenOutOfRange(token: token, position: position, inputRange: schema.inputRange)
        }
        var values: [ALTAValue?] = []
        values.reserveCapacity(tokens.count * schema.variables.count)
        for (position, token) in tokens.enumerated() {
            for variable in schema.variables {
                values.append(variable.initialValue(token: token, position: position))
            }
        }
        return ALTAState(variableNames: schema.variableNames, length: tokens.count, values: values)
    }

    // MARK: running

    /// Runs the program on `tokens`.
    ///
    /// - Parameters:
    ///   - layers: `.exactly(n)` runs n layers; `.untilHalt(maxLayers: n)` stops after the first
    ///     layer after which the halting condition holds, or after n layers.
    ///   - trace: whether to record the trace (states and fired rules per layer).
    public func run(_ tokens: [Int], layers: ALTALayerLimit, trace: Bool = true) throws -> ALTARun {
        let initial = try initialState(for: tokens)
        return try run(from: initial, layers: layers, trace: trace)
    }

    /// Runs the program from a given state (e.g. one produced by `initialState(for:)` and
    /// edited).
    public func run(from initial: ALTAState, layers: ALTALayerLimit, trace: Bool = true) throws -> ALTARun {
        let limit = layers.maxLayers
        guard limit >= 0 else { throw ALTAError.invalidLayerCount(limit) }
        var checkHalt = false
        if case .untilHalt = layers, program.halt != nil { checkHalt = true }

        var state = initial
        var layerTraces: [ALTALayerTrace] = []
        var coverage = Set<Int>()
        var layersRun = 0
        var halted = false
        while layersRun < limit {
            let (attended, matches) = try attendCountingMatches(state)
            let (after, fired) = try applyMLP(attended, layer: layersRun)
            for list in fired { coverage.formUnion(list) }
            if trace {
                layerTraces.append(ALTALayerTrace(index: layersRun, afterAttention: attended, afterMLP: after,
                                                  firedRules: fired, headMatches: matches))
            }
            state = after
            layersRun += 1
            halted = haltConditionHolds(state)
            if checkHalt && halted { break }
        }
        let outputIndex = program.schema.variableIndex(named: program.output) ?? 0
        let output = (0..<state.length).map { state[$0, outputIndex] }
        return ALTARun(output: output, finalState: state, layersRun: layersRun, halted: halted,
                       firedRuleIndices: coverage,
                       trace: trace ? ALTATrace(initial: initial, layers: layerTraces, rules: program.rules) : nil)
    }

    /// Whether `halt.variable == halt.value` at every position (false without a halting
    /// condition).
    public func haltConditionHolds(_ state: ALTAState) -> Bool {
        guard let halt = program.halt, let v = program.schema.variableIndex(named: halt.variable) else { return false }
        return (0..<state.length).allSatisfy { state[$0, v] == halt.value }
    }

    // MARK: one layer

    /// Runs every head on `state` (all reading `state`) and returns the state with the head
    /// outputs written.
    public func attend(_ state: ALTAState) throws -> ALTAState {
        try attendCountingMatches(state).state
    }

    /// `attend`, also returning per head and position the number of selected key positions.
    public func attendCountingMatches(_ state: ALTAState) throws -> (state: ALTAState, matches: [[Int]]) {
        let schema = program.schema
        var result = state
        var matches = [[Int]](repeating: [Int](repeating: 0, count: state.length), count: schema.heads.count)
        let n = state.length
        for head in schema.heads {
            guard let q = schema.variableIndex(named: head.query),
                  let k = schema.variableIndex(named: head.key),
                  let v = schema.variableIndex(named: head.value),
                  let o = schema.variableIndex(named: head.output)
            else { continue }  // resolved by ALTASchema
            // Positions by key value (null keys never match).
            var positionsByKey: [Int: [Int]] = [:]
            if head.relativeMask.isEmpty {
                for j in 0..<n {
                    if case .int(let key)? = state[j, k] { positionsByKey[key, default: []].append(j) }
                }
            }
            for i in 0..<n {
                let querySet: Set<Int>
                switch state[i, q] {
                case .int(let value)?: querySet = [value]
                case .set(let members)?: querySet = members
                default: querySet = []  // null query selects nothing
                }
                var selected: [Int] = []
                if head.relativeMask.isEmpty {
                    for key in querySet { selected.append(contentsOf: positionsByKey[key] ?? []) }
                    selected.sort()
                } else {
                    for offset in head.relativeMask {
                        let j = i + offset
                        guard j >= 0, j < n, case .int(let key)? = state[j, k], querySet.contains(key) else { continue }
                        selected.append(j)
                    }
                }
                matches[head.index][i] = selected.count
                result[i, o] = aggregate(head.kind, selected: selected, state: state, value: v)
            }
        }
        return (result, matches)
    }

    private func aggregate(_ kind: ALTAHead.Kind, selected: [Int], state: ALTAState, value v: Int) -> ALTAValue? {
        switch kind {
        case .categorical:
            return selected.count == 1 ? state[selected[0], v] : nil
        case .numerical:
            guard !selected.isEmpty else { return nil }
            var sum = 0.0
            for j in selected {
                // A null value among the selected ones makes the mean undefined.
                guard case .number(let x)? = state[j, v] else { return nil }
                sum += x
            }
            return .number(sum / Double(selected.count))
        }
    }

    /// Runs the MLP at every position of `state` and resets the head outputs; returns the new
    /// state and, per position, the fired rules (empty for the function form).
    public func applyMLP(_ state: ALTAState, layer: Int) throws -> (ALTAState, [[Int]]) {
        let schema = program.schema
        let width = schema.variables.count
        var result = state
        var fired = [[Int]](repeating: [], count: state.length)
        switch program.mlp {
        case .rules:
            guard let matcher else { break }
            var indices = [Int](repeating: -1, count: width)
            for position in 0..<state.length {
                for v in 0..<width { indices[v] = indexer.index(of: state[position, v], variable: v) }
                var list: [Int] = []
                matcher.match(indices, into: &list)
                var written = [Int: Int]()  // variable → rule
                for r in list {
                    let target = matcher.targets[r]
                    if let other = written[target] {
                        throw ALTAError.conflictingUpdates(
                            variable: schema.variables[target].name, position: position, layer: layer,
                            rules: [program.rules[other].description, program.rules[r].description])
                    }
                    written[target] = r
                    result[position, target] = matcher.newValues[r]
                }
                fired[position] = list
            }
        case .function(let function):
            for position in 0..<state.length {
                var context = ALTAMLPContext(schema: schema, input: Array(state.row(position)))
                do {
                    try function.body(&context)
                } catch {
                    throw ALTAError.mlpFunctionFailed(position: position, layer: layer, reason: "\(error)")
                }
                for write in context.writes { result[position, write.variable] = write.value }
            }
        }
        for position in 0..<state.length {
            for o in headOutputIndices { result[position, o] = nil }
        }
        return (result, fired)
    }
}
