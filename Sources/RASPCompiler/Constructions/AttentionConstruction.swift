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
    }

    /// The QK circuit of a selector (§11.6) with the exact coldness: `c` per satisfied term
    /// (a conjunction of m terms sums m logits), BOS at `c·(m − ½)` for an Aggregate or
    /// `c·m` for a SelectorWidth, and `−c·(m+1)` on PAD keys when padding is masked.
    func attentionHead(_ selector: SelectorPlan, output: HeadOutput, name: String) throws(RASPCompileError) -> CraftAttentionHead {
        let c = budget.coldness
        let m = Double(selector.terms.count)
        var queryDirections: [BasisDirection] = [one]
        var keyDirections: [BasisDirection] = [bos]
        if options.maskPadKeys { keyDirections.append(pad) }
        for term in selector.terms {
            queryDirections += space(of: term.queries).basis
            keyDirections += space(of: term.keys).basis
        }
        let querySpace = VectorSpace(queryDirections)
        let keySpace = VectorSpace(keyDirections)
        var matrix = CraftMatrix(rows: querySpace.count, columns: keySpace.count)
        for term in selector.terms {
            for q in node(term.queries).values {
                let row = querySpace.index(of: direction(term.queries, q))!
                for k in node(term.keys).values {
                    let holds: Bool
                    do {
                        holds = try term.predicate(k, q)
                    } catch {
                        throw .functionFailed(label: selector.label, reason:
                            "predicate on key \(k.pythonRepr), query \(q.pythonRepr): \(error)")
                    }
                    if holds { matrix.add(c, row: row, column: keySpace.index(of: direction(term.keys, k))!) }
                }
            }
        }
        let oneRow = querySpace.index(of: one)!
        switch output {
        case .aggregate:
            matrix[oneRow, keySpace.index(of: bos)!] = c * (m - 0.5)
        case .selectorWidth:
            matrix[oneRow, keySpace.index(of: bos)!] = c * m
        }
        if options.maskPadKeys { matrix[oneRow, keySpace.index(of: pad)!] = -c * (m + 1) }
        let qk = ScalarBilinear(left: querySpace, right: keySpace, matrix: matrix)

        let ov: Linear
        switch output {
        case let .aggregate(value, result):
            let valueSpace = VectorSpace(space(of: value).basis + [bos])
            let outputSpace = space(of: result)
            let numerical = node(result).encoding == .numerical
            ov = try craft { () throws(CraftError) -> Linear in
                try Linear.fromAction(input: valueSpace, output: outputSpace) { d in
                    if d == bos { return .zero }
                    if numerical { return .basis(scalarDirection(result)) }
                    return .basis(BasisDirection(node(result).label, d.value))
                }
            }
        case let .selectorWidth(target):
            ov = try craft { () throws(CraftError) -> Linear in
                try Linear.fromAction(input: VectorSpace([bos]), output: VectorSpace([target])) { _ in .basis(target) }
            }
        }
        return CraftAttentionHead(name: name, qk: qk, ov: ov)
    }

    /// The Aggregate head computing node `id`.
    mutating func aggregateHead(_ id: NodeID) throws(RASPCompileError) -> CraftAttentionHead {
        guard case let .aggregate(selector, value) = node(id).kind else {
            preconditionFailure("aggregateHead on a non-Aggregate node")
        }
        if node(id).encoding == .numerical {
            let inputNoise = noise[value] ?? ExactnessBudget.rounding * scale(of: value)
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
