// The RASP constructors, named as in Tracr so programs read like Tracr's `lib.py`.
// swiftlint:disable identifier_name

/// The input tokens (primitive; label `tokens`, categorical only).
public let tokens = SOp(kind: .tokens)

/// The positions `0..<n` (primitive; label `indices`, categorical only).
public let indices = SOp(kind: .indices)

/// The input length at every position (primitive; label `length`). Evaluation only: Tracr
/// cannot compile it (validation rejects it); use the library's `makeLength()` instead.
public let length = SOp(kind: .length)

/// `f(x)` element-wise over `inner`; a null element stays null without calling `f`.
///
/// With `simplify` (the default), a Map over an unannotated Map is fused into one Map of the
/// composed function (Tracr's simplification; the composition keeps null-propagation between
/// the two functions). `simplify: false` keeps both nodes.
public func Map(_ f: @escaping MapFunction, _ inner: SOp, simplify: Bool = true) -> SOp {
    Map(f, inner, simplification: simplify ? .unlessInnerAnnotated : .never)
}

/// `f(x)` element-wise over `inner`, with an explicit simplification rule.
public func Map(_ f: @escaping MapFunction, _ inner: SOp, simplification: MapSimplification) -> SOp {
    if case .map(let g, let innerInner) = inner.kind {
        let fuse: Bool
        switch simplification {
        case .tracr: fuse = true
        case .never: fuse = false
        case .unlessInnerAnnotated: fuse = !inner.hasExplicitAnnotations
        }
        if fuse {
            let composed: MapFunction = { x in
                guard let y = try g(x) else { return nil }
                return try f(y)
            }
            return SOp(kind: .map(composed, inner: innerInner))
        }
    }
    return SOp(kind: .map(f, inner: inner))
}

/// `f(x, y)` element-wise over `fst` and `snd`; null if either element is null.
public func SequenceMap(_ f: @escaping SequenceMapFunction, _ fst: SOp, _ snd: SOp) -> SOp {
    SOp(kind: .sequenceMap(f, fst: fst, snd: snd))
}

/// `a·fst + b·snd` element-wise (compiles for numerical operands and output only).
public func LinearSequenceMap(_ fst: SOp, _ snd: SOp, _ a: Value, _ b: Value) -> SOp {
    SOp(kind: .linearSequenceMap(fst: fst, snd: snd, a: a, b: b))
}

/// `fill` at every position. Does not compile as a node; it is meaningful inside selector
/// simplification (a `Full` key or query matches any SOp).
public func Full(_ fill: Value) -> SOp {
    SOp(kind: .full(fill))
}

/// Fixed values (a testing aid; does not compile). With `checkLength`, evaluation on an input
/// of a different length fails.
public func ConstantSOp(_ values: [Value?], checkLength: Bool = true) -> SOp {
    SOp(kind: .constant(values, checkLength: checkLength))
}

/// Per query position, the number of keys the selector selects (an int).
public func SelectorWidth(_ selector: Selector) -> SOp {
    SOp(kind: .selectorWidth(selector))
}

/// Per query position, the values of `sop` at the selected keys: none selected → `default`;
/// exactly one → that value unchanged; several → their mean (numbers only).
///
/// To compile, a categorical Aggregate needs `default: nil` and must never average different
/// values; a numerical one needs `default: 0` and 0/1 inputs (§5). For the sum of the selected
/// values instead of their mean, use ``Sum(_:_:default:)``.
public func Aggregate(_ selector: Selector, _ sop: SOp, default defaultValue: Value? = nil) -> SOp {
    SOp(kind: .aggregate(selector, sop: sop, default: defaultValue))
}

/// Per query position, the **sum** of the values of `sop` at the selected keys — the
/// aggregation Tracr lacks (its issue #6: "Aggregate of all values without averaging").
///
/// * Nothing selected → `default`, which is 0 unless given (like a numerical Aggregate's
///   default; only 0 compiles).
/// * Otherwise `0 + v₁ + v₂ + …` in key order with Python arithmetic: ints and bools sum
///   to an int, any float makes the sum a float (`[True, True]` → `2`, `[1, 0.5]` → `1.5`).
/// * Every selected value must be a number (a null or a string is an evaluation error).
///
/// The result must be numerically encoded to compile: write `numerical(Sum(selector, values))`
/// (a categorical Sum is rejected by validation; Map the numerical sum to a categorical value
/// instead). `values` may be numerical or categorical, as long as every value it takes is a
/// number — `numerical(Sum(Select(indices, indices, .leq), tokens))` is the running total of
/// integer tokens. The compiled head is exact (to float32 rounding) for any numbers: see
/// `RASPModelCompiler`.
public func Sum(_ selector: Selector, _ sop: SOp, default defaultValue: Value? = .int(0)) -> SOp {
    SOp(kind: .sum(selector, sop: sop, default: defaultValue))
}

/// Python's `not x` element-wise (Tracr's `sop_not`); same as `~sop`.
public func sopNot(_ sop: SOp) -> SOp {
    Map({ x in Value.pythonNot(x) }, sop)
}
