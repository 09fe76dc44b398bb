/// Value sets of every SOp of a program for a vocabulary and maximum length, with Tracr's
/// rules (§8 `basis_inference`):
///
/// | SOp | value set |
/// |---|---|
/// | tokens | the vocabulary |
/// | indices | 0…N−1 |
/// | SelectorWidth | 0…N |
/// | Full | {fill} |
/// | Map | {f(x)} over the operand's set, dropping nulls; inputs where `f` raises an arithmetic error are skipped, other errors abort |
/// | (Linear)SequenceMap | {f(x, y)} over the full Cartesian product, same rules |
/// | categorical Aggregate | the aggregated SOp's set |
/// | numerical Aggregate | by ``NumericalMeanRule`` (the sums behind means of any values: an error beyond ``maxSumValues``) |
/// | Sum | every sum of 1…N values of the summed set (``SumValueSet``; an error beyond ``maxSumValues``), plus the default |
/// | length, ConstantSOp | unsupported (error) |
///
/// Sets merge equal values of different types (`1`, `1.0`, `True`), keeping the first one
/// inserted. Values are reported sorted in Tracr's basis order (``Value/basisSorted(_:)``).
public struct ValueSetInference: Sendable {
    /// How the value set of a numerical Aggregate (a mean) is computed.
    public enum NumericalMeanRule: Sendable, Hashable {
        /// Tracr: requires `{int(x)} ⊆ {0, 1}` for the aggregated set S and gives
        /// `{x/ℓ : x ∈ S, ℓ = 1…N}` — incomplete for real means (§19 item 8).
        case tracr
        /// Requires S ⊆ {0, 1} exactly (§19 item 2) and gives every mean that can occur:
        /// `{k/ℓ : 1 ≤ ℓ ≤ N, 0 ≤ k ≤ ℓ}` restricted to S, plus the default 0 (§19 item 8).
        case exactBinary
        /// Any numeric S: every mean of 1…N values drawn from S, plus the default 0 (for
        /// compilers that support means of arbitrary values); for S ⊆ {0, 1} the same set as
        /// ``exactBinary``.
        case exactAny
    }

    /// The vocabulary (value set of `tokens`).
    public var vocabulary: [Value]
    /// The maximum sequence length N.
    public var maxSeqLen: Int
    /// The numerical-mean rule.
    public var meanRule: NumericalMeanRule
    /// Largest value set built by summing: a Sum's set (see ``SumValueSet``) and, for
    /// ``NumericalMeanRule/exactAny``, the sums of ℓ values behind the means. Beyond it
    /// inference fails.
    public var maxSumValues: Int

    /// An inference for a vocabulary and maximum length.
    public init(
        vocabulary: [Value], maxSeqLen: Int, meanRule: NumericalMeanRule = .tracr, maxSumValues: Int = 1_000_000
    ) {
        self.vocabulary = vocabulary
        self.maxSeqLen = maxSeqLen
        self.meanRule = meanRule
        self.maxSumValues = maxSumValues
    }

    /// The value sets of every SOp reachable from `program`.
    public func infer(_ program: SOp) throws(ValueSetError) -> ValueSets {
        var sets: [ObjectIdentifier: OrderedValueSet] = [:]
        let graph = RASPGraph(program)
        do {
            for expr in graph.operandsFirstExpressions {
                guard let sop = expr.sop else { continue }
                sets[sop.id] = try valueSet(of: sop, known: sets)
            }
        } catch {
            throw ValueSetError(label: graph.label(of: .sop(error.sop)), reason: error.reason)
        }
        return ValueSets(graph: graph, sets: sets.mapValues { $0.values })
    }

    struct Failure: Error {
        let sop: SOp
        let reason: ValueSetError.Reason
    }

    private func valueSet(of sop: SOp, known: [ObjectIdentifier: OrderedValueSet]) throws(Failure) -> OrderedValueSet {
        func operand(_ s: SOp) -> OrderedValueSet { known[s.id] ?? OrderedValueSet() }
        var out = OrderedValueSet()
        switch sop.kind {
        case .tokens:
            out.insert(contentsOf: vocabulary)
        case .indices:
            out.insert(contentsOf: (0..<max(0, maxSeqLen)).map { Value.int($0) })
        case .length:
            throw Failure(sop: sop, reason: .unsupported("length"))
        case .constant:
            throw Failure(sop: sop, reason: .unsupported("ConstantSOp"))
        case .full(let fill):
            out.insert(fill)
        case .selectorWidth:
            out.insert(contentsOf: (0...max(0, maxSeqLen)).map { Value.int($0) })
        case .map(let f, let inner):
            for x in operand(inner).values {
                if let y = try apply(sop, { try f(x) }) { out.insert(y) }
            }
        case .sequenceMap(let f, let fst, let snd):
            try insertProduct(f, operand(fst).values, operand(snd).values, at: sop, into: &out)
        case .linearSequenceMap(let fst, let snd, let a, let b):
            try insertProduct(
                SOpKind.linearFunction(a: a, b: b), operand(fst).values, operand(snd).values, at: sop, into: &out)
        case .aggregate(_, let inner, _):
            let inputs = operand(inner).values
            if sop.isCategorical {
                out.insert(contentsOf: inputs)
            } else {
                out.insert(contentsOf: try numericalMeans(of: inputs, at: sop))
            }
        case .sum(_, let inner, let defaultValue):
            if let defaultValue { out.insert(defaultValue) }
            do {
                out.insert(contentsOf: try SumValueSet.values(
                    of: operand(inner).values, maxTerms: max(0, maxSeqLen), limit: maxSumValues))
            } catch {
                switch error {
                case .nonNumeric(let values): throw Failure(sop: sop, reason: .nonNumericSum(Value.basisSorted(values)))
                case .tooLarge(let limit): throw Failure(sop: sop, reason: .sumTooLarge(limit: limit))
                }
            }
        }
        return out
    }

    /// {f(x, y)} over the full Cartesian product (also when both operands are the same SOp).
    private func insertProduct(
        _ f: SequenceMapFunction, _ xs: [Value], _ ys: [Value], at sop: SOp, into out: inout OrderedValueSet
    ) throws(Failure) {
        for x in xs {
            for y in ys {
                if let z = try apply(sop, { try f(x, y) }) { out.insert(z) }
            }
        }
    }

    /// Calls a user function, skipping arithmetic errors (→ nil) as Tracr does.
    private func apply(_ sop: SOp, _ body: () throws -> Value?) throws(Failure) -> Value? {
        do {
            return try body()
        } catch let error as RASPValueError where error.isArithmetic {
            return nil
        } catch let error as RASPValueError {
            throw Failure(sop: sop, reason: .function(error))
        } catch {
            throw Failure(sop: sop, reason: .function(.valueError(String(describing: error))))
        }
    }

    private func numericalMeans(of inputs: [Value], at sop: SOp) throws(Failure) -> [Value] {
        let n = max(0, maxSeqLen)
        switch meanRule {
        case .tracr:
            for x in inputs {
                guard let truncated = Self.pythonInt(x), truncated == 0 || truncated == 1 else {
                    throw Failure(sop: sop, reason: .nonBinaryNumericalMean(Value.basisSorted(inputs)))
                }
            }
            var out = OrderedValueSet()
            for x in inputs {
                for l in stride(from: 1, through: n, by: 1) {
                    if let y = try apply(sop, { try x / .int(l) }) { out.insert(y) }
                }
            }
            return out.values
        case .exactBinary:
            guard Self.isBinary(inputs) else {
                throw Failure(sop: sop, reason: .nonBinaryNumericalMean(Value.basisSorted(inputs)))
            }
            return Self.binaryMeans(of: inputs, maxSeqLen: n)
        case .exactAny:
            guard inputs.allSatisfy(\.isNumeric) else {
                throw Failure(sop: sop, reason: .nonNumericMean(Value.basisSorted(inputs)))
            }
            if Self.isBinary(inputs) { return Self.binaryMeans(of: inputs, maxSeqLen: n) }
            // sums[ℓ] = every sum of ℓ values drawn (with repetition) from the inputs.
            var out = OrderedValueSet()
            out.insert(.int(0))
            var sums = OrderedValueSet()
            sums.insert(.int(0))
            for l in stride(from: 1, through: n, by: 1) {
                var next = OrderedValueSet()
                for s in sums.values {
                    for x in inputs {
                        if let t = try apply(sop, { try s + x }) { next.insert(t) }
                    }
                }
                sums = next
                guard sums.count <= maxSumValues else {
                    throw Failure(sop: sop, reason: .meanSumsTooLarge(size: sums.count, limit: maxSumValues))
                }
                for s in sums.values {
                    if l == 1 {
                        out.insert(s)
                    } else if let m = try apply(sop, { try s / .int(l) }) {
                        out.insert(m)
                    }
                }
            }
            return out.values
        }
    }

    /// Whether every value is 0 or 1 (`False`, `True`, `0.0` and `1.0` included).
    private static func isBinary(_ values: [Value]) -> Bool {
        values.allSatisfy { $0 == .int(0) || $0 == .int(1) }
    }

    /// Every mean of 1…N values drawn from a subset of {0, 1}, plus the default 0:
    /// `{k/ℓ : 1 ≤ ℓ ≤ N, 0 ≤ k ≤ ℓ}` when both occur, `{0, 1}` when only 1 does.
    private static func binaryMeans(of inputs: [Value], maxSeqLen n: Int) -> [Value] {
        var out = OrderedValueSet()
        out.insert(.int(0))
        let hasZero = inputs.contains(.int(0))
        let hasOne = inputs.contains(.int(1))
        if hasOne && !hasZero { out.insert(.int(1)) }
        if hasOne && hasZero {
            for l in stride(from: 1, through: n, by: 1) {
                for k in 0...l { out.insert(.float(Double(k) / Double(l))) }
            }
        }
        return out.values
    }

    /// Python's `int(x)` for numbers (truncation); nil for strings and tuples (TypeError).
    static func pythonInt(_ value: Value) -> Int? {
        switch value {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Int(d.rounded(.towardZero))
        case .string, .tuple: return nil
        }
    }
}
