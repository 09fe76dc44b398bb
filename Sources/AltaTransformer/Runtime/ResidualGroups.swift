import AltaTensors

/// The residual dimensions grouped by variable: labels `name:value` share the group
/// `name` (a categorical variable, one-hot over its values); a bare label `name` is a
/// numerical variable of one dimension.
public struct ResidualGroups: Sendable, Equatable {
    /// One variable's dimensions.
    public struct Group: Sendable, Equatable {
        /// The variable name (the label before the first `:`).
        public let name: String
        /// `(value, dimension)` per categorical direction, in residual order; empty for a
        /// numerical variable.
        public let values: [(value: String, dimension: Int)]
        /// The dimension of a numerical variable.
        public let numericalDimension: Int?

        public static func == (lhs: Group, rhs: Group) -> Bool {
            lhs.name == rhs.name && lhs.numericalDimension == rhs.numericalDimension
                && lhs.values.map(\.value) == rhs.values.map(\.value)
                && lhs.values.map(\.dimension) == rhs.values.map(\.dimension)
        }

        /// All dimensions of the group.
        public var dimensions: [Int] { numericalDimension.map { [$0] } ?? values.map(\.dimension) }
    }

    /// Groups in order of first appearance.
    public let groups: [Group]

    /// Groups `labels` by variable.
    public init(labels: [String]) {
        var order: [String] = []
        var categorical: [String: [(String, Int)]] = [:]
        var numerical: [String: Int] = [:]
        for (dimension, label) in labels.enumerated() {
            let name: String
            if let colon = label.firstIndex(of: ":") {
                name = String(label[..<colon])
                categorical[name, default: []].append((String(label[label.index(after: colon)...]), dimension))
            } else {
                name = label
                numerical[name] = dimension
            }
            if !order.contains(name) { order.append(name) }
        }
        groups = order.map { name in
            Group(name: name, values: (categorical[name] ?? []).map { (value: $0.0, dimension: $0.1) },
                  numericalDimension: categorical[name] == nil ? numerical[name] : nil)
        }
    }

    /// The group named `name`.
    public func group(named name: String) -> Group? { groups.first { $0.name == name } }

    /// Decodes one position of a `[T, dModel]` residual for `group`: the value whose
    /// direction is largest (null when none reaches `OutputEncoder.nullThreshold`), or the
    /// number for a numerical variable.
    public func decode(_ group: Group, residual: Matrix, position: Int) -> OutputValue {
        if let dimension = group.numericalDimension {
            return .number(residual[position, dimension])
        }
        var best: (value: String, score: Float)? = nil
        for (value, dimension) in group.values {
            let score = residual[position, dimension]
            if best == nil || score > best!.score { best = (value, score) }
        }
        guard let best, best.score >= OutputEncoder.nullThreshold else { return .null }
        return .category(best.value)
    }
}
