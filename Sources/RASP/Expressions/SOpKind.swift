/// What an ``SOp`` computes (§2), with its operands and functions.
public enum SOpKind: Sendable {
    /// The input tokens (primitive; label `tokens`).
    case tokens
    /// The positions 0..<n (primitive; label `indices`).
    case indices
    /// The input length n at every position (primitive; label `length`). Evaluation only:
    /// it has no compiled form — use the library's `makeLength()`.
    case length
    /// `f(x)` element-wise, null-propagating.
    case map(MapFunction, inner: SOp)
    /// `f(x, y)` element-wise over two SOps, null if either is null.
    case sequenceMap(SequenceMapFunction, fst: SOp, snd: SOp)
    /// `a·x + b·y` element-wise (Python arithmetic on the coefficients, so ints stay ints).
    case linearSequenceMap(fst: SOp, snd: SOp, a: Value, b: Value)
    /// `fill` at every position. Does not compile as a node; meaningful inside selector
    /// simplification.
    case full(Value)
    /// Fixed values (a testing aid; does not compile). With `checkLength`, evaluating on an
    /// input of another length is an error.
    case constant([Value?], checkLength: Bool)
    /// Per query, the number of selected keys.
    case selectorWidth(Selector)
    /// Per query, the selected values of `sop`: none → `default`, one → that value, several
    /// → their mean (numbers only).
    case aggregate(Selector, sop: SOp, default: Value?)
    /// Per query, the sum of the selected values of `sop` (numbers only): none → `default`
    /// (0 unless given). Not in Tracr (its issue #6); see ``Sum(_:_:default:)``.
    case sum(Selector, sop: SOp, default: Value?)

    /// Tracr's default name for this kind (§1.3).
    public var defaultName: String {
        switch self {
        case .tokens: return "tokens"
        case .indices: return "indices"
        case .length: return "length"
        case .linearSequenceMap: return "linear_sequence_map"
        case .sequenceMap: return "sequence_map"
        case .map: return "map"
        case .full: return "full"
        case .constant: return "constant_sop"
        case .selectorWidth: return "selector_width"
        case .aggregate: return "aggregate"
        case .sum: return "sum"
        }
    }

    /// Tracr's class name (`Map`, `TokensType`, …), as in `tracr_models.json`.
    public var tracrClassName: String {
        switch self {
        case .tokens: return "TokensType"
        case .indices: return "IndicesType"
        case .length: return "LengthType"
        case .linearSequenceMap: return "LinearSequenceMap"
        case .sequenceMap: return "SequenceMap"
        case .map: return "Map"
        case .full: return "Full"
        case .constant: return "ConstantSOp"
        case .selectorWidth: return "SelectorWidth"
        case .aggregate: return "Aggregate"
        case .sum: return "Sum"
        }
    }

    /// The fixed label of a primitive; `nil` for other kinds.
    public var primitiveLabel: String? {
        switch self {
        case .tokens: return "tokens"
        case .indices: return "indices"
        case .length: return "length"
        default: return nil
        }
    }

    /// Operands in Tracr's order: Map `[inner]`; (Linear)SequenceMap `[fst, snd]`;
    /// Aggregate and Sum `[selector, sop]`; SelectorWidth `[selector]`; primitives and constants `[]`.
    public var children: [RASPExpr] {
        switch self {
        case .tokens, .indices, .length, .full, .constant: return []
        case .map(_, let inner): return [.sop(inner)]
        case .sequenceMap(_, let fst, let snd): return [.sop(fst), .sop(snd)]
        case .linearSequenceMap(let fst, let snd, _, _): return [.sop(fst), .sop(snd)]
        case .selectorWidth(let selector): return [.selector(selector)]
        case .aggregate(let selector, let sop, _): return [.selector(selector), .sop(sop)]
        case .sum(let selector, let sop, _): return [.selector(selector), .sop(sop)]
        }
    }

    /// The element-wise binary function of a SequenceMap or LinearSequenceMap
    /// (for a LinearSequenceMap, `a·x + b·y` with Python arithmetic); `nil` for other kinds.
    public var binaryFunction: SequenceMapFunction? {
        switch self {
        case .sequenceMap(let f, _, _): return f
        case .linearSequenceMap(_, _, let a, let b): return SOpKind.linearFunction(a: a, b: b)
        default: return nil
        }
    }

    /// `(x, y) ↦ a·x + b·y` with Python arithmetic (Tracr's LinearSequenceMap function).
    public static func linearFunction(a: Value, b: Value) -> SequenceMapFunction {
        { x, y in try a * x + b * y }
    }
}
