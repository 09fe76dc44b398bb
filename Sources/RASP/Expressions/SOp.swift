/// A sequence operation: a function from the input sequence to a sequence of values (§1.2).
///
/// SOps are immutable reference types: identity (``id``) distinguishes expressions, and a
/// program is the DAG reachable from its output SOp. Build them with the DSL — ``tokens``,
/// ``indices``, ``length``, ``Map(_:_:simplify:)``, ``SequenceMap(_:_:_:)``,
/// ``LinearSequenceMap(_:_:_:_:)``, ``Full(_:)``, ``ConstantSOp(_:checkLength:)``,
/// ``SelectorWidth(_:)``, ``Aggregate(_:_:default:)``, ``Sum(_:_:default:)`` — and the operator sugar (`tokens == "a"`,
/// `length - indices`, `-1 * hist`, `a & b`, `~a`).
///
/// Annotations are copied, never mutated: ``named(_:)``, ``numerical(_:)`` and
/// ``categorical(_:)`` return a new SOp with the same kind and children.
public final class SOp: Sendable, Identifiable {
    /// What the expression computes, with its operands.
    public let kind: SOpKind
    /// The name given with ``named(_:)``, or `nil` for the default name.
    public let explicitName: String?
    /// The encoding given with ``numerical(_:)``/``categorical(_:)``, or `nil` (categorical).
    public let explicitEncoding: Encoding?

    /// Creates an SOp; prefer the DSL functions, which apply Tracr's construction rules.
    public init(kind: SOpKind, name: String? = nil, encoding: Encoding? = nil) {
        self.kind = kind
        self.explicitName = name
        self.explicitEncoding = encoding
    }

    /// Stable identity, usable as a dictionary key for as long as the program is alive.
    public var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// The name: the explicit one, else Tracr's default for the kind (`map`, `aggregate`, …).
    public var name: String { explicitName ?? kind.defaultName }

    /// The encoding: the explicit one, else categorical.
    public var encoding: Encoding { explicitEncoding ?? .categorical }

    /// Whether the SOp is numerically encoded.
    public var isNumerical: Bool { encoding == .numerical }

    /// Whether the SOp is categorically encoded.
    public var isCategorical: Bool { encoding == .categorical }

    /// Whether a name or an encoding was set explicitly.
    public var hasExplicitAnnotations: Bool { explicitName != nil || explicitEncoding != nil }

    /// The operands in Tracr's order (§1.2).
    public var children: [RASPExpr] { kind.children }

    /// This SOp as a graph node.
    public var expr: RASPExpr { .sop(self) }

    /// The fixed label of a primitive (`tokens`, `indices`, `length`), which never takes an id;
    /// `nil` for every other kind.
    public var primitiveLabel: String? { kind.primitiveLabel }

    /// A copy with the given name (Tracr's `.named`). The label becomes `"\(name)_\(id)"`.
    public func named(_ name: String) -> SOp {
        SOp(kind: kind, name: name, encoding: explicitEncoding)
    }

    /// A copy with the given annotations merged in (new values win; `nil` keeps the old one).
    public func annotated(name: String? = nil, encoding: Encoding? = nil) -> SOp {
        SOp(kind: kind, name: name ?? explicitName, encoding: encoding ?? explicitEncoding)
    }

    /// Evaluates with the default (non-causal) evaluator.
    public func callAsFunction(_ input: [Value]) throws -> [Value?] {
        try Evaluator().evaluate(self, on: input)
    }
}

/// A numerically encoded copy of `sop` (Tracr's `rasp.numerical`).
public func numerical(_ sop: SOp) -> SOp { sop.annotated(encoding: .numerical) }

/// A categorically encoded copy of `sop` (Tracr's `rasp.categorical`).
public func categorical(_ sop: SOp) -> SOp { sop.annotated(encoding: .categorical) }
