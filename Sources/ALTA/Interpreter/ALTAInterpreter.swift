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

        // One state updated in place (a trace keeps copies).
        var state = initial
        var layerTraces: [ALTALayerTrace] = []
        var covered = [Bool](repeating: false, count: program.rules.count)
        var layersRun = 0
        var halted = false
        while layersRun < limit {
            let matches = try attendInPlace(&state)
            let attended = trace ? state : nil
            let fired = try applyMLPInPlace(&state, layer: layersRun)
            for list in fired { for r in list { covered[r] = true } }
            if let attended {
                layerTraces.append(ALTALayerTrace(index: layersRun, afterAttention: attended, afterMLP: state,
                                                  firedRules: fired, headMatches: matches))
            }
            layersRun += 1
            halted = haltConditionHolds(state)
            if checkHalt && halted { break }
        }
        let outputIndex = program.schema.variableIndex(named: program.output) ?? 0
        let output = (0..<state.length).map { state[$0, outputIndex] }
        return ALTARun(output: output, finalState: state, layersRun: layersRun, halted: halted,
                       firedRuleIndices: Set(covered.indices.filter { covered[$0] }),
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
        var result = state
        let matches = try attendInPlace(&result)
        return (result, matches)
    }

    /// Writes every head's output into `state` (all heads read the values from before any
    /// was written), returning per head and position the number of selected key positions.
    func attendInPlace(_ state: inout ALTAState) throws -> [[Int]] {
        let schema = program.schema
        var outputs: [(position: Int, variable: Int, value: ALTAValue?)] = []
        var matches = [[Int]](repeating: [Int](repeating: 0, count: state.length), count: schema.heads.count)
        let n = state.length
        for head in schema.heads {
            guard let q = schema.variableIndex(named: head.query),
                  let k = schema.variableIndex(named: head.key),
                  let v = schema.variableIndex(named: head.value),
                  let o = schema.variableIndex(named: head.output)
            else { continue }  // resolved by ALTASchema
            // (key value, position) of every non-null key, sorted: the positions holding one
            // key value are a contiguous run, found by binary search.
            var keyed: [(key: Int, position: Int)] = []
            if head.relativeMask.isEmpty {
                keyed.reserveCapacity(n)
                for j in 0..<n {
                    if case .int(let key)? = state[j, k] { keyed.append((key, j)) }
                }
                keyed.sort { ($0.key, $0.position) < ($1.key, $1.position) }
            }
            func appendPositions(holding key: Int, to selected: inout [Int]) {
                var lo = 0, hi = keyed.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if keyed[mid].key < key { lo = mid + 1 } else { hi = mid }
                }
                while lo < keyed.count && keyed[lo].key == key {
                    selected.append(keyed[lo].position)
                    lo += 1
                }
            }
            var selected: [Int] = []
            for i in 0..<n {
                selected.removeAll(keepingCapacity: true)
                let query = state[i, q]
                if head.relativeMask.isEmpty {
                    switch query {
                    case .int(let value)?:
                        appendPositions(holding: value, to: &selected)
                    case .set(let members)?:
                        for key in members { appendPositions(holding: key, to: &selected) }
                        selected.sort()
                    default:
                        break  // a null query selects nothing
                    }
                } else {
                    for offset in head.relativeMask {
                        let j = i + offset
                        guard j >= 0, j < n, case .int(let key)? = state[j, k] else { continue }
                        let hit: Bool
                        switch query {
                        case .int(let value)?: hit = key == value
                        case .set(let members)?: hit = members.contains(key)
                        default: hit = false
                        }
                        if hit { selected.append(j) }
                    }
                }
                matches[head.index][i] = selected.count
                outputs.append((i, o, aggregate(head.kind, selected: selected, state: state, value: v)))
            }
        }
        for output in outputs { state[output.position, output.variable] = output.value }
        return matches
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
        var result = state
        let fired = try applyMLPInPlace(&result, layer: layer)
        return (result, fired)
    }

    /// `applyMLP` on `state` in place (each position's MLP reads only that position, before
    /// writing it), returning per position the fired rules.
    func applyMLPInPlace(_ result: inout ALTAState, layer: Int) throws -> [[Int]] {
        let schema = program.schema
        let width = schema.variables.count
        let length = result.length
        var fired = [[Int]](repeating: [], count: length)
        switch program.mlp {
        case .rules:
            guard let matcher else { break }
            var indices = [Int](repeating: -1, count: width)
            var writer = [Int](repeating: -1, count: width)  // variable → the rule writing it
            var list: [Int] = []
            for position in 0..<length {
                for v in 0..<width { indices[v] = indexer.index(of: result[position, v], variable: v) }
                list.removeAll(keepingCapacity: true)
                matcher.match(indices, into: &list)
                for r in list {
                    let target = matcher.targets[r]
                    let other = writer[target]
                    if other >= 0 {
                        throw ALTAError.conflictingUpdates(
                            variable: schema.variables[target].name, position: position, layer: layer,
                            rules: [program.rules[other].description, program.rules[r].description])
                    }
                    writer[target] = r
                    result[position, target] = matcher.newValues[r]
                }
                for r in list { writer[matcher.targets[r]] = -1 }
                fired[position] = list
            }
        case .function(let function):
            for position in 0..<length {
                var context = ALTAMLPContext(schema: schema, input: Array(result.row(position)))
                do {
                    try function.body(&context)
                } catch {
                    throw ALTAError.mlpFunctionFailed(position: position, layer: layer, reason: "\(error)")
                }
                for write in context.writes { result[position, write.variable] = write.value }
            }
        }
        for position in 0..<length {
            for o in headOutputIndices { result[position, o] = nil }
        }
        return fired
    }
}
