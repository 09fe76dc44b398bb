/// A Select predicate: a built-in ``Comparison`` or a custom function of **(key, query)**.
///
/// Custom predicates receive non-null values. On a null key or query the evaluator treats a
/// custom predicate as "not selected" — what compiled weights do, since a null value is the
/// zero vector — while a ``Comparison`` raises like Tracr's (§3, §19 item 4).
public enum Predicate: Sendable {
    /// A built-in comparison, `key OP query`.
    case comparison(Comparison)
    /// A custom predicate `(key, query) -> Bool`; `description` is shown in program listings.
    case custom(description: String, PredicateFunction)

    /// A custom predicate with a description such as `"q == k + 1"`.
    public static func custom(
        _ description: String = "custom", _ function: @escaping PredicateFunction
    ) -> Predicate {
        .custom(description: description, function)
    }

    /// Applies the predicate to non-null values.
    public func evaluate(key: Value, query: Value) throws -> Bool {
        switch self {
        case .comparison(let c): return try c.evaluate(key: key, query: query)
        case .custom(_, let f): return try f(key, query)
        }
    }

    /// The built-in comparison, if this is one.
    public var comparison: Comparison? {
        if case .comparison(let c) = self { return c }
        return nil
    }

    /// The comparison's Tracr name (`EQ`, …) or the custom description.
    public var displayName: String {
        switch self {
        case .comparison(let c): return c.tracrName
        case .custom(let d, _): return d
        }
    }
}

/// A custom Select predicate: `(key, query) -> Bool`. May throw (e.g. a Python `TypeError`).
public typealias PredicateFunction = @Sendable (_ key: Value, _ query: Value) throws -> Bool

/// A Map function. Returning `nil` yields RASP's `None`. Throwing an arithmetic
/// ``RASPValueError`` makes value-set inference skip that input (as Tracr does); any other
/// error aborts evaluation or compilation.
public typealias MapFunction = @Sendable (Value) throws -> Value?

/// A SequenceMap function of (fst, snd); see ``MapFunction`` for `nil` and errors.
public typealias SequenceMapFunction = @Sendable (Value, Value) throws -> Value?
