import Craft

/// The discretising MLP (§11.3) in its exact form: a function of one linear combination
/// φ = Σ cᵢ·xᵢ of numerical residual directions, tabulated on the values φ can take.
///
/// Tracr places one ReLU pair per gap with a fixed slope L = 100. Here:
/// * only gaps where the output changes get a pair;
/// * each pair gets its own slope from its gap and the input's noise bound η:
///   `L = 2 / (gap − 2η)`, with a ramp centred on the midpoint, so every value at most η
///   away from a tabulated point lands on a flat part (output exactly 0 or 1);
/// * each pair is active on the side of its threshold where the pre-activations stay
///   smaller (so float32 rounding of large pre-activations stays small);
/// * every hidden neuron is switched off at BOS (weight −M from `tokens:BOS`, §19 item 21);
/// * with `gate` directions (one value of each of n categorical operands), every neuron is
///   also switched off unless all n gate directions are 1: the gate adds `B·(Σ gᵢ − n)`,
///   `B` one more than the neuron's largest pre-activation — so several discretisers, one
///   per tuple of categorical values, compute a function of the tuple and φ in one MLP.
struct Discretiser {
    /// One tabulated point.
    struct Point {
        let x: Double
        /// The output vector at `x` (a one-hot, a scaled numerical direction, or zero).
        let output: VectorInBasis
    }

    /// Prefix of hidden neuron names (`_hidden_{label}_`).
    let label: String
    /// φ's terms.
    let inputs: [(direction: BasisDirection, coefficient: Double)]
    /// The tabulated points, ascending in `x`, distinct.
    let points: [Point]
    /// The residual directions written.
    let outputSpace: VectorSpace
    /// Float32 error bound of φ.
    let noise: Double
    let one: BasisDirection
    let bos: BasisDirection
    /// Categorical directions that must all be 1 for the MLP to fire (none: always).
    var gate: [BasisDirection] = []
    /// Float32 error bound of each gate direction.
    var gateNoise: Double = 0

    /// The MLP and a bound on the float32 error of its output entries.
    func build() throws(RASPCompileError) -> (mlp: MLP, error: Double) {
        let hiddenName = "_hidden_\(label)_"
        var firstColumns: [BasisDirection: VectorInBasis] = [:]   // hidden → input weights
        var secondRows: [BasisDirection: VectorInBasis] = [:]     // hidden → output
        var constant = points.first?.output ?? .zero
        // Error bound per output entry: each ramp's rounding reaches only the entries its
        // step changes (a categorical output's one-hot entry is touched by two ramps).
        var errors: [BasisDirection: Double] = [:]
        func addError(_ delta: VectorInBasis, _ amount: Double) {
            for (d, x) in delta.components { errors[d, default: 0] += abs(x) * amount }
        }
        guard let lowest = points.first?.x, let highest = points.last?.x else {
            return (try emptyMLP(), 0)
        }
        let (phiMin, phiMax) = (lowest - noise, highest + noise)
        for k in 1..<max(1, points.count) where points.count > 1 {
            let delta = points[k].output - points[k - 1].output
            if delta.isZero { continue }
            let gap = points[k].x - points[k - 1].x
            let t = (points[k].x + points[k - 1].x) / 2
            guard gap >= 4 * noise, gap > 0 else {
                throw .notExact(label: label, reason:
                    "the values \(points[k - 1].x) and \(points[k].x) differ by \(gap), not more than 4× the float32 noise \(noise) of the input")
            }
            let slope = 2 / (gap - 2 * noise)
            let aboveMax = slope * (phiMax - t) + 0.5
            let belowMax = slope * (t - phiMin) + 0.5
            let above = aboveMax <= belowMax
            let sign: Double = above ? 1 : -1
            // Pre-activation s·L·(φ − t) ± ½: neuron 0 with +½, neuron 1 with −½.
            for (part, offset) in [(0, 0.5), (1, -0.5)] {
                let h = BasisDirection(hiddenName, .tuple([.int(k), .int(part)]))
                let bias = -sign * slope * t + offset
                var column = VectorInBasis()
                for input in inputs { column[input.direction] += sign * slope * input.coefficient }
                column[one] += bias
                column[bos] += -(abs(bias) + slope * noise * 2 + 1)
                if !gate.isEmpty {
                    let weight = (above ? aboveMax : belowMax) + 1
                    for g in gate { column[g] += weight }
                    column[one] += -weight * Double(gate.count)
                    // A gate direction off by ε shifts the ramp by weight·ε.
                    addError(delta, min(1, 2 * weight * gateNoise))
                }
                firstColumns[h] = column
                // Above: s = h0 − h1 adds Δ. Below: r = h0 − h1 = 1 − s subtracts Δ.
                secondRows[h] = (part == 0) == above ? delta : -delta
            }
            if !above { constant = constant + delta }
            addError(delta, 2 * ExactnessBudget.ulp(above ? aboveMax : belowMax))
        }
        if !constant.isZero {
            let start = BasisDirection("\(hiddenName)start")
            if gate.isEmpty {
                firstColumns[start] = VectorInBasis([one: 1, bos: -2])
            } else {
                // ReLU(Σ gᵢ − (n−1)): 1 for the gate tuple, 0 otherwise (and at BOS).
                var column = VectorInBasis([one: -Double(gate.count - 1), bos: -2])
                for g in gate { column[g] += 1 }
                firstColumns[start] = column
            }
            secondRows[start] = constant
        }
        let hidden = VectorSpace(firstColumns.keys)
        let inputSpace = VectorSpace(inputs.map(\.direction) + gate + [one, bos])
        let columns = firstColumns
        let rows = secondRows
        let error = errors.values.max() ?? 0
        return try wrap { () throws(CraftError) -> (mlp: MLP, error: Double) in
            let first = try Linear.fromEntries(input: inputSpace, output: hidden, columns.lazy.flatMap { h, column in
                column.components.lazy.map { (from: $0.key, to: h, weight: $0.value) }
            })
            let second = try Linear.fromEntries(input: hidden, output: outputSpace, rows.lazy.flatMap { h, row in
                row.components.lazy.map { (from: h, to: $0.key, weight: $0.value) }
            })
            return (try MLP(name: label, first: first, second: second), error)
        }
    }

    private func emptyMLP() throws(RASPCompileError) -> MLP {
        try wrap { () throws(CraftError) -> MLP in
            try MLP(name: label,
                first: Linear.zero(input: VectorSpace([one]), output: .empty),
                second: Linear.zero(input: .empty, output: outputSpace))
        }
    }

    private func wrap<T>(_ body: () throws(CraftError) -> T) throws(RASPCompileError) -> T {
        do { return try body() } catch { throw .assembly("\(error)") }
    }
}
