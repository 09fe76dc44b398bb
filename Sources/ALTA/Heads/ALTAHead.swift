/// A resolved attention head of a schema. All heads of a program run in every layer,
/// simultaneously, from the same pre-attention state.
///
/// At query position `i` the candidate key positions are all `j` (empty mask) or those with
/// `j − i ∈ relativeMask`; the selected ones are candidates whose key value is in the query
/// set (a categorical query `q` is `{q}`; a null query or key selects nothing).
/// * categorical head: exactly one selected → its value; zero or ≥ 2 → null;
/// * numerical head: mean of the selected values; none → null.
public struct ALTAHead: Sendable, Hashable, CustomStringConvertible {
    /// How the head aggregates.
    public enum Kind: Sendable, Hashable {
        /// Exactly one match → its value, otherwise null.
        case categorical
        /// Mean of the matches, none → null.
        case numerical
    }

    /// Index in `ALTASchema.heads`.
    public let index: Int
    /// Output variable name.
    public let output: String
    /// Query variable name (categorical or set).
    public let query: String
    /// Key variable name (categorical).
    public let key: String
    /// Value variable name (categorical or numerical).
    public let value: String
    /// Allowed offsets `j − i`, ascending; empty = all positions.
    public let relativeMask: [Int]
    /// Categorical or numerical aggregation (follows the value variable's kind).
    public let kind: Kind

    /// Creates a resolved head (normally done by `ALTASchema`).
    public init(index: Int, output: String, query: String, key: String, value: String,
                relativeMask: [Int], kind: Kind) {
        self.index = index
        self.output = output
        self.query = query
        self.key = key
        self.value = value
        self.relativeMask = relativeMask
        self.kind = kind
    }

    /// Whether position `j` is a candidate key for query position `i`.
    public func allows(query i: Int, key j: Int) -> Bool {
        relativeMask.isEmpty || relativeMask.contains(j - i)
    }

    public var description: String {
        let mask = relativeMask.isEmpty ? "" : ", mask: \(relativeMask)"
        return "\(output) = qkv(\(query), \(key), \(value)\(mask)) [\(kind)]"
    }
}
