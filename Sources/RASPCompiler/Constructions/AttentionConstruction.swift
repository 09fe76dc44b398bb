import Craft
import RASP

extension BlockBuilder {
    /// What a head writes.
    enum HeadOutput {
        /// An Aggregate: the mean of the value node's vectors at the selected keys; BOS
        /// (selected when nothing else is) contributes zero — null or 0.
        case aggregate(value: NodeID, output: NodeID)
        /// A SelectorWidth head: BOS is always selected and writes 1 into `direction`, so
        /// the head writes 1/(w+1) for w selected keys.
        case selectorWidth(direction: BasisDirection)
        /// A Sum head: BOS is always selected with logit `bosLogit` (far above a selected
        /// key's), and the value node's vectors are scaled by `scale` (see ``sumHeads(_:)``).
        case sum(value: NodeID, output: NodeID, bosLogit: Double, scale: Double)
    }

    /// The residual directions a head reads for one operand, each with the value it stands
    /// for (a folded operand's directions are its leaf's, standing for `tree(leaf value)`;
    /// leaf values where the tree is null are left out — null selects nothing).
    func headOperand(_ input: FusionPlan.HeadInput, label: String) throws(RASPCompileError) -> [(BasisDirection, Value)] {
        switch input {
        case let .node(id):
            return node(id).values.map { (direction(id, $0), $0) }
        case let .mapped(leaf, tree):
            var pairs: [(BasisDirection, Value)] = []
            for v in node(leaf).values {
                if let w = try tabulate(label, { try tree.evaluate([v]) }) { pairs.append((direction(leaf, v), w)) }
            }
            return pairs
        case .linear:
            preconditionFailure("a linear combination is never a selector operand")
        }
    }

    /// The QK circuit of a selector (§11.6) with the exact coldness: `c` per satisfied term
    /// (a conjunction of m terms sums m logits), BOS at `c·(m − ½)` for an Aggregate or
    /// `c·m` for a SelectorWidth, and `−c·(m+1)` on PAD keys when padding is masked.
    /// Operands folded by the fusion plan are read through their leaf.
    /// `coldness` overrides the budget's `c` (a Sum head needs less, see ``sumHeads(_:)``).
    func attentionHead(
        _ selector: SelectorPlan, output: HeadOutput, name: String, coldness: Double? = nil
    ) throws(RASPCompileError) -> CraftAttentionHead {
        let c = coldness ?? budget.coldness
        let m = Double(selector.terms.count)
        var queryDirections: [BasisDirection] = [one]
        var keyDirections: [BasisDirection] = [bos]
        if options.maskPadKeys { keyDirections.append(pad) }
        var operands: [(queries: [(BasisDirection, Value)], keys: [(BasisDirection, Value)])] = []
        for term in selector.terms {
            let queries = try headOperand(plan.selectorInput(term.queries), label: node(term.queries).label)
            let keys = try headOperand(plan.selectorInput(term.keys), label: node(term.keys).label)
            operands.append((queries, keys))
            queryDirections += queries.map(\.0)
            keyDirections += keys.map(\.0)
        }
        let querySpace = VectorSpace(queryDirections)
        let keySpace = VectorSpace(keyDirections)
        var matrix = CraftMatrix(rows: querySpace.count, columns: keySpace.count)
        for (term, (queries, keys)) in zip(selector.terms, operands) {
            let keyColumns = keys.map { keySpace.index(of: $0.0)! }
            for (qd, q) in queries {
                let row = querySpace.index(of: qd)!
                var entries: [Int: Double] = [:]
                for ((_, k), column) in zip(keys, keyColumns) {
                    let holds: Bool
                    do {
                        holds = try term.predicate(k, q)
                    } catch {
                        throw .functionFailed(label: selector.label, reason:
                            "predicate on key \(k.pythonRepr), query \(q.pythonRepr): \(error)")
                    }
                    if holds { entries[column, default: 0] += c }
                }
                matrix.addRow(row, entries)
            }
        }
        let oneRow = querySpace.index(of: one)!
        switch output {
        case .aggregate:
            matrix[oneRow, keySpace.index(of: bos)!] = c * (m - 0.5)
        case .selectorWidth:
            matrix[oneRow, keySpace.index(of: bos)!] = c * m
        case let .sum(_, _, bosLogit, _):
            matrix[oneRow, keySpace.index(of: bos)!] = bosLogit
        }
        if options.maskPadKeys { matrix[oneRow, keySpace.index(of: pad)!] = -c * (m + 1) }
        let qk = ScalarBilinear(left: querySpace, right: keySpace, matrix: matrix)

        let ov: Linear
        switch output {
        case let .aggregate(value, result):
            ov = try valueCircuit(value, result: result)
        case let .sum(value, result, _, scale):
            ov = try valueCircuit(value, result: result, scale: scale)
        case let .selectorWidth(target):
            ov = try craft { () throws(CraftError) -> Linear in
                try Linear.fromAction(input: VectorSpace([bos]), output: VectorSpace([target])) { _ in .basis(target) }
            }
        }
        return CraftAttentionHead(name: name, qk: qk, ov: ov)
    }

    /// The OV circuit of Aggregate `result` reading `value` (as the fusion plan folds it):
    /// each value direction to the output direction of the value it stands for (or, for a
    /// numerical output, to the output direction with that number as weight); BOS to zero.
    /// A numerical output's weights are multiplied by `scale`.
    func valueCircuit(_ value: NodeID, result: NodeID, scale: Double = 1) throws(RASPCompileError) -> Linear {
        let outputSpace = space(of: result)
        let numerical = node(result).encoding == .numerical
        let outputValues = OrderedValueSet(node(result).values)
        var entries: [(from: BasisDirection, to: BasisDirection, weight: Double)] = []
        var inputs: [BasisDirection] = [bos]
        func add(_ d: BasisDirection, _ y: Value) throws(RASPCompileError) {
            inputs.append(d)
            if numerical {
                guard let number = y.doubleValue else {
                    throw .unsupported(label: node(result).label, reason: "it averages the non-number \(y.pythonRepr)")
                }
                entries.append((d, scalarDirection(result), number * scale))
            } else if outputValues.contains(y) {
                entries.append((d, direction(result, y), 1))
            }
        }
        switch plan.valueInputs[result] ?? .node(value) {
        case let .node(v) where node(v).encoding == .numerical:
            inputs.append(scalarDirection(v))
            entries.append((scalarDirection(v), scalarDirection(result), scale))
        case let .node(v):
            for x in node(v).values { try add(direction(v, x), x) }
        case let .mapped(leaf, tree):
            inputs += space(of: leaf).basis
            for x in node(leaf).values {
                if let y = try tabulate(node(value).label, { try tree.evaluate([x]) }) { try add(direction(leaf, x), y) }
            }
        case let .linear(form):
            for t in form.terms {
                inputs.append(scalarDirection(t.node))
                entries.append((scalarDirection(t.node), scalarDirection(result), t.coefficient * scale))
            }
        }
        let inputSpace = VectorSpace(inputs)
        let weights = entries
        return try craft { () throws(CraftError) -> Linear in
            try Linear.fromEntries(input: inputSpace, output: outputSpace, weights)
        }
    }

    /// The Aggregate head computing node `id`.
    mutating func aggregateHead(_ id: NodeID) throws(RASPCompileError) -> CraftAttentionHead {
        guard case let .aggregate(selector, value) = node(id).kind else {
            preconditionFailure("aggregateHead on a non-Aggregate node")
        }
        if node(id).encoding == .categorical {
            // A copy of the value's one-hot (the softmax leaks at most 2⁻²⁶).
            let source: NodeID
            switch plan.valueInputs[id] ?? .node(value) {
            case let .node(v), let .mapped(v, _): source = v
            case .linear: source = value
            }
            setNoise(id, (noise[source] ?? 0) + 0x1p-26)
        }
        if node(id).encoding == .numerical {
            var inputNoise = ExactnessBudget.rounding * scale(of: value)
            switch plan.valueInputs[id] ?? .node(value) {
            case let .node(v): inputNoise = noise[v] ?? inputNoise
            case let .linear(form): inputNoise = noise(of: form)
            case .mapped: break
            }
            setNoise(id, inputNoise + ExactnessBudget.attentionError * scale(of: value))
        }
        return try attentionHead(selector, output: .aggregate(value: value, output: id), name: node(id).label)
    }

    /// The SelectorWidth computing node `id` (§11.7): the head, then the MLP decoding
    /// 1/(w+1) into w, plus a clean-up neuron **named after this SelectorWidth**
    /// (`_hidden_{label}_clean_bos_`, §19 item 7) that removes the head's output at BOS.
    mutating func selectorWidth(_ id: NodeID) throws(RASPCompileError) -> (head: CraftAttentionHead, mlp: MLP) {
        guard case let .selectorWidth(selector) = node(id).kind else {
            preconditionFailure("selectorWidth on a non-SelectorWidth node")
        }
        let label = node(id).label
        let attention = BasisDirection("\(label)_selector_width_attn_output")
        let head = try attentionHead(selector, output: .selectorWidth(direction: attention), name: label)
        let numerical = node(id).encoding == .numerical
        let points = (0...budget.maxSeqLen).map { w -> Discretiser.Point in
            let output: VectorInBasis = numerical
                ? .basis(scalarDirection(id), Double(w)) : .basis(direction(id, .int(w)))
            return Discretiser.Point(x: 1 / Double(w + 1), output: output)
        }.sorted { $0.x < $1.x }
        let decoder = Discretiser(
            label: label, inputs: [(attention, 1)], points: points, outputSpace: space(of: id),
            noise: ExactnessBudget.attentionError, one: one, bos: bos)
        let (decode, error) = try decoder.build()
        try recordDiscretisation(id, error: error)
        let clean = BasisDirection("_hidden_\(label)_clean_bos_")
        let cleanup = try mlp(
            label: label, input: VectorSpace([bos]), first: [clean: .basis(bos)],
            second: [clean: .basis(attention, -1)], output: VectorSpace([attention]))
        let combined = try craft { () throws(CraftError) -> MLP in
            try MLP.combineInParallel([decode, cleanup], name: label)
        }
        return (head, combined)
    }
}
