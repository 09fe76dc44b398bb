/// The reference evaluator with Tracr's semantics (§2–§4), and its causal variant.
///
/// * Map/SequenceMap are null-propagating: a null operand yields null without calling `f`.
/// * Aggregate: nothing selected → the default (which may be null: nulls stay null, the
///   behaviour Tracr issue #25 asks the compiled model to reproduce); exactly one selected →
///   that value unchanged (a bool stays a bool); several → their arithmetic mean (a float) if
///   all are numbers, else an error.
/// * Sum: nothing selected → the default (0 unless given); otherwise `0 + v₁ + …` in key
///   order with Python arithmetic (ints and bools give an int, a float makes it a float); a
///   selected null or non-number is an error.
/// * Select: `M[q][k] = predicate(keys[k], queries[q])`. A ``Comparison`` raises on a null key
///   or query like Tracr; a custom predicate treats a null key or query as "not selected" (what
///   compiled weights do, since null is the zero vector).
/// * Causal (`causal: true`): every selector result is AND-ed with the lower-triangular mask
///   (query i sees keys 0...i), Tracr's `causal_eval`. The `length` primitive is unaffected.
///
/// Shared sub-expressions are evaluated once per call (Tracr recomputes them; with pure
/// functions the results are the same).
public struct Evaluator: Sendable {
    /// Whether selectors are masked causally.
    public var causal: Bool
    /// Tracr's aggregation rules (the default) or the RASP REPL's (``EvaluationSemantics``).
    public var semantics: EvaluationSemantics

    /// An evaluator; `causal: true` gives Tracr's causal evaluator, `semantics: .repl` the
    /// RASP REPL's aggregation rules.
    public init(causal: Bool = false, semantics: EvaluationSemantics = .tracr) {
        self.causal = causal
        self.semantics = semantics
    }

    /// The values of `sop` on `input` (null = `nil`).
    public func evaluate(_ sop: SOp, on input: [Value]) throws -> [Value?] {
        var run = Run(input: input, causal: causal, semantics: semantics)
        return try run.guarded(root: .sop(sop)) { try $0.sopValues(sop) }
    }

    /// The `[query][key]` matrix of `selector` on `input`.
    public func evaluate(_ selector: Selector, on input: [Value]) throws -> [[Bool]] {
        var run = Run(input: input, causal: causal, semantics: semantics)
        return try run.guarded(root: .selector(selector)) { try $0.selectorValues(selector) }
    }

    /// Evaluates the whole program and returns the value of every expression in it.
    public func trace(_ program: SOp, on input: [Value]) throws -> EvaluationTrace {
        var run = Run(input: input, causal: causal, semantics: semantics)
        let output = try run.guarded(root: .sop(program)) { try $0.sopValues(program) }
        return EvaluationTrace(
            graph: RASPGraph(program), output: output, sopValues: run.cache.sops.mapValues(\.values),
            selectorValues: run.cache.selectors.mapValues(\.matrix))
    }

    /// Evaluates `sop` on the cache's input, reusing (and extending) the values the cache holds
    /// from earlier evaluations — useful when many programs share sub-expressions. The cache's
    /// `causal` flag is used instead of this evaluator's.
    public func evaluate(_ sop: SOp, cache: inout EvaluationCache) throws -> [Value?] {
        var run = Run(cache: cache)
        run.semantics = semantics
        defer { cache = run.cache }
        return try run.guarded(root: .sop(sop)) { try $0.sopValues(sop) }
    }

    /// One evaluation: memo tables and the failing expression.
    struct Run {
        var cache: EvaluationCache
        var input: [Value] { cache.input }
        var causal: Bool { cache.causal }
        var semantics: EvaluationSemantics = .tracr
        /// Called after every Aggregate with (aggregate, selector matrix, aggregated values, output).
        var aggregateObserver: ((SOp, [[Bool]], [Value?], [Value?]) -> Void)?

        init(input: [Value], causal: Bool, semantics: EvaluationSemantics = .tracr) {
            self.cache = EvaluationCache(input: input, causal: causal)
            self.semantics = semantics
        }

        init(cache: EvaluationCache) {
            self.cache = cache
        }

        /// Runs `body`, turning an internal failure into a labelled ``RASPEvaluationError``.
        mutating func guarded<T>(root: RASPExpr, _ body: (inout Run) throws -> T) throws -> T {
            do {
                return try body(&self)
            } catch let failure as Failure {
                let graph = RASPGraph(expr: root)
                let label = graph.labelIfPresent(failure.expr) ?? failure.expr.name
                throw RASPEvaluationError(label: label, reason: failure.reason)
            }
        }

        struct Failure: Error {
            let expr: RASPExpr
            let reason: RASPEvaluationError.Reason
        }

        mutating func sopValues(_ sop: SOp) throws -> [Value?] {
            if let cached = cache.sops[sop.id], cached.sop === sop { return cached.values }
            let values = try computeSOp(sop)
            cache.sops[sop.id] = (sop, values)
            return values
        }

        mutating func selectorValues(_ selector: Selector) throws -> [[Bool]] {
            if let cached = cache.selectors[selector.id], cached.selector === selector { return cached.matrix }
            var matrix = try computeSelector(selector)
            if causal {
                for q in 0..<matrix.count where matrix[q].count > q + 1 {
                    for k in (q + 1)..<matrix[q].count { matrix[q][k] = false }
                }
            }
            cache.selectors[selector.id] = (selector, matrix)
            return matrix
        }

        private mutating func computeSOp(_ sop: SOp) throws -> [Value?] {
            let n = input.count
            switch sop.kind {
            case .tokens:
                return input
            case .indices:
                return (0..<n).map { .int($0) }
            case .length:
                return Array(repeating: .int(n), count: n)
            case .map(let f, let inner):
                let xs = try sopValues(inner)
                return try xs.map { x in
                    guard let x else { return nil }
                    do { return try f(x) } catch { throw functionFailure(sop, error) }
                }
            case .sequenceMap(let f, let fst, let snd):
                return try zipApply(sop, f, fst, snd)
            case .linearSequenceMap(let fst, let snd, let a, let b):
                return try zipApply(sop, SOpKind.linearFunction(a: a, b: b), fst, snd)
            case .full(let fill):
                return Array(repeating: fill, count: n)
            case .constant(let values, let checkLength):
                if checkLength && values.count != n {
                    throw Failure(expr: .sop(sop), reason: .constantLength(constant: values.count, input: n))
                }
                return values
            case .selectorWidth(let selector):
                let matrix = try selectorValues(selector)
                var out: [Value?] = []
                out.reserveCapacity(matrix.count)
                for row in matrix {
                    var width = 0
                    for isSelected in row where isSelected { width += 1 }
                    out.append(.int(width))
                }
                return out
            case .aggregate(let selector, let inner, let defaultValue):
                let matrix = try selectorValues(selector)
                let values = try sopValues(inner)
                let semantics = semantics
                let out = try Run.reduceSelected(matrix, values) {
                    try Run.mean($0, default: defaultValue, at: sop, semantics: semantics)
                }
                aggregateObserver?(sop, matrix, values, out)
                return out
            case .sum(let selector, let inner, let defaultValue):
                let matrix = try selectorValues(selector)
                let values = try sopValues(inner)
                return try Run.reduceSelected(matrix, values) { try Run.sum($0, default: defaultValue, at: sop) }
            }
        }

        /// The sum of the selected values: default for none, else `0 + v₁ + …` (Python's `sum`).
        /// Per query row of `matrix`, `reduce` of the values its row selects (in key order).
        static func reduceSelected(
            _ matrix: [[Bool]], _ values: [Value?], _ reduce: ([Value?]) throws -> Value?
        ) throws -> [Value?] {
            var out: [Value?] = []
            out.reserveCapacity(matrix.count)
            var selected: [Value?] = []
            for row in matrix {
                selected.removeAll(keepingCapacity: true)
                // Like Python's zip, stop at the shorter of the row and the values.
                for k in 0..<min(row.count, values.count) where row[k] { selected.append(values[k]) }
                out.append(try reduce(selected))
            }
            return out
        }

        static func sum(_ selected: [Value?], default defaultValue: Value?, at sop: SOp) throws -> Value? {
            if selected.isEmpty { return defaultValue }
            var total: Value = .int(0)
            for value in selected {
                guard let value, value.isNumeric else {
                    throw Failure(expr: .sop(sop), reason: .nonNumericSum(selected))
                }
                do {
                    total = try total + value
                } catch let error as RASPValueError {
                    throw Failure(expr: .sop(sop), reason: .function(error))
                }
            }
            return total
        }

        /// Tracr's `_mean`: default for none, the value itself for one, the mean of numbers.
        /// With the REPL's semantics an omitted (`nil`) default is 0 and bools are not numbers.
        static func mean(
            _ selected: [Value?], default defaultValue: Value?, at sop: SOp, semantics: EvaluationSemantics = .tracr
        ) throws -> Value? {
            if selected.isEmpty { return defaultValue ?? (semantics == .repl ? .int(0) : nil) }
            if selected.count == 1 { return selected[0] }
            var numbers: [Value] = []
            for value in selected {
                var isNumber = value?.isNumeric ?? false
                if semantics == .repl, case .bool? = value { isNumber = false }
                guard let value, isNumber else {
                    throw Failure(expr: .sop(sop), reason: .nonNumericMean(selected))
                }
                numbers.append(value)
            }
            do {
                var sum: Value = .int(0)
                for value in numbers { sum = try sum + value }
                return try sum / .int(numbers.count)
            } catch let error as RASPValueError {
                throw Failure(expr: .sop(sop), reason: .function(error))
            }
        }

        private mutating func computeSelector(_ selector: Selector) throws -> [[Bool]] {
            switch selector.kind {
            case .select(let keys, let queries, let predicate):
                let keyValues = try sopValues(keys)
                let queryValues = try sopValues(queries)
                var matrix: [[Bool]] = []
                matrix.reserveCapacity(queryValues.count)
                do {
                    for query in queryValues {
                        var row = [Bool](repeating: false, count: keyValues.count)
                        for k in 0..<keyValues.count {
                            switch predicate {
                            case .comparison(let comparison):
                                row[k] = try comparison(key: keyValues[k], query: query)
                            case .custom(_, let f):
                                if let key = keyValues[k], let query { row[k] = try f(key, query) }
                            }
                        }
                        matrix.append(row)
                    }
                } catch {
                    throw Failure(expr: .selector(selector), reason: .predicate(Run.valueError(error)))
                }
                return matrix
            case .constant(let matrix, let checkLength):
                if checkLength && matrix.count != input.count {
                    throw Failure(
                        expr: .selector(selector), reason: .constantLength(constant: matrix.count, input: input.count))
                }
                return matrix
            case .and(let a, let b):
                return try combine(selector, try selectorValues(a), try selectorValues(b)) { $0 && $1 }
            case .or(let a, let b):
                return try combine(selector, try selectorValues(a), try selectorValues(b)) { $0 || $1 }
            case .not(let inner):
                return try selectorValues(inner).map { row in row.map { !$0 } }
            }
        }

        private mutating func zipApply(
            _ sop: SOp, _ f: SequenceMapFunction, _ fst: SOp, _ snd: SOp
        ) throws -> [Value?] {
            let xs = try sopValues(fst)
            let ys = try sopValues(snd)
            return try zip(xs, ys).map { x, y in
                guard let x, let y else { return nil }
                do { return try f(x, y) } catch { throw functionFailure(sop, error) }
            }
        }

        private func combine(
            _ selector: Selector, _ a: [[Bool]], _ b: [[Bool]], _ op: (Bool, Bool) -> Bool
        ) throws -> [[Bool]] {
            guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else {
                throw Failure(expr: .selector(selector), reason: .selectorShapeMismatch)
            }
            return zip(a, b).map { rowA, rowB in zip(rowA, rowB).map(op) }
        }

        private func functionFailure(_ sop: SOp, _ error: Error) -> Failure {
            Failure(expr: .sop(sop), reason: .function(Run.valueError(error)))
        }

        static func valueError(_ error: Error) -> RASPValueError {
            if let valueError = error as? RASPValueError { return valueError }
            return .valueError(String(describing: error))
        }
    }
}

/// Evaluates `sop` on `input` with Tracr's semantics; `causal: true` masks every selector
/// causally (Tracr's `causal_eval`).
public func evaluate(_ sop: SOp, on input: [Value], causal: Bool = false) throws -> [Value?] {
    try Evaluator(causal: causal).evaluate(sop, on: input)
}

/// Evaluates `selector` on `input` to a `[query][key]` matrix.
public func evaluate(_ selector: Selector, on input: [Value], causal: Bool = false) throws -> [[Bool]] {
    try Evaluator(causal: causal).evaluate(selector, on: input)
}
