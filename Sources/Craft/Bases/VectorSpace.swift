import PythonValues

/// A vector space with a labelled basis.
///
/// The default initialiser sorts the basis with Tracr's order and drops duplicates, as
/// `VectorSpaceWithBasis` does; ``init(ordered:)`` keeps a given order (ALTA lays its
/// residual out in variable order).
public struct VectorSpace: Sendable, Hashable, CustomStringConvertible {
    /// The basis directions, in order.
    public let basis: [BasisDirection]
    private let indexByDirection: [BasisDirection: Int]
    /// Whether the basis is in Tracr's sorted order (false for ``init(ordered:)``).
    public let isSorted: Bool

    /// The space spanned by `directions`, sorted, duplicates dropped.
    public init<S: Sequence>(_ directions: S) where S.Element == BasisDirection {
        let unique = Array(Set(directions)).sorted()
        self.init(sortedUnique: unique)
    }

    /// The space spanned by `directions`, which are already in Tracr's sorted order with no
    /// duplicates (checked in one pass, so large generated bases skip the sort).
    public init(ascending directions: [BasisDirection]) throws(CraftError) {
        for i in directions.indices.dropFirst() where !(directions[i - 1] < directions[i]) {
            throw .invalidAssembly(
                "basis directions '\(directions[i - 1])' and '\(directions[i])' are not in ascending order")
        }
        self.init(sortedUnique: directions)
    }

    private init(sortedUnique basis: [BasisDirection]) {
        self.basis = basis
        self.indexByDirection = Dictionary(uniqueKeysWithValues: basis.enumerated().map { ($1, $0) })
        self.isSorted = true
    }

    /// The space with exactly this basis order; duplicates are an error.
    public init(ordered directions: [BasisDirection]) throws(CraftError) {
        var index: [BasisDirection: Int] = [:]
        var duplicates: [BasisDirection] = []
        for (i, d) in directions.enumerated() {
            if index[d] != nil { duplicates.append(d) } else { index[d] = i }
        }
        guard duplicates.isEmpty else { throw .overlappingBases(duplicates) }
        self.basis = directions
        self.indexByDirection = index
        self.isSorted = false
    }

    /// The zero-dimensional space.
    public static let empty = VectorSpace([])

    /// The categorical space `name:v` for every value.
    public static func categorical<S: Sequence>(_ name: String, values: S) -> VectorSpace
    where S.Element == Value {
        VectorSpace(values.map { BasisDirection(name, $0) })
    }

    /// The one-direction space of `direction`.
    public init(_ direction: BasisDirection) { self.init([direction]) }

    /// Sorted union of `spaces` (overlaps allowed): Tracr's `join_vector_spaces`.
    public static func join(_ spaces: [VectorSpace]) -> VectorSpace {
        let parts = spaces.filter { !$0.isEmpty }
        if parts.count == 1, parts[0].isSorted { return parts[0] }
        guard parts.allSatisfy(\.isSorted) else { return VectorSpace(parts.flatMap(\.basis)) }
        // Merge the sorted bases pairwise (cheaper than sorting the union again).
        var merged = parts.first?.basis ?? []
        for part in parts.dropFirst() {
            var out: [BasisDirection] = []
            out.reserveCapacity(merged.count + part.count)
            var i = 0
            var j = 0
            let other = part.basis
            while i < merged.count || j < other.count {
                if j == other.count || (i < merged.count && merged[i] < other[j]) {
                    out.append(merged[i])
                    i += 1
                } else if i == merged.count || other[j] < merged[i] {
                    out.append(other[j])
                    j += 1
                } else if merged[i] == other[j] {
                    out.append(merged[i])  // the same direction: keep one
                    i += 1
                    j += 1
                } else {
                    out.append(merged[i])  // distinct but unordered (same printed label)
                    i += 1
                }
            }
            merged = out
        }
        return VectorSpace(sortedUnique: merged)
    }

    /// Sorted union of `spaces`, which must not overlap: Tracr's `direct_sum`.
    public static func directSum(_ spaces: [VectorSpace]) throws(CraftError) -> VectorSpace {
        var seen = Set<BasisDirection>()
        var overlap: [BasisDirection] = []
        for space in spaces {
            for d in space.basis where !seen.insert(d).inserted { overlap.append(d) }
        }
        guard overlap.isEmpty else { throw .overlappingBases(overlap) }
        return VectorSpace(seen)
    }

    /// Number of dimensions.
    public var count: Int { basis.count }
    /// Whether the space has no dimensions.
    public var isEmpty: Bool { basis.isEmpty }

    /// Whether `direction` is a basis direction.
    public func contains(_ direction: BasisDirection) -> Bool { indexByDirection[direction] != nil }

    /// The position of `direction` in the basis.
    public func index(of direction: BasisDirection) -> Int? { indexByDirection[direction] }

    /// Whether every basis direction of `self` is in `other`.
    public func isSubspace(of other: VectorSpace) -> Bool {
        basis.allSatisfy(other.contains)
    }

    /// Directions of `self` that are not in `other`.
    public func subtracting(_ other: VectorSpace) -> [BasisDirection] {
        basis.filter { !other.contains($0) }
    }

    /// The printed basis, one label per dimension.
    public var labels: [String] { basis.map(\.description) }

    public var description: String { "[" + labels.joined(separator: ", ") + "]" }

    public static func == (lhs: VectorSpace, rhs: VectorSpace) -> Bool { lhs.basis == rhs.basis }

    public func hash(into hasher: inout Hasher) { hasher.combine(basis) }
}
