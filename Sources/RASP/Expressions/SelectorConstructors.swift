// Selector constructors and combinators, named as in Tracr.
// swiftlint:disable identifier_name

/// `M[q][k] = predicate(keys[k], queries[q])` — the predicate reads **(key, query)**.
public func Select(_ keys: SOp, _ queries: SOp, _ predicate: Predicate) -> Selector {
    Selector(kind: .select(keys: keys, queries: queries, predicate: predicate))
}

/// `Select` with a built-in comparison, meaning `key OP query`.
public func Select(_ keys: SOp, _ queries: SOp, _ comparison: Comparison) -> Selector {
    Select(keys, queries, .comparison(comparison))
}

/// `Select` with a custom predicate of `(key, query)`; `description` names it in listings.
public func Select(
    _ keys: SOp, _ queries: SOp, description: String = "custom",
    _ predicate: @escaping PredicateFunction
) -> Selector {
    Select(keys, queries, .custom(description: description, predicate))
}

/// A fixed `[query][key]` matrix (a testing aid; does not compile).
public func ConstantSelector(_ matrix: [[Bool]], checkLength: Bool = true) -> Selector {
    Selector(kind: .constant(matrix, checkLength: checkLength))
}

/// Element-wise AND; never simplified (use `&` or ``selectorAnd(_:_:simplify:)`` for that).
public func SelectorAnd(_ fst: Selector, _ snd: Selector) -> Selector {
    Selector(kind: .and(fst, snd))
}

/// Element-wise OR; never simplified.
public func SelectorOr(_ fst: Selector, _ snd: Selector) -> Selector {
    Selector(kind: .or(fst, snd))
}

/// Element-wise NOT; never simplified.
public func SelectorNot(_ inner: Selector) -> Selector {
    Selector(kind: .not(inner))
}

/// `~sel`: a Select with the negated predicate when `inner` is a Select (and `simplify`),
/// else a ``SelectorNot(_:)``.
public func selectorNot(_ inner: Selector, simplify: Bool = true) -> Selector {
    if simplify, case .select(let keys, let queries, let predicate) = inner.kind {
        let negated: PredicateFunction = { k, q in try !predicate.evaluate(key: k, query: q) }
        return Select(keys, queries, .custom(description: "not (\(predicate.displayName))", negated))
    }
    return SelectorNot(inner)
}

/// `fst & snd`: one Select with the combined predicate when both are Selects over the same keys
/// and queries (or a `Full` in either position), else a ``SelectorAnd(_:_:)``.
public func selectorAnd(_ fst: Selector, _ snd: Selector, simplify: Bool = true) -> Selector {
    if simplify, let merged = attemptSimplify(fst, snd, isAnd: true) { return merged }
    return SelectorAnd(fst, snd)
}

/// `fst | snd`: like ``selectorAnd(_:_:simplify:)`` with OR.
public func selectorOr(_ fst: Selector, _ snd: Selector, simplify: Bool = true) -> Selector {
    if simplify, let merged = attemptSimplify(fst, snd, isAnd: false) { return merged }
    return SelectorOr(fst, snd)
}

/// Tracr's `_attempt_simplify`: same rules, same order (§3).
private func attemptSimplify(_ fst: Selector, _ snd: Selector, isAnd: Bool) -> Selector? {
    guard case .select(let fstKeys, let fstQueries, let fstPredicate) = fst.kind,
        case .select(let sndKeys, let sndQueries, let sndPredicate) = snd.kind
    else { return nil }

    var p1: PredicateFunction = { k, q in try fstPredicate.evaluate(key: k, query: q) }
    var p2: PredicateFunction = { k, q in try sndPredicate.evaluate(key: k, query: q) }
    var commonKeys: SOp?
    var commonQueries: SOp?

    if case .full(let fill) = fstKeys.kind {
        commonKeys = sndKeys
        let p = p1
        p1 = { _, q in try p(fill, q) }
    }
    if case .full(let fill) = sndKeys.kind {
        commonKeys = fstKeys
        let p = p2
        p2 = { _, q in try p(fill, q) }
    }
    if case .full(let fill) = fstQueries.kind {
        commonQueries = sndQueries
        let p = p1
        p1 = { k, _ in try p(k, fill) }
    }
    if case .full(let fill) = sndQueries.kind {
        commonQueries = fstQueries
        let p = p2
        p2 = { k, _ in try p(k, fill) }
    }
    if fstKeys === sndKeys { commonKeys = fstKeys }
    if fstQueries === sndQueries { commonQueries = fstQueries }

    guard let keys = commonKeys, let queries = commonQueries else { return nil }
    let first = p1
    let second = p2
    let combined: PredicateFunction
    if isAnd {
        combined = { k, q in
            guard try first(k, q) else { return false }
            return try second(k, q)
        }
    } else {
        combined = { k, q in
            if try first(k, q) { return true }
            return try second(k, q)
        }
    }
    let description = "(\(fstPredicate.displayName)) \(isAnd ? "and" : "or") (\(sndPredicate.displayName))"
    return Select(keys, queries, .custom(description: description, combined))
}

extension Selector {
    /// `fst & snd` (simplifying, like Tracr's operator).
    public static func & (lhs: Selector, rhs: Selector) -> Selector { selectorAnd(lhs, rhs) }

    /// `fst | snd` (simplifying).
    public static func | (lhs: Selector, rhs: Selector) -> Selector { selectorOr(lhs, rhs) }

    /// `~sel` (simplifying).
    public static prefix func ~ (operand: Selector) -> Selector { selectorNot(operand) }

    /// `!sel`, the same as `~sel`.
    public static prefix func ! (operand: Selector) -> Selector { selectorNot(operand) }
}
