import RASP

/// A composition of Map / SequenceMap / LinearSequenceMap / tuple functions over a list of
/// operand values (the leaves): what one fused MLP computes from its inputs.
indirect enum FusedTree: Sendable {
    case leaf(Int)
    case map(MapFunction, FusedTree)
    case binary(SequenceMapFunction, FusedTree, FusedTree)
    case tuple([FusedTree])

    /// The value for the given leaf values, with RASP's null propagation. Arithmetic errors
    /// give `nil` (the input "never occurs", as in value-set inference); other errors throw.
    func evaluate(_ leaves: [Value]) throws -> Value? {
        switch self {
        case let .leaf(i):
            return leaves[i]
        case let .map(f, inner):
            guard let x = try inner.evaluate(leaves) else { return nil }
            return try Self.guarded { try f(x) }
        case let .binary(f, a, b):
            guard let x = try a.evaluate(leaves), let y = try b.evaluate(leaves) else { return nil }
            return try Self.guarded { try f(x, y) }
        case let .tuple(parts):
            var values: [Value] = []
            for part in parts {
                guard let v = try part.evaluate(leaves) else { return nil }
                values.append(v)
            }
            return .tuple(values)
        }
    }

    private static func guarded(_ body: () throws -> Value?) throws -> Value? {
        do {
            return try body()
        } catch let error as RASPValueError where error.isArithmetic {
            return nil
        }
    }

    /// The same tree with leaf `i` renamed to `mapping[i]`.
    func remapped(_ mapping: [Int]) -> FusedTree {
        switch self {
        case let .leaf(i): .leaf(mapping[i])
        case let .map(f, inner): .map(f, inner.remapped(mapping))
        case let .binary(f, a, b): .binary(f, a.remapped(mapping), b.remapped(mapping))
        case let .tuple(parts): .tuple(parts.map { $0.remapped(mapping) })
        }
    }

    /// Whether the tree is a single function applied directly to the leaves in order
    /// (`f(leaf0)` or `f(leaf0, leaf1)`), i.e. one unfused Tracr step.
    var isSingleStep: Bool {
        switch self {
        case .leaf: true
        case let .map(_, inner): if case .leaf(0) = inner { true } else { false }
        case let .binary(_, a, b):
            if case .leaf(0) = a, case .leaf(1) = b { true } else { false }
        case let .tuple(parts): parts.enumerated().allSatisfy { i, p in if case let .leaf(j) = p { i == j } else { false } }
        }
    }
}

/// `Σ coefficient · node` over numerical nodes.
struct LinearForm: Sendable, Equatable {
    /// Terms in first-appearance order; no node twice, no zero coefficient.
    private(set) var terms: [(node: NodeID, coefficient: Double)] = []

    init() {}

    /// The form `1 · node`.
    init(_ node: NodeID) { terms = [(node, 1)] }

    /// `a · self + b · other`.
    func combined(_ a: Double, with other: LinearForm, _ b: Double) -> LinearForm {
        var out = LinearForm()
        for t in terms { out.add(t.node, a * t.coefficient) }
        for t in other.terms { out.add(t.node, b * t.coefficient) }
        return out
    }

    private mutating func add(_ node: NodeID, _ c: Double) {
        if let i = terms.firstIndex(where: { $0.node == node }) {
            terms[i].coefficient += c
            if terms[i].coefficient == 0 { terms.remove(at: i) }
        } else if c != 0 {
            terms.append((node, c))
        }
    }

    static func == (lhs: LinearForm, rhs: LinearForm) -> Bool {
        lhs.terms.count == rhs.terms.count
            && zip(lhs.terms, rhs.terms).allSatisfy { $0.node == $1.node && $0.coefficient == $1.coefficient }
    }
}

/// What one materialised MLP computes, in terms of materialised operand nodes.
enum MLPComputation: Sendable {
    /// A function of categorical operands (a lookup table over their value tuples).
    case lookup(leaves: [NodeID], tree: FusedTree)
    /// A linear combination of numerical operands.
    case linear(LinearForm)
    /// A function of one linear combination φ of numerical operands and of categorical
    /// operands `gates` (a discretising MLP per tuple of gate values); `domain` is the set
    /// of values φ takes; the tree reads the gates as leaves 0..<n and φ as leaf n.
    case scalar(gates: [NodeID], form: LinearForm, domain: [Value], tree: FusedTree)

    /// The materialised nodes read.
    var inputs: [NodeID] {
        switch self {
        case let .lookup(leaves, _): leaves
        case let .linear(form): form.terms.map(\.node)
        case let .scalar(gates, form, _, _): gates + form.terms.map(\.node)
        }
    }
}
