import Craft
import Foundation
import RASP

/// How a Sum is compiled, for the model's metadata.
struct SumConstructionReport: Sendable {
    /// The Sum's label.
    let label: String
    /// `D`: how far BOS's logit is above a selected key's.
    let bosAdvantage: Double
    /// Whether a second head cancels the value the Sum head reads at BOS.
    let cancelsBOSValue: Bool
    /// Bound on the float32 error of the sum, relative to its largest magnitude.
    let relativeError: Double

    var description: String {
        "\(label): one head, BOS logit \(String(format: "%.6g", bosAdvantage)) above the selected keys, values ×e^that"
            + (cancelsBOSValue ? " (+ a head cancelling the value read at BOS)" : "")
            + ", relative error ≤ \(String(format: "%.3g", relativeError))"
    }
}

extension BlockBuilder {
    /// The heads computing Sum node `id`, in one attention sublayer — no MLP.
    ///
    /// **Construction.** The Sum head is the Aggregate head (§11.6) of the selector with BOS
    /// moved far *above* the selected keys instead of half a step below: with `m` selector
    /// terms, a selected key has logit `c·m`, BOS `c·m + D`, every other key at most
    /// `c·(m−1)`, where `c = ⌈26·ln 2 + ln(N+1)⌉`. At a query selecting `w` keys the softmax gives BOS `1/Z` and each selected
    /// key `r/Z` with `r = e^{−D}` and `Z = 1 + w·r` (+ leakage `≤ N·r·e^{−c}`). The OV
    /// circuit maps each value `v` to `v / r` and BOS to 0, so the head writes
    /// `Σ_selected v / (1 + w·r)`: the sum, with relative error at most `N·r`. `D` is chosen
    /// so that `N·r ≤ 2⁻²⁶` (below float32's resolution); BOS's logit is rounded to float32
    /// first and `r` taken from the rounded value, so the run-time `exp` sees exactly the
    /// logit difference `r` was computed from. An empty selection gives BOS all the weight:
    /// 0, the default.
    ///
    /// **BOS's value.** BOS's own value vector is multiplied by `1/r` too, so it must be
    /// exactly zero. It is for values computed from tokens and indices by lookups,
    /// discretising MLPs and SelectorWidths (all switched off at BOS). Values computed by
    /// attention (Aggregates, Sums) hold a tiny leak at BOS; then a second head attends only
    /// to BOS and subtracts its value vector scaled by `1/r`, leaving an error of at most
    /// `N·|leak|`.
    ///
    /// **Exactness.** The recorded error bound adds the values' own noise (×N), the
    /// normaliser (`N·r`), the float32 softmax and accumulation, the leakage to unselected
    /// keys, and the effect of noisy selector operands on the logits (`c·m·(η_q + η_k)`,
    /// relative, first order in the noise of the active one-hot entries — as for the
    /// Aggregate head). A bound above 2⁻¹⁰ of the largest sum, or values too large for `v/r` in
    /// float32, is refused with ``RASPCompileError/notExact(label:reason:)``.
    mutating func sumHeads(_ id: NodeID) throws(RASPCompileError) -> [CraftAttentionHead] {
        guard case let .sum(selector, value) = node(id).kind else {
            preconditionFailure("sumHeads on a non-Sum node")
        }
        let label = node(id).label
        let n = Double(budget.maxSeqLen)
        // Coldness: an unselected key's weight is at most e^{−c}·r, so the leak of all N of
        // them is below 2⁻²⁶ of the largest sum (the Aggregate's c is twice that because BOS
        // sits only c/2 below its selected keys). Lower c also means less sensitivity to noisy
        // one-hot selector operands.
        let c = (26 * log(2.0) + log(n + 1)).rounded(.up)
        let m = Double(selector.terms.count)
        // r = e^{−D} ≤ 2⁻²⁶/N, with BOS's logit representable in float32.
        let exponent = 26 + (log2(n)).rounded(.up)
        let bosLogit = Double(Float(c * m + exponent * log(2.0)))
        let advantage = bosLogit - c * m
        let r = exp(-advantage)

        let valueInput = plan.valueInputs[id] ?? .node(value)
        let (valueNoise, magnitude) = try valueBounds(valueInput, value: value, label: label)
        guard magnitude / r < 1e30 else {
            throw .notExact(label: label, reason:
                "its values reach \(magnitude); scaled by e^\(advantage) for the BOS-anchored head they overflow float32")
        }
        let clean = isCleanAtBOS(valueInput)

        // Relative error of the attention weights of the selected keys.
        var logitNoise = 0.0
        for term in selector.terms {
            logitNoise += operandNoise(plan.selectorInput(term.queries)) + operandNoise(plan.selectorInput(term.keys))
        }
        let weightError = n * r + ExactnessBudget.attentionError + expm1(c * logitNoise)
        let largest = n * magnitude
        var bound = n * valueNoise + weightError * largest + n * exp(-c) * magnitude
            + n * ExactnessBudget.ulp(largest)
        if !clean {
            // Leak at BOS of an attention-computed value, cancelled up to N·leak plus the
            // rounding of the two large, opposite head outputs.
            // An Aggregate's BOS query leaks e^{−c_b/2} to each key, a Sum's e^{−c}.
            let leak = (n + 1) * max(exp(-budget.coldness / 2), exp(-c)) * magnitude * 2
            bound += n * leak + 4 * ExactnessBudget.ulp(leak / r)
        }
        let relative = bound / max(1, scale(of: id))
        guard relative <= 0x1p-10 else {
            throw .notExact(label: label, reason:
                "the BOS-anchored sum head's float32 error may reach \(String(format: "%.3g", relative)) of its largest value "
                    + "(noisy selector operands shift its logits by up to \(String(format: "%.3g", c * logitNoise)))")
        }
        setNoise(id, bound)
        sumReports.append(SumConstructionReport(
            label: label, bosAdvantage: advantage, cancelsBOSValue: !clean, relativeError: relative))

        var heads = [try attentionHead(
            selector, output: .sum(value: value, output: id, bosLogit: bosLogit, scale: 1 / r), name: label,
            coldness: c)]
        if !clean { heads.append(try bosValueCanceller(id, value: value, bosLogit: bosLogit + c, scale: 1 / r)) }
        return heads
    }

    /// A head that attends only to BOS (logit `bosLogit`, every other key 0, PAD keys lower)
    /// and writes `−scale ×` the value vector there into the Sum's direction.
    private func bosValueCanceller(
        _ id: NodeID, value: NodeID, bosLogit: Double, scale: Double
    ) throws(RASPCompileError) -> CraftAttentionHead {
        var keys = [bos]
        if options.maskPadKeys { keys.append(pad) }
        let querySpace = VectorSpace([one])
        let keySpace = VectorSpace(keys)
        var matrix = CraftMatrix(rows: 1, columns: keySpace.count)
        matrix[0, keySpace.index(of: bos)!] = bosLogit
        if options.maskPadKeys { matrix[0, keySpace.index(of: pad)!] = -bosLogit }
        let qk = ScalarBilinear(left: querySpace, right: keySpace, matrix: matrix)
        let ov = try valueCircuit(value, result: id, scale: -scale)
        return CraftAttentionHead(name: "\(node(id).label)_bos_cancel", qk: qk, ov: ov)
    }

    /// The float32 error bound of one summed value and the largest magnitude of a value, for
    /// the value as the head reads it.
    private func valueBounds(
        _ input: FusionPlan.HeadInput, value: NodeID, label: String
    ) throws(RASPCompileError) -> (noise: Double, magnitude: Double) {
        func numbers(_ values: [Value]) throws(RASPCompileError) -> [Double] {
            var out: [Double] = []
            for v in values {
                guard let x = v.doubleValue else {
                    throw .unsupported(label: label, reason: "it sums the non-number \(v.pythonRepr)")
                }
                out.append(abs(x))
            }
            return out
        }
        switch input {
        case let .node(v) where node(v).encoding == .numerical:
            return (noise[v] ?? ExactnessBudget.rounding * scale(of: v), scale(of: v))
        case let .node(v):
            // A one-hot whose entries are each off by ε, read with weights |y| ≤ max.
            let weights = try numbers(node(v).values)
            return ((noise[v] ?? 0) * weights.reduce(0, +) + ExactnessBudget.rounding * scale(of: v), scale(of: v))
        case let .mapped(leaf, tree):
            var images: [Value] = []
            for x in node(leaf).values {
                if let y = try tabulate(node(value).label, { try tree.evaluate([x]) }) { images.append(y) }
            }
            let weights = try numbers(images)
            let magnitude = max(1, weights.max() ?? 0)
            return ((noise[leaf] ?? 0) * weights.reduce(0, +) + ExactnessBudget.rounding * magnitude, magnitude)
        case let .linear(form):
            let magnitude = form.terms.reduce(0.0) { $0 + abs($1.coefficient) * scale(of: $1.node) }
            return (noise(of: form), max(1, magnitude))
        }
    }

    /// The float32 error bound of a categorical selector operand's one-hot entries.
    private func operandNoise(_ input: FusionPlan.HeadInput) -> Double {
        switch input {
        case let .node(id), let .mapped(id, _): noise[id] ?? 0
        case .linear: 0
        }
    }

    /// Whether what a head reads for `input` is exactly zero at BOS: tokens and indices are
    /// (BOS has no value or index direction), and so is everything computed from them by
    /// lookups (an AND of two or more one-hots is zero even over tiny leaks), discretising
    /// MLPs and SelectorWidths (switched off at BOS). Attention outputs (Aggregates, Sums)
    /// leak at BOS, and single-operand lookups and linear MLPs pass a leak on.
    func isCleanAtBOS(_ input: FusionPlan.HeadInput) -> Bool {
        switch input {
        case let .node(id), let .mapped(id, _): isCleanAtBOS(node: id)
        case let .linear(form): form.terms.allSatisfy { isCleanAtBOS(node: $0.node) }
        }
    }

    private func isCleanAtBOS(node id: NodeID) -> Bool {
        switch node(id).kind {
        case .tokens, .indices, .selectorWidth: return true
        case .aggregate, .sum: return false
        case .map, .sequenceMap, .linear, .tuple:
            switch plan.computations[id] {
            case let .lookup(leaves, _)?: return leaves.count >= 2 || leaves.allSatisfy { isCleanAtBOS(node: $0) }
            case let .linear(form)?: return form.terms.allSatisfy { isCleanAtBOS(node: $0.node) }
            case .scalar?: return true
            case nil: return false
            }
        }
    }
}
