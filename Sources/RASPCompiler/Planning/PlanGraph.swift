import RASP

/// The program as a graph of ``PlanNode``s in operands-first order: Tracr's labels, checked
/// against the compiler's rules (§5), value sets inferred (§8, with the mean-set fix),
/// selectors resolved to heads (composite selectors folded, conjoined or lifted onto tuple
/// operands).
struct PlanGraph: Sendable {
    /// Nodes in operands-first order (an operand's id is smaller than its users').
    private(set) var nodes: [PlanNode] = []
    /// The program's output node.
    private(set) var output: NodeID = 0
    /// The RASP graph (labels of the program's expressions).
    let raspGraph: RASPGraph

    private var idByLabel: [String: NodeID] = [:]
    private let vocabulary: [Value]
    private let maxSeqLen: Int
    private let options: RASPCompilerOptions

    /// The node labelled `label`.
    func node(labelled label: String) -> NodeID? { idByLabel[label] }

    /// Builds the plan of `program`.
    init(program: SOp, vocabulary: [Value], maxSeqLen: Int, options: RASPCompilerOptions) throws(RASPCompileError) {
        self.raspGraph = RASPGraph(program)
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.options = options
        for expr in raspGraph.topologicalOrder {
            guard let sop = expr.sop else { continue }
            let label = raspGraph.label(of: sop)
            if idByLabel[label] != nil { continue }
            try add(sop, label: label)
        }
        guard let out = idByLabel[raspGraph.outputLabel] else {
            throw .unsupported(label: raspGraph.outputLabel, reason: "the output is not an s-op")
        }
        output = out
        guard idByLabel["tokens"] != nil else { throw .noTokens }
    }

    private func id(of sop: SOp) -> NodeID {
        // Operands precede users in topological order, so the operand is present.
        idByLabel[raspGraph.label(of: sop)]!
    }

    private mutating func append(_ node: PlanNode) throws(RASPCompileError) -> NodeID {
        let limit = node.encoding == .categorical ? options.maxCategoricalValues : options.maxNumericalValues
        guard node.values.count <= limit else {
            throw .valueSetTooLarge(label: node.label, size: node.values.count, limit: limit)
        }
        nodes.append(node)
        idByLabel[node.label] = nodes.count - 1
        return nodes.count - 1
    }

    // MARK: - S-ops

    private mutating func add(_ sop: SOp, label: String) throws(RASPCompileError) {
        let encoding = sop.encoding
        switch sop.kind {
        case .tokens, .indices:
            guard encoding == .categorical else {
                throw .unsupported(label: label, reason: "tokens should always be categorical.")
            }
            let values: [Value] = {
                if case .tokens = sop.kind { return vocabulary }
                return (0..<maxSeqLen).map { Value.int($0) }
            }()
            _ = try append(PlanNode(
                label: label, encoding: .categorical, values: OrderedValues(values).sorted,
                kind: sop.kind.isTokens ? .tokens : .indices, sop: sop))
        case .length:
            throw .unsupported(label: label, reason: "Unsupported S-Op: length (use the library's make_length())")
        case .full:
            throw .unsupported(label: label, reason: "Full cannot be translated to a model component")
        case .constant:
            throw .unsupported(label: label, reason: "ConstantSOp cannot be translated to a model component")
        case let .map(f, inner):
            let x = id(of: inner)
            var out = OrderedValues()
            for v in nodes[x].values {
                if let y = try tabulate(label, { try f(v) }) { out.insert(y) }
            }
            _ = try append(PlanNode(label: label, encoding: encoding, values: out.sorted, kind: .map(f, x), sop: sop))
        case let .sequenceMap(f, fst, snd):
            guard encoding == .categorical, fst.isCategorical, snd.isCategorical else {
                throw .unsupported(label: label, reason: "(Non-linear) SequenceMap only supports categorical inputs/outputs.")
            }
            let (x, y) = (id(of: fst), id(of: snd))
            let values = try product(label, x, y, f)
            _ = try append(PlanNode(label: label, encoding: encoding, values: values, kind: .sequenceMap(f, x, y), sop: sop))
        case let .linearSequenceMap(fst, snd, a, b):
            guard encoding == .numerical, fst.isNumerical, snd.isNumerical else {
                throw .unsupported(label: label, reason: "LinearSequenceMap only supports numerical inputs/outputs.")
            }
            guard a.isNumeric, b.isNumeric else {
                throw .unsupported(label: label, reason: "LinearSequenceMap coefficients must be numbers")
            }
            let (x, y) = (id(of: fst), id(of: snd))
            let values = try linearProduct(label, x, y, a: a, b: b)
            _ = try append(PlanNode(label: label, encoding: encoding, values: values, kind: .linear(x, y, a: a, b: b), sop: sop))
        case let .selectorWidth(selector):
            let plan = try resolve(selector, for: label)
            _ = try append(PlanNode(
                label: label, encoding: encoding, values: (0...maxSeqLen).map { Value.int($0) },
                kind: .selectorWidth(plan), sop: sop))
        case let .aggregate(selector, inner, defaultValue):
            guard encoding == inner.encoding else {
                throw .unsupported(label: label, reason:
                    "An aggregate's output encoding must match its input encoding. Input: \(inner.encoding.tracrDescription), Output: \(encoding.tracrDescription)")
            }
            if encoding == .categorical, defaultValue != nil {
                throw .unsupported(label: label, reason: "Categorical aggregate only supports None as default value.")
            }
            if encoding == .numerical, defaultValue != .int(0) {
                throw .unsupported(label: label, reason: "Numerical aggregate only supports 0 as default value.")
            }
            let x = id(of: inner)
            let plan = try resolve(selector, for: label)
            let values = encoding == .categorical ? nodes[x].values : try means(of: nodes[x].values, label: label)
            _ = try append(PlanNode(label: label, encoding: encoding, values: values, kind: .aggregate(plan, x), sop: sop))
        case let .sum(selector, inner, defaultValue):
            guard encoding == .numerical else {
                throw .unsupported(label: label, reason:
                    "A Sum must be numerically encoded: write numerical(Sum(…)); to get a categorical value, Map the numerical sum.")
            }
            guard defaultValue == .int(0) else {
                throw .unsupported(label: label, reason: "Sum only supports 0 as default value (the sum of an empty selection).")
            }
            let x = id(of: inner)
            let plan = try resolve(selector, for: label)
            let sums: [Value]
            do {
                sums = try SumValueSet.values(of: nodes[x].values, maxTerms: maxSeqLen, limit: options.maxNumericalValues)
            } catch {
                switch error {
                case let .nonNumeric(values):
                    throw .unsupported(label: label, reason:
                        "a Sum can only add numbers, not {\(values.map(\.pythonRepr).joined(separator: ", "))}")
                case let .tooLarge(limit):
                    throw .valueSetTooLarge(label: label, size: limit + 1, limit: limit)
                }
            }
            let values = OrderedValues([.int(0)] + sums).sorted
            _ = try append(PlanNode(label: label, encoding: .numerical, values: values, kind: .sum(plan, x), sop: sop))
        }
    }

    /// Calls a user function while tabulating: arithmetic errors skip the input (Tracr's
    /// warning), other errors abort.
    private func tabulate(_ label: String, _ body: () throws -> Value?) throws(RASPCompileError) -> Value? {
        do {
            return try body()
        } catch let error as RASPValueError where error.isArithmetic {
            return nil
        } catch {
            throw .functionFailed(label: label, reason: "\(error)")
        }
    }

    private func product(
        _ label: String, _ x: NodeID, _ y: NodeID, _ f: SequenceMapFunction
    ) throws(RASPCompileError) -> [Value] {
        var out = OrderedValues()
        for a in nodes[x].values {
            for b in nodes[y].values {
                if let z = try tabulate(label, { try f(a, b) }) { out.insert(z) }
            }
        }
        return out.sorted
    }

    /// `{a·x + b·y}` over the product of two numerical value sets, computed in `Double`
    /// (Python's arithmetic: an int result only when a, b, x and y are all ints or bools),
    /// sorted ascending. The sets of two means have ~N⁴/4 elements, so this avoids
    /// per-value boxing.
    private func linearProduct(_ label: String, _ x: NodeID, _ y: NodeID, a: Value, b: Value) throws(RASPCompileError) -> [Value] {
        func integral(_ v: Value) -> Bool {
            switch v {
            case .int, .bool: true
            default: false
            }
        }
        let xs = nodes[x].values
        let ys = nodes[y].values
        guard let ca = a.doubleValue, let cb = b.doubleValue,
            xs.allSatisfy(\.isNumeric), ys.allSatisfy(\.isNumeric)
        else {
            return try product(label, x, y, SOpKind.linearFunction(a: a, b: b))
        }
        let coefficientsIntegral = integral(a) && integral(b)
        var seen = Set<Double>()
        var results: [(Double, Bool)] = []
        for u in xs {
            let ux = u.doubleValue!
            let ui = coefficientsIntegral && integral(u)
            for v in ys {
                let isInt = ui && integral(v)
                let z = ca * ux + cb * v.doubleValue!
                guard z.isFinite else { continue }
                if seen.insert(z).inserted { results.append((z, isInt)) }
            }
        }
        results.sort { $0.0 < $1.0 }
        return results.map { z, isInt in isInt && abs(z) < 9.0e15 ? .int(Int(z)) : .float(z) }
    }

    /// Every mean of 1…N values drawn from `inputs`, plus the default 0 (§19 item 8).
    private func means(of inputs: [Value], label: String) throws(RASPCompileError) -> [Value] {
        guard inputs.allSatisfy(\.isNumeric) else {
            throw .unsupported(label: label, reason:
                "a numerical Aggregate can only average numbers, not {\(inputs.map(\.pythonRepr).joined(separator: ", "))}")
        }
        let binary = inputs.allSatisfy { $0 == .int(0) || $0 == .int(1) }
        if !binary && !options.meansOfAnyValues {
            throw .unsupported(label: label, reason:
                "Attention patterns can currently only average binary variables. Not: {\(inputs.map(\.pythonRepr).joined(separator: ", "))}")
        }
        var out = OrderedValues([.int(0)])
        if binary {
            let hasZero = inputs.contains(.int(0))
            let hasOne = inputs.contains(.int(1))
            if hasOne && !hasZero { out.insert(.int(1)) }
            if hasOne && hasZero {
                for l in 1...max(1, maxSeqLen) {
                    for k in 0...l { out.insert(.float(Double(k) / Double(l))) }
                }
            }
            return out.sorted
        }
        // sums[ℓ]: every sum of ℓ values drawn with repetition from the inputs.
        var sums = OrderedValues([.int(0)])
        for l in 1...max(1, maxSeqLen) {
            var next = OrderedValues()
            for s in sums.values {
                for x in inputs {
                    if let t = try tabulate(label, { try s + x }) { next.insert(t) }
                }
            }
            sums = next
            guard sums.count <= options.maxNumericalValues else {
                throw .valueSetTooLarge(label: label, size: sums.count, limit: options.maxNumericalValues)
            }
            for s in sums.values {
                if l == 1 {
                    out.insert(s)
                } else if let m = try tabulate(label, { try s / .int(l) }) {
                    out.insert(m)
                }
            }
        }
        return out.sorted
    }

    // MARK: - Selectors

    /// A selector's boolean structure over its `Select` leaves.
    private indirect enum Formula: Sendable {
        case leaf(Int)
        case and(Formula, Formula)
        case or(Formula, Formula)
        case not(Formula)

        func evaluate(_ leaf: (Int) throws -> Bool) rethrows -> Bool {
            switch self {
            case let .leaf(i): try leaf(i)
            case let .and(a, b): try a.evaluate(leaf) && b.evaluate(leaf)
            case let .or(a, b): try a.evaluate(leaf) || b.evaluate(leaf)
            case let .not(a): try !a.evaluate(leaf)
            }
        }

        var leaves: [Int] {
            switch self {
            case let .leaf(i): [i]
            case let .and(a, b), let .or(a, b): a.leaves + b.leaves
            case let .not(a): a.leaves
            }
        }

        /// The top-level conjuncts.
        var conjuncts: [Formula] {
            if case let .and(a, b) = self { return a.conjuncts + b.conjuncts }
            return [self]
        }
    }

    private struct Leaf: Sendable {
        let keys: NodeID
        let queries: NodeID
        let predicate: Predicate
        func holds(key: Value, query: Value) throws -> Bool { try predicate.evaluate(key: key, query: query) }
    }

    private mutating func resolve(_ selector: Selector, for user: String) throws(RASPCompileError) -> SelectorPlan {
        let label = raspGraph.label(of: selector)
        var leaves: [Leaf] = []
        let formula = try flatten(selector, into: &leaves)
        if selector.isComposite && !options.compositeSelectors {
            throw .unsupported(label: label, reason:
                "Compiling composite Selectors is not supported. Got a \(selector.kind.tracrClassName) (used by \(user)).")
        }
        let capturedLeaves = leaves

        // 0. A plain Select.
        if case .leaf = formula {
            let predicate = leaves[0].predicate
            let term = SelectorPlan.Term(keys: leaves[0].keys, queries: leaves[0].queries) { k, q in
                try predicate.evaluate(key: k, query: q)
            }
            return SelectorPlan(label: label, terms: [term])
        }

        // 1. One (keys, queries) pair: a single predicate.
        let pairs = Set(leaves.map { [$0.keys, $0.queries] })
        if pairs.count == 1 {
            let term = SelectorPlan.Term(keys: leaves[0].keys, queries: leaves[0].queries) { k, q in
                try formula.evaluate { try capturedLeaves[$0].holds(key: k, query: q) }
            }
            return SelectorPlan(label: label, terms: [term])
        }

        // 2. A conjunction whose conjuncts each read one pair: sum the logits.
        let conjuncts = formula.conjuncts
        let conjunctPairs = conjuncts.map { c in Set(c.leaves.map { [leaves[$0].keys, leaves[$0].queries] }) }
        if conjunctPairs.allSatisfy({ $0.count == 1 }) {
            var order: [[NodeID]] = []
            var grouped: [[NodeID]: [Formula]] = [:]
            for (c, p) in zip(conjuncts, conjunctPairs) {
                let pair = p.first!
                if grouped[pair] == nil { order.append(pair) }
                grouped[pair, default: []].append(c)
            }
            let terms = order.map { pair -> SelectorPlan.Term in
                let parts = grouped[pair]!
                return SelectorPlan.Term(keys: pair[0], queries: pair[1]) { k, q in
                    try parts.allSatisfy { part in try part.evaluate { try capturedLeaves[$0].holds(key: k, query: q) } }
                }
            }
            return SelectorPlan(label: label, terms: terms)
        }

        // 3. Anything else: lift keys and queries onto tuples of their s-ops.
        let keyNodes = leaves.map(\.keys).uniqued()
        let queryNodes = leaves.map(\.queries).uniqued()
        let keys = try tupleNode(of: keyNodes, label: "\(label)_keys")
        let queries = try tupleNode(of: queryNodes, label: "\(label)_queries")
        let keyIndex = leaves.map { keyNodes.firstIndex(of: $0.keys)! }
        let queryIndex = leaves.map { queryNodes.firstIndex(of: $0.queries)! }
        let lifted = keyNodes.count > 1
        let liftedQueries = queryNodes.count > 1
        let term = SelectorPlan.Term(keys: keys, queries: queries) { k, q in
            try formula.evaluate { i in
                let key = lifted ? k.tupleElement(keyIndex[i]) : k
                let query = liftedQueries ? q.tupleElement(queryIndex[i]) : q
                return try capturedLeaves[i].holds(key: key, query: query)
            }
        }
        return SelectorPlan(label: label, terms: [term])
    }

    private mutating func flatten(_ selector: Selector, into leaves: inout [Leaf]) throws(RASPCompileError) -> Formula {
        let label = raspGraph.label(of: selector)
        switch selector.kind {
        case let .select(keys, queries, predicate):
            guard keys.isCategorical else { throw .unsupported(label: label, reason: "Select keys must be categorical.") }
            guard queries.isCategorical else {
                throw .unsupported(label: label, reason: "Select queries must be categorical.")
            }
            leaves.append(Leaf(keys: id(of: keys), queries: id(of: queries), predicate: predicate))
            return .leaf(leaves.count - 1)
        case .constant:
            throw .unsupported(label: label, reason: "ConstantSelector cannot be translated to a model component")
        case let .and(a, b):
            return .and(try flatten(a, into: &leaves), try flatten(b, into: &leaves))
        case let .or(a, b):
            return .or(try flatten(a, into: &leaves), try flatten(b, into: &leaves))
        case let .not(a):
            return .not(try flatten(a, into: &leaves))
        }
    }

    /// The node holding the tuple of `operands`' values (or the operand itself if alone).
    private mutating func tupleNode(of operands: [NodeID], label: String) throws(RASPCompileError) -> NodeID {
        if operands.count == 1 { return operands[0] }
        if let existing = idByLabel[label] { return existing }
        var tuples: [[Value]] = [[]]
        for operand in operands {
            tuples = tuples.flatMap { prefix in nodes[operand].values.map { prefix + [$0] } }
            guard tuples.count <= options.maxCategoricalValues else {
                throw .valueSetTooLarge(label: label, size: tuples.count, limit: options.maxCategoricalValues)
            }
        }
        let values = OrderedValues(tuples.map { Value.tuple($0) }).sorted
        return try append(PlanNode(label: label, encoding: .categorical, values: values, kind: .tuple(operands), sop: nil))
    }
}

extension SOpKind {
    var isTokens: Bool {
        if case .tokens = self { return true }
        return false
    }
}

extension Value {
    /// Element `i` of a tuple (the value itself if it is not a tuple).
    func tupleElement(_ i: Int) -> Value {
        if case let .tuple(elements) = self, i < elements.count { return elements[i] }
        return self
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-appearance order.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
