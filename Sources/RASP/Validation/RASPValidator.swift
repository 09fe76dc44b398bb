/// Checks whether a program can be compiled (§5), in three stages:
///
/// 1. **static** (``staticErrors(_:)``): encodings and kinds, one reason per expression (the
///    first failing rule, in Tracr's order), every expression visited by identity (Tracr's
///    name-based de-duplication skipped expressions; §19 item 15). Beyond Tracr's rules it
///    rejects what Tracr only rejects later or crashes on (§17): `length`, `Full`,
///    `ConstantSOp`, `ConstantSelector`, composite selectors, and programs without `tokens`.
/// 2. **value sets** (``valueSetErrors(_:vocabulary:maxSeqLen:)``): needs the vocabulary and
///    maximum length; rejects numerical Aggregates over values that are not exactly 0/1
///    (§19 item 2), numerical SOps with non-numeric values, Sums over non-numbers (or whose
///    sums are too many to list), and functions that raise a non-arithmetic error on a value
///    they can receive.
/// 3. **dynamic** (``dynamicErrors(_:on:causal:)``): on one input, categorical Aggregates that
///    average different values and numerical Aggregates over non-0/1 inputs (§5.2). Checked per
///    row: a categorical row that selects different values is reported even when their mean
///    happens to be another value of the input.
///
/// Left to the compiler: compiler BOS/PAD tokens inside the vocabulary, and size limits.
public struct RASPValidator: Sendable {
    /// The accepted extensions.
    public var options: ValidationOptions

    public init(options: ValidationOptions = .tracr) {
        self.options = options
    }

    /// Static errors, one per expression at most, in breadth-first order from the output, then
    /// program-level errors.
    public func staticErrors(_ program: SOp) -> [RASPValidationError] {
        let graph = RASPGraph(program)
        var errors: [RASPValidationError] = []
        for expr in graph.expressions {
            if let reason = staticReason(expr) {
                errors.append(RASPValidationError(label: graph.label(of: expr), reason: reason))
            }
        }
        let readsTokens = graph.expressions.contains { expr in
            if case .tokens? = expr.sop?.kind { return true }
            return false
        }
        if !readsTokens {
            errors.append(RASPValidationError(label: graph.outputLabel, reason: .missingTokens))
        }
        return errors
    }

    /// The first static rule `expr` breaks, if any.
    func staticReason(_ expr: RASPExpr) -> RASPValidationReason? {
        switch expr {
        case .selector(let selector):
            switch selector.kind {
            case .select(let keys, let queries, _):
                if !keys.isCategorical { return .selectKeysNotCategorical }
                if !queries.isCategorical { return .selectQueriesNotCategorical }
                return nil
            case .constant:
                return .constantSelector
            case .and, .or, .not:
                return options.allowCompositeSelectors ? nil : .compositeSelector(selector.kind.tracrClassName)
            }
        case .sop(let sop):
            switch sop.kind {
            case .tokens: return sop.isNumerical ? .numericalTokens : nil
            case .indices: return sop.isNumerical ? .numericalIndices : nil
            case .length: return .lengthPrimitive
            case .full: return .fullSOp
            case .constant: return .constantSOp
            case .map, .selectorWidth: return nil
            case .aggregate(_, let inner, let defaultValue):
                if sop.encoding != inner.encoding {
                    return .aggregateEncodingMismatch(input: inner.encoding, output: sop.encoding)
                }
                if sop.isCategorical && defaultValue != nil { return .categoricalAggregateDefault(defaultValue) }
                if sop.isNumerical && defaultValue != .int(0) { return .numericalAggregateDefault(defaultValue) }
                return nil
            case .sum(_, _, let defaultValue):
                if sop.isCategorical { return .categoricalSum }
                if defaultValue != .int(0) { return .sumDefault(defaultValue) }
                return nil
            case .sequenceMap(_, let fst, let snd):
                if !(fst.isCategorical && snd.isCategorical && sop.isCategorical) {
                    return .nonLinearSequenceMapEncoding
                }
                return nil
            case .linearSequenceMap(let fst, let snd, let a, let b):
                if !(fst.isNumerical && snd.isNumerical && sop.isNumerical) { return .linearSequenceMapEncoding }
                if !(a.isNumeric && b.isNumeric) { return .linearSequenceMapCoefficients }
                return nil
            }
        }
    }

    /// Errors that need value sets: run after the static stage passes.
    public func valueSetErrors(_ program: SOp, vocabulary: [Value], maxSeqLen: Int) -> [RASPValidationError] {
        do {
            _ = try valueSets(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen)
            return []
        } catch {
            return error.errors
        }
    }

    /// The value-set stage: the value sets of every s-op of `program` (``ValueSetInference``
    /// with the mean rule these options accept), checked — what a compiler consumes after the
    /// static stage passed.
    ///
    /// - Throws: the reasons found (inference stops at the first failing s-op; numerical s-ops
    ///   that can hold non-numbers are all listed).
    public func valueSets(
        _ program: SOp, vocabulary: [Value], maxSeqLen: Int
    ) throws(RASPUnsupportedProgramError) -> ValueSets {
        let inference = ValueSetInference(
            vocabulary: vocabulary, maxSeqLen: maxSeqLen,
            meanRule: options.allowNumericalMeansOfAnyValues ? .exactAny : .exactBinary,
            maxSumValues: options.maxSumValues)
        let sets: ValueSets
        do {
            sets = try inference.infer(program)
        } catch {
            throw RASPUnsupportedProgramError(errors: [RASPValidationError(label: error.label, reason: Self.reason(error.reason))])
        }
        var errors: [RASPValidationError] = []
        for sop in sets.graph.expressions.compactMap(\.sop) where sop.isNumerical {
            let values = sets.values(of: sop) ?? []
            let nonNumeric = values.filter { !$0.isNumeric }
            if !nonNumeric.isEmpty {
                errors.append(
                    RASPValidationError(label: sets.graph.label(of: sop), reason: .numericalNonNumericValues(nonNumeric)))
            }
        }
        if !errors.isEmpty { throw RASPUnsupportedProgramError(errors: errors) }
        return sets
    }

    /// The validation reason of a value-set inference failure.
    private static func reason(_ reason: ValueSetError.Reason) -> RASPValidationReason {
        switch reason {
        case .unsupported(let what): return what == "length" ? .lengthPrimitive : .constantSOp
        case .function(let e): return .functionError(e)
        case .nonBinaryNumericalMean(let values): return .numericalAggregateNonBinary(values)
        case .nonNumericMean(let values): return .numericalNonNumericValues(values)
        case .nonNumericSum(let values): return .sumNonNumericValues(values)
        case .sumTooLarge(let limit): return .sumValueSetTooLarge(limit: limit)
        case .meanSumsTooLarge(let size, let limit): return .meanSumsTooLarge(size: size, limit: limit)
        }
    }

    /// Dynamic errors on one input (evaluation errors are thrown).
    public func dynamicErrors(_ program: SOp, on input: [Value], causal: Bool = false) throws -> [RASPValidationError] {
        try dynamicCheck(program, on: input, causal: causal).errors
    }

    /// Evaluates `program` on `input` and returns its output together with the dynamic errors
    /// (one evaluation for both; evaluation errors are thrown).
    public func dynamicCheck(
        _ program: SOp, on input: [Value], causal: Bool = false
    ) throws -> (output: [Value?], errors: [RASPValidationError]) {
        var cache = EvaluationCache(input: input, causal: causal)
        return try dynamicCheck(program, cache: &cache)
    }

    /// ``dynamicCheck(_:on:causal:)`` reusing a cache of earlier evaluations on the same input:
    /// only Aggregates evaluated for the first time are checked.
    public func dynamicCheck(
        _ program: SOp, cache: inout EvaluationCache
    ) throws -> (output: [Value?], errors: [RASPValidationError]) {
        var findings: [(SOp, RASPValidationReason)] = []
        var reported: Set<ObjectIdentifier> = []
        let allowAnyMean = options.allowNumericalMeansOfAnyValues
        var run = Evaluator.Run(cache: cache)
        defer { cache = run.cache }
        run.aggregateObserver = { aggregate, matrix, values, _ in
            guard !reported.contains(aggregate.id) else { return }
            if aggregate.isCategorical {
                for row in matrix where Self.averagesDifferentValues(row: row, values: values) {
                    findings.append((aggregate, .categoricalAggregateAveraging))
                    reported.insert(aggregate.id)
                    return
                }
            } else if !allowAnyMean {
                let binary = values.allSatisfy { $0 == .int(0) || $0 == .int(1) }
                if !binary {
                    findings.append((aggregate, .numericalAggregateNonBinaryInput(values)))
                    reported.insert(aggregate.id)
                }
            }
        }
        let output = try run.guarded(root: .sop(program)) { try $0.sopValues(program) }
        if findings.isEmpty { return (output, []) }
        let graph = RASPGraph(program)
        return (output, findings.map { RASPValidationError(label: graph.label(of: $0.0), reason: $0.1) })
    }

    /// Whether a selector row selects two or more values that differ.
    private static func averagesDifferentValues(row: [Bool], values: [Value?]) -> Bool {
        var first: Value?? = .none
        for k in 0..<min(row.count, values.count) where row[k] {
            if case .some(let seen) = first {
                if seen != values[k] { return true }
            } else {
                first = .some(values[k])
            }
        }
        return false
    }

    /// All errors: static; then, when `vocabulary` and `maxSeqLen` are given and the static
    /// stage passed, value sets; then dynamic errors on each input.
    public func errors(
        _ program: SOp, vocabulary: [Value]? = nil, maxSeqLen: Int? = nil, inputs: [[Value]] = [],
        causal: Bool = false
    ) throws -> [RASPValidationError] {
        var errors = staticErrors(program)
        if errors.isEmpty, let vocabulary, let maxSeqLen {
            errors += valueSetErrors(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen)
        }
        if errors.isEmpty {
            for input in inputs {
                for error in try dynamicErrors(program, on: input, causal: causal) where !errors.contains(error) {
                    errors.append(error)
                }
            }
        }
        return errors
    }

    /// Throws ``RASPUnsupportedProgramError`` listing every error found by ``errors(_:vocabulary:maxSeqLen:inputs:causal:)``.
    public func validate(
        _ program: SOp, vocabulary: [Value]? = nil, maxSeqLen: Int? = nil, inputs: [[Value]] = [],
        causal: Bool = false
    ) throws {
        let found = try errors(program, vocabulary: vocabulary, maxSeqLen: maxSeqLen, inputs: inputs, causal: causal)
        if !found.isEmpty { throw RASPUnsupportedProgramError(errors: found) }
    }
}
