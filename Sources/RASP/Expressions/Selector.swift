/// A selector: a function from the input sequence to a boolean matrix indexed
/// `[query][key]` (§3). Build with ``Select(_:_:_:)``, ``ConstantSelector(_:checkLength:)`` and
/// the combinators `&`, `|`, `!`/`~` (which simplify to a single Select when Tracr does) or
/// ``SelectorAnd(_:_:)``, ``SelectorOr(_:_:)``, ``SelectorNot(_:)`` (which never simplify).
///
/// On macOS, `Selector` can clash with Objective-C's type when Foundation is imported; write
/// `RASP.Selector` there.
public final class Selector: Sendable, Identifiable {
    /// What the selector computes, with its operands.
    public let kind: SelectorKind
    /// The name given with ``named(_:)``, or `nil` for the default name.
    public let explicitName: String?

    /// Creates a selector; prefer the DSL functions.
    public init(kind: SelectorKind, name: String? = nil) {
        self.kind = kind
        self.explicitName = name
    }

    /// Stable identity, usable as a dictionary key for as long as the program is alive.
    public var id: ObjectIdentifier { ObjectIdentifier(self) }

    /// The name: the explicit one, else Tracr's default (`select`, `selector_and`, …).
    public var name: String { explicitName ?? kind.defaultName }

    /// The operands in Tracr's order: Select `[keys, queries]`, And/Or `[fst, snd]`,
    /// Not `[inner]`, constant `[]`.
    public var children: [RASPExpr] { kind.children }

    /// This selector as a graph node.
    public var expr: RASPExpr { .selector(self) }

    /// Whether this is a composite selector (And, Or, Not), which Tracr cannot compile.
    public var isComposite: Bool {
        switch kind {
        case .and, .or, .not: return true
        case .select, .constant: return false
        }
    }

    /// A copy with the given name.
    public func named(_ name: String) -> Selector {
        Selector(kind: kind, name: name)
    }

    /// A copy with the given name merged in (`nil` keeps the old one).
    public func annotated(name: String? = nil) -> Selector {
        Selector(kind: kind, name: name ?? explicitName)
    }

    /// Evaluates with the default (non-causal) evaluator to a `[query][key]` matrix.
    public func callAsFunction(_ input: [Value]) throws -> [[Bool]] {
        try Evaluator().evaluate(self, on: input)
    }
}

/// What a ``Selector`` computes.
public enum SelectorKind: Sendable {
    /// `M[q][k] = predicate(keys[k], queries[q])`.
    case select(keys: SOp, queries: SOp, predicate: Predicate)
    /// A fixed `[query][key]` matrix (a testing aid; does not compile).
    case constant([[Bool]], checkLength: Bool)
    /// Element-wise AND.
    case and(Selector, Selector)
    /// Element-wise OR.
    case or(Selector, Selector)
    /// Element-wise NOT.
    case not(Selector)

    /// Tracr's default name for this kind.
    public var defaultName: String {
        switch self {
        case .select: return "select"
        case .and: return "selector_and"
        case .or: return "selector_or"
        case .not: return "selector_not"
        case .constant: return "constant_selector"
        }
    }

    /// Tracr's class name (`Select`, `SelectorAnd`, …).
    public var tracrClassName: String {
        switch self {
        case .select: return "Select"
        case .and: return "SelectorAnd"
        case .or: return "SelectorOr"
        case .not: return "SelectorNot"
        case .constant: return "ConstantSelector"
        }
    }

    /// Operands in Tracr's order.
    public var children: [RASPExpr] {
        switch self {
        case .select(let keys, let queries, _): return [.sop(keys), .sop(queries)]
        case .constant: return []
        case .and(let a, let b), .or(let a, let b): return [.selector(a), .selector(b)]
        case .not(let inner): return [.selector(inner)]
        }
    }
}
