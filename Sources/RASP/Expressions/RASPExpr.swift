/// Any RASP expression: an ``SOp`` or a ``Selector``. Equality and hashing are by identity,
/// so a `RASPExpr` can key a dictionary.
public enum RASPExpr: Sendable, Hashable, Identifiable {
    /// A sequence operation.
    case sop(SOp)
    /// A selector.
    case selector(Selector)

    /// The identity of the underlying object.
    public var id: ObjectIdentifier {
        switch self {
        case .sop(let s): return s.id
        case .selector(let s): return s.id
        }
    }

    /// The name (explicit or default).
    public var name: String {
        switch self {
        case .sop(let s): return s.name
        case .selector(let s): return s.name
        }
    }

    /// Operands in Tracr's order (§1.2).
    public var children: [RASPExpr] {
        switch self {
        case .sop(let s): return s.children
        case .selector(let s): return s.children
        }
    }

    /// Tracr's class name (`Map`, `Select`, `TokensType`, …).
    public var tracrClassName: String {
        switch self {
        case .sop(let s): return s.kind.tracrClassName
        case .selector(let s): return s.kind.tracrClassName
        }
    }

    /// The SOp, if this is one.
    public var sop: SOp? {
        if case .sop(let s) = self { return s }
        return nil
    }

    /// The selector, if this is one.
    public var selector: Selector? {
        if case .selector(let s) = self { return s }
        return nil
    }

    /// The encoding of an SOp; `nil` for selectors (Tracr raises `TypeError` there).
    public var encoding: Encoding? { sop?.encoding }

    /// The fixed label of a primitive SOp; `nil` otherwise.
    public var primitiveLabel: String? { sop?.primitiveLabel }

    public static func == (lhs: RASPExpr, rhs: RASPExpr) -> Bool { lhs.id == rhs.id }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
