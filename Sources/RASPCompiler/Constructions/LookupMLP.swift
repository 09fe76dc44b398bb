import Craft
import RASP

extension BlockBuilder {
    /// The MLP computing node `id` as a function of categorical operands (§11.1, §11.2,
    /// §11.4, and the n-ary tables of fused chains).
    ///
    /// * one operand, categorical output: Tracr's `map_categorical_mlp` (hidden neurons
    ///   named like the output directions; W1[x, f(x)] = 1);
    /// * one operand, numerical output: `ReLU(Σ f(x)⁺·[x]) − ReLU(Σ f(x)⁻·[x])` — Tracr's
    ///   single neuron plus a second one only when some f(x) < 0 (§19 item 6);
    /// * n ≥ 2 operands: one AND neuron `ReLU(Σ xᵢ − (n−1))` per value tuple with an
    ///   output (Tracr's `sequence_map_categorical_mlp` for n = 2; neurons are numbered by
    ///   tuple instead of being named by it).
    ///
    /// All-zero operands (null, BOS) give a zero output.
    mutating func lookupMLP(_ id: NodeID, leaves: [NodeID], tree: FusedTree) throws(RASPCompileError) -> MLP {
        let out = node(id)
        let outputSpace = space(of: id)
        let inputSpace = VectorSpace.join(leaves.map { space(of: $0) } + (leaves.count > 1 ? [VectorSpace([one])] : []))
        let outputValues = OrderedValueSet(out.values)

        // The output vector for one tuple of operand values.
        func image(_ values: [Value]) throws(RASPCompileError) -> VectorInBasis {
            guard let y = try tabulate(out.label, { try tree.evaluate(values) }) else { return .zero }
            switch out.encoding {
            case .categorical:
                return outputValues.contains(y) ? .basis(direction(id, y)) : .zero
            case .numerical:
                guard let number = y.doubleValue else {
                    throw .unsupported(label: out.label, reason: "a numerical s-op produced the non-number \(y.pythonRepr)")
                }
                return .basis(scalarDirection(id), number)
            }
        }

        var first: [BasisDirection: VectorInBasis] = [:]   // hidden → input weights
        var second: [BasisDirection: VectorInBasis] = [:]  // hidden → output
        if leaves.count == 1 {
            let x = leaves[0]
            switch out.encoding {
            case .categorical:
                for h in outputSpace.basis {
                    first[h] = .zero
                    second[h] = .basis(h)
                }
                for v in node(x).values {
                    for (h, _) in try image([v]).components { first[h]![direction(x, v)] = 1 }
                }
            case .numerical:
                let positive = BasisDirection(out.label)
                let negative = BasisDirection("_hidden_\(out.label)_neg")
                var plus = VectorInBasis()
                var minus = VectorInBasis()
                for v in node(x).values {
                    let y = try image([v])[scalarDirection(id)]
                    if y > 0 { plus[direction(x, v)] = y }
                    if y < 0 { minus[direction(x, v)] = -y }
                }
                first[positive] = plus
                second[positive] = .basis(scalarDirection(id))
                if !minus.isZero {
                    first[negative] = minus
                    second[negative] = .basis(scalarDirection(id), -1)
                }
            }
        } else {
            let built = try andNeuronMLP(id, leaves: leaves, input: inputSpace, output: outputSpace, image: image)
            setLookupNoise(id, leaves: leaves)
            return built
        }
        setLookupNoise(id, leaves: leaves)
        return try mlp(label: out.label, input: inputSpace, first: first, second: second, output: outputSpace)
    }

    /// The error bound of a lookup MLP's output.
    private mutating func setLookupNoise(_ id: NodeID, leaves: [NodeID]) {
        if node(id).encoding == .numerical {
            setNoise(id, ExactnessBudget.rounding * scale(of: id))
        } else {
            // An AND of one-hots that are each off by εᵢ is off by at most Σ εᵢ.
            setNoise(id, leaves.reduce(0.0) { $0 + (noise[$1] ?? 0) })
        }
    }

    /// The n ≥ 2 operand table of ``lookupMLP(_:leaves:tree:)``: neuron `index` (the
    /// index-th value tuple, row-major over the leaves) reads `Σ xᵢ − (n−1)·one` and writes
    /// the tuple's output; tuples without an output get no neuron.
    ///
    /// The weights go straight into the two matrices — neurons `name:index` are in
    /// ascending index order, which is their sorted order — so the cost grows with the
    /// number of neurons, with no per-neuron dictionaries of directions.
    private func andNeuronMLP(
        _ id: NodeID, leaves: [NodeID], input: VectorSpace, output: VectorSpace,
        image: ([Value]) throws(RASPCompileError) -> VectorInBasis
    ) throws(RASPCompileError) -> MLP {
        let out = node(id)
        let hiddenName = "_hidden_\(out.label)_"
        let leafValues = leaves.map { node($0).values }
        var inputSpace = input
        let leafDirections = zip(leaves, leafValues).map { leaf, values in values.map { direction(leaf, $0) } }
        let missing = leafDirections.joined().filter { !input.contains($0) }
        if !missing.isEmpty { inputSpace = VectorSpace.join([input, VectorSpace(missing)]) }
        // [leaf][value]: the input row of each operand value.
        let leafRows = leafDirections.map { $0.map { inputSpace.index(of: $0)! } }
        guard let oneRow = inputSpace.index(of: one) else {
            throw .assembly("\(CraftError.directionOutsideSpace(one, space: "the input space of a map"))")
        }
        let bias = -Double(leaves.count - 1)

        var neurons: [BasisDirection] = []
        var firstColumns: [[Int]] = []            // [neuron]: operand rows read (weight 1)
        var secondRows: [[(Int, Double)]] = []    // [neuron]: (output column, weight)
        if leafValues.allSatisfy({ !$0.isEmpty }) {
            var digits = [Int](repeating: 0, count: leaves.count)
            var values = leafValues.map { $0[0] }
            var index = 0
            while true {
                let y = try image(values)
                if !y.isZero {
                    var row: [(Int, Double)] = []
                    row.reserveCapacity(y.components.count)
                    for (d, v) in y.components {
                        guard let c = output.index(of: d) else {
                            throw .assembly("\(CraftError.directionOutsideSpace(d, space: "the output space of a map"))")
                        }
                        row.append((c, v))
                    }
                    neurons.append(BasisDirection(hiddenName, .int(index)))
                    firstColumns.append((0..<leaves.count).map { leafRows[$0][digits[$0]] })
                    secondRows.append(row)
                }
                index += 1
                // Odometer over the value tuples, last leaf fastest.
                var k = leaves.count - 1
                while k >= 0 {
                    digits[k] += 1
                    if digits[k] < leafValues[k].count {
                        values[k] = leafValues[k][digits[k]]
                        break
                    }
                    digits[k] = 0
                    values[k] = leafValues[k][0]
                    k -= 1
                }
                if k < 0 { break }
            }
        }
        return try craft { () throws(CraftError) -> MLP in
            let hidden = try VectorSpace(ascending: neurons)
            var w1 = CraftMatrix(rows: inputSpace.count, columns: hidden.count)
            var w2 = CraftMatrix(rows: hidden.count, columns: output.count)
            for (j, rows) in firstColumns.enumerated() {
                w1[oneRow, j] = bias
                for r in rows { w1[r, j] = 1 }
                for (c, v) in secondRows[j] { w2[j, c] = v }
            }
            return try MLP(
                name: out.label, first: Linear(input: inputSpace, output: hidden, matrix: w1),
                second: Linear(input: hidden, output: output, matrix: w2))
        }
    }

    /// The MLP computing numerical node `id` as the linear form `form` (§11.5): two
    /// neurons `ReLU(x)`, `ReLU(−x)` per operand, output weights ±coefficient.
    mutating func linearMLP(_ id: NodeID, form: LinearForm) throws(RASPCompileError) -> MLP {
        let out = node(id)
        let target = scalarDirection(id)
        var first: [BasisDirection: VectorInBasis] = [:]
        var second: [BasisDirection: VectorInBasis] = [:]
        for term in form.terms {
            let x = scalarDirection(term.node)
            let name = "_hidden_\(out.label)_\(node(term.node).label)"
            first[BasisDirection(name, 1)] = .basis(x)
            first[BasisDirection(name, -1)] = .basis(x, -1)
            second[BasisDirection(name, 1)] = .basis(target, term.coefficient)
            second[BasisDirection(name, -1)] = .basis(target, -term.coefficient)
        }
        setNoise(id, noise(of: form))
        let input = VectorSpace(form.terms.map { scalarDirection($0.node) })
        return try mlp(label: out.label, input: input, first: first, second: second, output: VectorSpace([target]))
    }

    /// The discretising MLP computing node `id` from the linear form `form` whose values are
    /// `domain` (§11.3, exact variant; see ``Discretiser``) — one discretiser per tuple of
    /// values of the categorical `gates`, each switched on only by its tuple. Returns `nil`
    /// when float32 noise on the gates would make the gated construction inexact (the
    /// caller then compiles the node without folding).
    mutating func scalarMLP(
        _ id: NodeID, gates: [NodeID], form: LinearForm, domain: [Value], tree: FusedTree
    ) throws(RASPCompileError) -> MLP? {
        let out = node(id)
        let outputValues = OrderedValueSet(out.values)
        var xs: [Double] = []
        xs.reserveCapacity(domain.count)
        for v in domain {
            guard let x = v.doubleValue else {
                throw .unsupported(label: out.label, reason: "its numerical operand takes the non-number \(v.pythonRepr)")
            }
            xs.append(x)
        }
        let order = xs.isSorted(by: <) ? Array(xs.indices) : xs.indices.sorted { xs[$0] < xs[$1] }
        var tuples: [[Value]] = [[]]
        for g in gates { tuples = tuples.flatMap { t in node(g).values.map { t + [$0] } } }
        let gateNoise = gates.reduce(0.0) { $0 + (noise[$1] ?? 0x1p-20) }
        var mlps: [MLP] = []
        var worst = 0.0
        for (index, tuple) in tuples.enumerated() {
            // Tabulate f on the domain (ascending); keep only the first and last point of
            // each run of equal outputs — thresholds only sit between runs.
            var samples: [(x: Double, y: Value?)] = []
            samples.reserveCapacity(domain.count)
            for i in order {
                let v = domain[i]
                samples.append((xs[i], try tabulate(out.label, { try tree.evaluate(tuple + [v]) })))
            }
            if !gates.isEmpty && samples.allSatisfy({ $0.y == nil }) { continue }
            var points: [Discretiser.Point] = []
            for (i, sample) in samples.enumerated() {
                let startsRun = i == 0 || samples[i - 1].y != sample.y
                let endsRun = i == samples.count - 1 || samples[i + 1].y != sample.y
                guard startsRun || endsRun else { continue }
                var vector = VectorInBasis()
                if let y = sample.y {
                    switch out.encoding {
                    case .categorical:
                        if outputValues.contains(y) { vector = .basis(direction(id, y)) }
                    case .numerical:
                        guard let number = y.doubleValue else {
                            throw .unsupported(label: out.label, reason: "a numerical s-op produced the non-number \(y.pythonRepr)")
                        }
                        vector = .basis(scalarDirection(id), number)
                    }
                }
                points.append(Discretiser.Point(x: sample.x, output: vector))
            }
            var discretiser = Discretiser(
                label: gates.isEmpty ? out.label : "\(out.label)_t\(index)",
                inputs: form.terms.map { (scalarDirection($0.node), $0.coefficient) },
                points: points, outputSpace: space(of: id), noise: noise(of: form), one: one, bos: bos)
            discretiser.gate = zip(gates, tuple).map { direction($0, $1) }
            discretiser.gateNoise = gateNoise
            let (mlp, error) = try discretiser.build()
            mlps.append(mlp)
            worst = max(worst, error)
        }
        if !gates.isEmpty && worst >= 0.1 { return nil }
        try recordDiscretisation(id, error: worst)
        if mlps.isEmpty {
            return try mlp(label: out.label, input: VectorSpace([one]), first: [:], second: [:], output: space(of: id))
        }
        let parts = mlps
        return try craft { () throws(CraftError) -> MLP in try MLP.combineInParallel(parts, name: out.label) }
    }

    /// Records the error of a discretising MLP's output; a categorical output whose entries
    /// could be off by a tenth is not exact.
    mutating func recordDiscretisation(_ id: NodeID, error: Double) throws(RASPCompileError) {
        let out = node(id)
        switch out.encoding {
        case .categorical:
            guard error < 0.1 else {
                throw .notExact(label: out.label, reason:
                    "the one-hot outputs of its discretising MLP may be off by \(error) in float32")
            }
            setNoise(id, error)
        case .numerical:
            setNoise(id, error + ExactnessBudget.rounding * scale(of: id))
        }
    }

    /// A two-layer ReLU MLP from hidden-neuron columns (input weights) and rows (outputs).
    func mlp(
        label: String, input: VectorSpace, first: [BasisDirection: VectorInBasis],
        second: [BasisDirection: VectorInBasis], output: VectorSpace
    ) throws(RASPCompileError) -> MLP {
        let hidden = VectorSpace(first.keys)
        var inputSpace = input
        let used = first.values.flatMap(\.components.keys)
        if !used.allSatisfy(inputSpace.contains) { inputSpace = VectorSpace.join([input, VectorSpace(used)]) }
        return try craft { () throws(CraftError) -> MLP in
            let w1 = try Linear.fromEntries(input: inputSpace, output: hidden, first.lazy.flatMap { h, column in
                column.components.lazy.map { (from: $0.key, to: h, weight: $0.value) }
            })
            let w2 = try Linear.fromEntries(input: hidden, output: output, second.lazy.flatMap { h, row in
                row.components.lazy.map { (from: h, to: $0.key, weight: $0.value) }
            })
            return try MLP(name: label, first: w1, second: w2)
        }
    }
}
