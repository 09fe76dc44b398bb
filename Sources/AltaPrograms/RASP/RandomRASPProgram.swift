import AltaTensors
import RASP

/// A seeded random RASP program over a small vocabulary, for property tests that compare
/// compiled models with the reference evaluator.
///
/// Programs are random DAGs of categorical and numerical Maps (including operator sugar),
/// SequenceMaps, LinearSequenceMaps, Selects with every comparison and some custom predicates
/// (optionally composite selectors), SelectorWidths (categorical and numerical) and Aggregates
/// (categorical and numerical), and optionally Sums (``Options/allowSums``). Every program:
///
/// * passes ``RASPValidator`` (static, value-set and dynamic stages) with
///   ``validationOptions`` on every input in ``checkedInputs`` — all sequences of length
///   1…``maxSeqLen`` over the vocabulary, or a seeded sample when there are more than
///   ``Options/maxCheckedInputs`` — so categorical Aggregates never average different values
///   and numerical Aggregates average 0/1 values (unless
///   ``Options/allowNumericalMeansOfAnyValues``);
/// * evaluates without error on those inputs, and never feeds a null into a Select, a numerical
///   SOp or a mean (nulls only flow through categorical Maps, SequenceMaps and Aggregates);
/// * reads `tokens`, keeps categorical value sets small and numerical value sets bounded.
///
/// The same seed and options always give the same program (labels included).
public struct RandomRASPProgram: Sendable {
    /// What the generator may produce.
    public struct Options: Sendable, Hashable {
        /// The maximum sequence length.
        public var maxSeqLen: Int
        /// The vocabulary size range (letters or small integers are chosen at random).
        public var vocabularySize: ClosedRange<Int>
        /// How many operations (new SOps) a program has.
        public var operationCount: ClosedRange<Int>
        /// Whether the program is meant for a causal model (checked with the causal evaluator).
        public var causal: Bool
        /// Include composite selectors (SelectorAnd/Or/Not that do not simplify).
        public var allowCompositeSelectors: Bool
        /// Let numerical Aggregates average any numbers, not only 0/1.
        public var allowNumericalMeansOfAnyValues: Bool
        /// Let numerical→numerical/categorical Maps read numerical means (whose value sets are
        /// fine-grained fractions).
        public var allowNumericalMapsOverMeans: Bool
        /// Largest value set of a categorical SOp.
        public var maxCategoricalValues: Int
        /// Largest value set of a numerical SOp.
        public var maxNumericalValues: Int
        /// Check on every input when there are at most this many, else on this many sampled.
        public var maxCheckedInputs: Int
        /// Include `numerical(Sum(selector, values))` over any numeric, never-null values.
        /// Off by default, so programs generated without it stay the same for every seed.
        public var allowSums: Bool

        public init(
            maxSeqLen: Int = 5, vocabularySize: ClosedRange<Int> = 2...3, operationCount: ClosedRange<Int> = 2...6,
            causal: Bool = false, allowCompositeSelectors: Bool = false, allowNumericalMeansOfAnyValues: Bool = false,
            allowNumericalMapsOverMeans: Bool = false, maxCategoricalValues: Int = 16, maxNumericalValues: Int = 40,
            maxCheckedInputs: Int = 400, allowSums: Bool = false
        ) {
            self.maxSeqLen = maxSeqLen
            self.vocabularySize = vocabularySize
            self.operationCount = operationCount
            self.causal = causal
            self.allowCompositeSelectors = allowCompositeSelectors
            self.allowNumericalMeansOfAnyValues = allowNumericalMeansOfAnyValues
            self.allowNumericalMapsOverMeans = allowNumericalMapsOverMeans
            self.maxCategoricalValues = maxCategoricalValues
            self.maxNumericalValues = maxNumericalValues
            self.maxCheckedInputs = maxCheckedInputs
            self.allowSums = allowSums
        }

        /// The validation options these generator options correspond to.
        public var validationOptions: ValidationOptions {
            ValidationOptions(
                allowCompositeSelectors: allowCompositeSelectors,
                allowNumericalMeansOfAnyValues: allowNumericalMeansOfAnyValues)
        }
    }

    /// The seed.
    public let seed: UInt64
    /// The options used.
    public let options: Options
    /// The program's output SOp.
    public let program: SOp
    /// The vocabulary.
    public let vocabulary: [Value]
    /// The maximum sequence length.
    public var maxSeqLen: Int { options.maxSeqLen }
    /// Whether the program is meant for a causal model.
    public var causal: Bool { options.causal }
    /// The inputs the program was validated and evaluated on.
    public let checkedInputs: [[Value]]
    /// A readable listing, one line per node (`label = …`), operands first.
    public let listing: String
    /// The validation options the program satisfies.
    public var validationOptions: ValidationOptions { options.validationOptions }

    /// The program for `seed`.
    public static func generate(seed: UInt64, options: Options = Options()) -> RandomRASPProgram {
        var rng = SplitMix64(seed: seed)
        let vocabulary = makeVocabulary(&rng, sizes: options.vocabularySize)
        let inputs = makeInputs(&rng, vocabulary: vocabulary, options: options)
        var attempt = 0
        while true {
            attempt += 1
            // After many failed attempts fall back to a single operation, which always succeeds
            // (a table Map over tokens), so generation terminates for every seed.
            let count = attempt > 200 ? 1 : rng.int(in: options.operationCount)
            var builder = Builder(rng: rng, options: options, vocabulary: vocabulary, inputs: inputs)
            let output = builder.build(operations: count)
            rng = builder.rng
            if let output, let listing = builder.finalCheck(output) {
                return RandomRASPProgram(
                    seed: seed, options: options, program: output, vocabulary: vocabulary, checkedInputs: inputs,
                    listing: listing)
            }
        }
    }

    private static func makeVocabulary(_ rng: inout SplitMix64, sizes: ClosedRange<Int>) -> [Value] {
        let size = max(1, rng.int(in: sizes))
        switch rng.int(in: 0...2) {
        case 0: return (0..<size).map { Value.string(String(UnicodeScalar(UInt8(97 + $0 % 26)))) }
        case 1: return (0..<size).map { Value.int($0) }
        default: return (1...size).map { Value.int($0) }
        }
    }

    private static func makeInputs(_ rng: inout SplitMix64, vocabulary: [Value], options: Options) -> [[Value]] {
        let n = max(1, options.maxSeqLen)
        var total = 0
        var power = 1
        for _ in 1...n {
            power = power.multipliedReportingOverflow(by: vocabulary.count).partialValue
            total = total.addingReportingOverflow(power).partialValue
            if total > options.maxCheckedInputs || total < 0 { break }
        }
        if total > 0 && total <= options.maxCheckedInputs {
            var all: [[Value]] = [[]]
            var out: [[Value]] = []
            for _ in 1...n {
                all = all.flatMap { prefix in vocabulary.map { prefix + [$0] } }
                out += all
            }
            return out
        }
        return (0..<max(1, options.maxCheckedInputs)).map { i in
            let length = 1 + i % n
            return (0..<length).map { _ in vocabulary[rng.int(in: 0...(vocabulary.count - 1))] }
        }
    }
}

// MARK: - Builder

extension RandomRASPProgram {
    /// One attempt at building a program.
    struct Builder {
        var rng: SplitMix64
        let options: Options
        let vocabulary: [Value]
        let inputs: [[Value]]
        var pool: [Node] = []
        var descriptions: [ObjectIdentifier: String] = [:]
        /// Values of every admitted SOp on each checked input, so admitting a node only
        /// evaluates what is new.
        var caches: [EvaluationCache]

        /// An admitted SOp and what is known about it.
        struct Node {
            let sop: SOp
            /// Value set (Tracr basis order).
            let values: [Value]
            /// Whether it is null on some checked input.
            let nullable: Bool
            /// Whether it is (derived from) a numerical mean.
            let meanDerived: Bool

            var isNumeric: Bool { values.allSatisfy(\.isNumeric) }
            var isString: Bool {
                values.allSatisfy {
                    if case .string = $0 { return true }
                    return false
                }
            }
            var isBinary: Bool { values.allSatisfy { $0 == .int(0) || $0 == .int(1) } }
        }

        enum Operation: CaseIterable {
            case categoricalMap, sugarMap, categoricalToNumericalMap, numericalToNumericalMap
            case numericalToCategoricalMap, sequenceMap, linearSequenceMap, selectorWidth
            case categoricalAggregate, numericalAggregate, sum
        }

        init(rng: SplitMix64, options: Options, vocabulary: [Value], inputs: [[Value]]) {
            self.rng = rng
            self.options = options
            self.vocabulary = vocabulary
            self.inputs = inputs
            self.caches = inputs.map { EvaluationCache(input: $0, causal: options.causal) }
            descriptions[tokens.id] = "tokens"
            descriptions[indices.id] = "indices"
            pool = [
                Node(sop: tokens, values: Value.basisSorted(vocabulary), nullable: false, meanDerived: false),
                Node(
                    sop: indices, values: (0..<options.maxSeqLen).map { Value.int($0) }, nullable: false,
                    meanDerived: false),
            ]
        }

        /// Adds `operations` new SOps; returns the last one, or nil when the attempt failed.
        mutating func build(operations: Int) -> SOp? {
            var added = 0
            var failures = 0
            while added < operations {
                if failures > 40 { return nil }
                let operation = pickOperation()
                if let node = make(operation) {
                    pool.append(node)
                    added += 1
                } else {
                    failures += 1
                }
            }
            return pool.last?.sop
        }

        private mutating func pickOperation() -> Operation {
            let weights: [(Operation, Int)] = [
                (.categoricalMap, 3), (.sugarMap, 3), (.categoricalToNumericalMap, 2), (.numericalToNumericalMap, 1),
                (.numericalToCategoricalMap, 1), (.sequenceMap, 3), (.linearSequenceMap, 1), (.selectorWidth, 3),
                (.categoricalAggregate, 3), (.numericalAggregate, options.allowNumericalMeansOfAnyValues ? 3 : 2),
                // Weight 0 when off: the draw below is then the same as without this entry.
                (.sum, options.allowSums ? 3 : 0),
            ]
            var r = rng.int(in: 0...(weights.map(\.1).reduce(0, +) - 1))
            for (operation, weight) in weights {
                if r < weight { return operation }
                r -= weight
            }
            return .categoricalMap
        }

        // MARK: operand choice

        /// A node satisfying `filter`, biased towards the most recent one (for depth).
        private mutating func operand(_ filter: (Node) -> Bool) -> Node? {
            let candidates = pool.filter(filter)
            guard let last = candidates.last else { return nil }
            if rng.chance(0.6) { return last }
            return rng.pick(candidates)
        }

        private static func isCategorical(_ node: Node) -> Bool { node.sop.isCategorical }

        /// Numerical SOps a numerical Map or LinearSequenceMap may read.
        private var numericalSource: (Node) -> Bool {
            let overMeans = options.allowNumericalMapsOverMeans
            return { node in node.sop.isNumerical && !node.nullable && (!node.meanDerived || overMeans) }
        }

        // MARK: operations

        private mutating func make(_ operation: Operation) -> Node? {
            switch operation {
            case .categoricalMap:
                guard let x = operand(Self.isCategorical) else { return nil }
                let (f, text) = tableFunction(over: x.values, outputs: pickPool(numeric: false))
                return admit(Map(f, x.sop), description: "Map(\(text), \(label(x.sop)))", operands: [x])
            case .sugarMap:
                guard let x = operand(Self.isCategorical) else { return nil }
                return sugarMap(x)
            case .categoricalToNumericalMap:
                guard let x = operand({ Self.isCategorical($0) && !$0.nullable }) else { return nil }
                let (f, text) = tableFunction(over: x.values, outputs: pickPool(numeric: true))
                return admit(numerical(Map(f, x.sop)), description: "numerical(Map(\(text), \(label(x.sop))))", operands: [x])
            case .numericalToNumericalMap:
                let source = numericalSource
                guard let x = operand(source) else { return nil }
                let (f, text) = tableFunction(over: x.values, outputs: pickPool(numeric: true))
                return admit(
                    numerical(Map(f, x.sop, simplify: false)),
                    description: "numerical(Map(\(text), \(label(x.sop))))", operands: [x])
            case .numericalToCategoricalMap:
                let source = numericalSource
                guard let x = operand(source) else { return nil }
                let (f, text) = tableFunction(over: x.values, outputs: pickPool(numeric: false))
                return admit(
                    categorical(Map(f, x.sop, simplify: false)), description: "Map(\(text), \(label(x.sop)))",
                    operands: [x])
            case .sequenceMap:
                return sequenceMap()
            case .linearSequenceMap:
                let source = numericalSource
                guard let x = operand(source) ?? freshNumericalSource(binary: false) else { return nil }
                guard let y = operand({ source($0) && $0.sop !== x.sop }) ?? freshNumericalSource(binary: false)
                else { return nil }
                let coefficients: [Value] = [1, -1, 2, -2, 0.5]
                let a = rng.pick(coefficients) ?? 1
                let b = rng.pick(coefficients) ?? 1
                return admit(
                    numerical(LinearSequenceMap(x.sop, y.sop, a, b)),
                    description: "LinearSequenceMap(\(label(x.sop)), \(label(y.sop)), \(a.pythonRepr), \(b.pythonRepr))",
                    operands: [x, y])
            case .selectorWidth:
                guard let (selector, text, operands) = makeSelector() else { return nil }
                let width = SelectorWidth(selector)
                if rng.chance(0.3) {
                    return admit(numerical(width), description: "numerical(SelectorWidth(\(text)))", operands: operands)
                }
                return admit(width, description: "SelectorWidth(\(text))", operands: operands)
            case .categoricalAggregate:
                return categoricalAggregate()
            case .numericalAggregate:
                return numericalAggregate()
            case .sum:
                return sum()
            }
        }

        /// `numerical(Sum(selector, values))` over numeric values of either encoding.
        private mutating func sum() -> Node? {
            guard let (selector, text, selectorOperands) = makeSelector() else { return nil }
            var candidate = operand { !$0.nullable && $0.isNumeric }
            if candidate == nil || rng.chance(0.3) {
                candidate = freshNumericalSource(binary: false) ?? candidate
            }
            guard let summed = candidate else { return nil }
            return admit(
                numerical(Sum(selector, summed.sop)),
                description: "numerical(Sum(\(text), \(label(summed.sop))))", operands: selectorOperands + [summed])
        }

        private mutating func sugarMap(_ x: Node) -> Node? {
            let constant = rng.pick(x.values) ?? 0
            if x.isNumeric && !x.values.isEmpty {
                let c = Value.int(rng.int(in: 1...2))
                switch rng.int(in: 0...7) {
                case 0: return admit(x.sop + c, description: "\(label(x.sop)) + \(c)", operands: [x])
                case 1: return admit(x.sop - c, description: "\(label(x.sop)) - \(c)", operands: [x])
                case 2: return admit(c - x.sop, description: "\(c) - \(label(x.sop))", operands: [x])
                case 3: return admit(-1 * x.sop, description: "-1 * \(label(x.sop))", operands: [x])
                case 4: return admit(x.sop < constant, description: "\(label(x.sop)) < \(constant.pythonRepr)", operands: [x])
                case 5: return admit(x.sop >= constant, description: "\(label(x.sop)) >= \(constant.pythonRepr)", operands: [x])
                case 6: return admit(~x.sop, description: "~\(label(x.sop))", operands: [x])
                default: return admit(x.sop == constant, description: "\(label(x.sop)) == \(constant.pythonRepr)", operands: [x])
                }
            }
            if rng.chance(0.5) {
                return admit(x.sop != constant, description: "\(label(x.sop)) != \(constant.pythonRepr)", operands: [x])
            }
            return admit(x.sop == constant, description: "\(label(x.sop)) == \(constant.pythonRepr)", operands: [x])
        }

        private mutating func sequenceMap() -> Node? {
            guard let x = operand(Self.isCategorical), let y = operand({ Self.isCategorical($0) && $0.sop !== x.sop }) else {
                return nil
            }
            guard x.values.count * y.values.count <= 64 else { return nil }
            let text: String
            let f: SequenceMapFunction
            if x.isNumeric && y.isNumeric && rng.chance(0.6) {
                switch rng.int(in: 0...3) {
                case 0:
                    (f, text) = ({ a, b in try a + b }, "x + y")
                case 1:
                    (f, text) = ({ a, b in try a - b }, "x - y")
                case 2:
                    (f, text) = ({ a, b in try a.pythonLessThan(b) ? b : a }, "max(x, y)")
                default:
                    (f, text) = ({ a, b in .bool(a == b) }, "x == y")
                }
            } else {
                let pairs = x.values.flatMap { a in y.values.map { b in Value.tuple([a, b]) } }
                let (g, table) = tableFunction(over: pairs, outputs: pickPool(numeric: false))
                f = { a, b in try g(.tuple([a, b])) }
                text = table
            }
            return admit(
                SequenceMap(f, x.sop, y.sop), description: "SequenceMap(\(text), \(label(x.sop)), \(label(y.sop)))",
                operands: [x, y])
        }

        private mutating func categoricalAggregate() -> Node? {
            let selector: Selector
            let text: String
            var operands: [Node]
            let aggregated: Node
            switch rng.int(in: 0...3) {
            case 0:
                // Keys are positions and EQ: each query selects at most one key.
                guard let q = operand({ Self.isCategorical($0) && !$0.nullable && $0.isNumeric }),
                    let v = operand(Self.isCategorical)
                else { return nil }
                selector = Select(indices, q.sop, .eq)
                text = "Select(indices, \(label(q.sop)), EQ)"
                operands = [q]
                aggregated = v
            case 1:
                // A shift: q == k + offset.
                guard let v = operand(Self.isCategorical) else { return nil }
                let offset = rng.int(in: 1...2)
                let shift = Value.int(offset)
                selector = Select(indices, indices, description: "q == k + \(offset)") { k, q in q == (try k + shift) }
                text = "Select(indices, indices, q == k + \(offset))"
                operands = []
                aggregated = v
            case 2:
                // Keys equal to the query all carry the same keys-derived value.
                guard let k = operand({ Self.isCategorical($0) && !$0.nullable }),
                    let q = operand({ Self.isCategorical($0) && !$0.nullable })
                else { return nil }
                selector = Select(k.sop, q.sop, .eq)
                text = "Select(\(label(k.sop)), \(label(q.sop)), EQ)"
                operands = [q]
                aggregated = k
            default:
                // Any selector; kept only if it never averages different values.
                guard let (s, t, ops) = makeSelector(), let v = operand(Self.isCategorical) else { return nil }
                selector = s
                text = t
                operands = ops
                aggregated = v
            }
            operands.append(aggregated)
            return admit(
                Aggregate(selector, aggregated.sop), description: "Aggregate(\(text), \(label(aggregated.sop)))",
                operands: operands)
        }

        private mutating func numericalAggregate() -> Node? {
            guard let (selector, text, selectorOperands) = makeSelector() else { return nil }
            let allowAny = options.allowNumericalMeansOfAnyValues
            var candidate = operand { node in
                node.sop.isNumerical && !node.nullable && (allowAny ? node.isNumeric : node.isBinary)
            }
            if candidate == nil || (allowAny && rng.chance(0.5)) {
                candidate = freshNumericalSource(binary: !allowAny) ?? candidate
            }
            guard let aggregated = candidate else { return nil }
            return admit(
                numerical(Aggregate(selector, aggregated.sop, default: 0)),
                description: "numerical(Aggregate(\(text), \(label(aggregated.sop)), default=0))",
                operands: selectorOperands + [aggregated], meanDerived: true)
        }

        /// Admits a new numerical Map over a categorical SOp (0/1-valued when `binary`) and adds
        /// it to the pool.
        private mutating func freshNumericalSource(binary: Bool) -> Node? {
            guard let x = operand({ Self.isCategorical($0) && !$0.nullable }) else { return nil }
            let node: Node?
            if binary, let c = rng.pick(x.values) {
                node = admit(
                    numerical(Map({ v in .int(v == c ? 1 : 0) }, x.sop)),
                    description: "numerical(Map(1 if x == \(c.pythonRepr) else 0, \(label(x.sop))))", operands: [x])
            } else {
                let (f, text) = tableFunction(over: x.values, outputs: [0, 1, 2])
                node = admit(numerical(Map(f, x.sop)), description: "numerical(Map(\(text), \(label(x.sop))))", operands: [x])
            }
            if let node { pool.append(node) }
            return node
        }

        // MARK: selectors

        /// A random selector over categorical, never-null SOps, with its listing text.
        private mutating func makeSelector() -> (Selector, String, [Node])? {
            guard let (first, firstText, firstOperands) = makeSelect() else { return nil }
            if options.allowCompositeSelectors && rng.chance(0.25) {
                switch rng.int(in: 0...2) {
                case 0:
                    guard let (second, secondText, secondOperands) = makeSelect() else { return nil }
                    return (SelectorAnd(first, second), "SelectorAnd(\(firstText), \(secondText))", firstOperands + secondOperands)
                case 1:
                    guard let (second, secondText, secondOperands) = makeSelect() else { return nil }
                    return (SelectorOr(first, second), "SelectorOr(\(firstText), \(secondText))", firstOperands + secondOperands)
                default:
                    return (SelectorNot(first), "SelectorNot(\(firstText))", firstOperands)
                }
            }
            if rng.chance(0.15), case .select(let keys, let queries, _) = first.kind {
                // A combination over the same keys and queries, which simplifies to one Select.
                let comparison = rng.pick([Comparison.eq, .neq, .true, .false]) ?? .eq
                let other = Select(keys, queries, comparison)
                let otherText = "Select(same keys and queries, \(comparison.tracrName))"
                switch rng.int(in: 0...2) {
                case 0: return (first & other, "(\(firstText) & \(otherText))", firstOperands)
                case 1: return (first | other, "(\(firstText) | \(otherText))", firstOperands)
                default: return (~first, "~\(firstText)", firstOperands)
                }
            }
            return (first, firstText, firstOperands)
        }

        private mutating func makeSelect() -> (Selector, String, [Node])? {
            let usable: (Node) -> Bool = { $0.sop.isCategorical && !$0.nullable }
            guard let keys = operand(usable), let queries = operand(usable) else { return nil }
            let comparable = (keys.isNumeric && queries.isNumeric) || (keys.isString && queries.isString)
            let text = "\(label(keys.sop)), \(label(queries.sop))"
            if comparable && keys.isNumeric && rng.chance(0.15) {
                let offset = Value.int(rng.int(in: -1...1))
                let selector = Select(keys.sop, queries.sop, description: "k <= q + \(offset)") { k, q in
                    try k.pythonLessThanOrEqual(try q + offset)
                }
                return (selector, "Select(\(text), k <= q + \(offset))", [keys, queries])
            }
            let choices: [Comparison] = comparable ? Comparison.allCases : [.eq, .neq, .true, .false]
            let comparison = rng.pick(choices) ?? .eq
            return (Select(keys.sop, queries.sop, comparison), "Select(\(text), \(comparison.tracrName))", [keys, queries])
        }

        // MARK: functions

        private mutating func pickPool(numeric: Bool) -> [Value] {
            let pools: [[Value]] =
                numeric
                ? [[0, 1], [0, 1, 2, 3], [-1, 0, 1, 2], [0, 0.5, 1]]
                : [[0, 1, 2, 3], ["a", "b", "c"], [true, false], [-1, 0, 1, 2, 3]]
            return rng.pick(pools) ?? [0, 1]
        }

        /// A random table from `inputs` to values drawn from `outputs`.
        private mutating func tableFunction(over inputs: [Value], outputs: [Value]) -> (MapFunction, String) {
            var table: [Value: Value] = [:]
            var entries: [String] = []
            for input in inputs {
                let output = rng.pick(outputs) ?? 0
                table[input] = output
                entries.append("\(input.pythonRepr): \(output.pythonRepr)")
            }
            let frozen = table
            return ({ x in frozen[x] }, "{" + entries.joined(separator: ", ") + "}")
        }

        /// A placeholder `#n` for pool node n, replaced by its graph label in the listing.
        private func label(_ sop: SOp) -> String {
            pool.firstIndex { $0.sop === sop }.map { "#\($0)" } ?? sop.name
        }

        // MARK: checking

        /// Validates a new SOp (and everything under it) on every checked input.
        private mutating func admit(_ sop: SOp, description: String, operands: [Node], meanDerived: Bool? = nil) -> Node? {
            let validator = RASPValidator(options: options.validationOptions)
            // Static (a partial program may not read tokens yet).
            guard validator.staticErrors(sop).allSatisfy({ $0.reason == .missingTokens }) else { return nil }
            // Value sets.
            guard validator.valueSetErrors(sop, vocabulary: vocabulary, maxSeqLen: options.maxSeqLen).isEmpty
            else { return nil }
            let inference = ValueSetInference(
                vocabulary: vocabulary, maxSeqLen: options.maxSeqLen,
                meanRule: options.allowNumericalMeansOfAnyValues ? .exactAny : .exactBinary)
            guard let sets = try? inference.infer(sop), let values = sets.values(of: sop), !values.isEmpty else {
                return nil
            }
            let limit = sop.isNumerical ? options.maxNumericalValues : options.maxCategoricalValues
            guard values.count <= limit else { return nil }
            // Dynamic: no evaluation error, no averaging; record whether it can be null.
            var nullable = false
            for index in caches.indices {
                guard let (output, errors) = try? validator.dynamicCheck(sop, cache: &caches[index]), errors.isEmpty
                else { return nil }
                if output.contains(where: { $0 == nil }) { nullable = true }
            }
            // Nulls may only flow into categorical operations.
            if nullable && sop.isNumerical { return nil }
            descriptions[sop.id] = description
            return Node(
                sop: sop, values: values, nullable: nullable,
                meanDerived: meanDerived ?? operands.contains { $0.meanDerived })
        }

        /// The whole-program check; returns the listing, or nil to retry. Every node was checked
        /// dynamically on every input when admitted, so this re-runs the static and value-set
        /// stages on the whole program (which must now read tokens).
        func finalCheck(_ output: SOp) -> String? {
            let graph = RASPGraph(output)
            let validator = RASPValidator(options: options.validationOptions)
            guard (try? validator.errors(output, vocabulary: vocabulary, maxSeqLen: options.maxSeqLen))?.isEmpty == true
            else { return nil }
            var lines: [String] = []
            for expr in graph.topologicalOrder {
                guard let sop = expr.sop, sop.primitiveLabel == nil else { continue }
                let text = descriptions[sop.id] ?? sop.kind.tracrClassName
                lines.append("\(graph.label(of: sop)) = \(relabel(text, graph: graph))")
            }
            return lines.joined(separator: "\n")
        }

        /// Replaces the `#n` pool references of a description with graph labels.
        private func relabel(_ text: String, graph: RASPGraph) -> String {
            var out = ""
            var rest = Substring(text)
            while let hash = rest.firstIndex(of: "#") {
                out += rest[..<hash]
                let digits = rest[rest.index(after: hash)...].prefix { $0.isNumber }
                if let index = Int(digits), pool.indices.contains(index) {
                    let node = pool[index]
                    if let label = graph.labelIfPresent(node.sop.expr) {
                        out += label
                    } else {
                        // A Map fused into its user by Map simplification: show what it computed.
                        out += "(" + relabel(descriptions[node.sop.id] ?? node.sop.name, graph: graph) + ")"
                    }
                } else {
                    out += "#" + digits
                }
                rest = rest[rest.index(hash, offsetBy: 1 + digits.count)...]
            }
            return out + rest
        }
    }
}
