/// A vector given by its components along labelled directions (absent = 0).
///
/// Stored sparsely, so it is not tied to one space; ``project(onto:)`` keeps the
/// components of a space (Tracr's `VectorInBasis.project`).
public struct VectorInBasis: Sendable, Hashable, CustomStringConvertible {
    /// Non-zero components.
    public private(set) var components: [BasisDirection: Double]

    /// A vector from its components; zeros are dropped.
    public init(_ components: [BasisDirection: Double] = [:]) {
        self.components = components.filter { $0.value != 0 }
    }

    /// The unit vector of `direction`, scaled by `magnitude`.
    public static func basis(_ direction: BasisDirection, _ magnitude: Double = 1) -> VectorInBasis {
        VectorInBasis([direction: magnitude])
    }

    /// The zero vector.
    public static let zero = VectorInBasis()

    /// The component along `direction`.
    public subscript(direction: BasisDirection) -> Double {
        get { components[direction] ?? 0 }
        set {
            if newValue == 0 { components[direction] = nil } else { components[direction] = newValue }
        }
    }

    /// Whether every component is zero.
    public var isZero: Bool { components.isEmpty }

    /// The directions with non-zero components, sorted.
    public var support: [BasisDirection] { components.keys.sorted() }

    /// The components in `space` only.
    public func project(onto space: VectorSpace) -> VectorInBasis {
        VectorInBasis(components.filter { space.contains($0.key) })
    }

    /// The dense components along `space`'s basis.
    public func magnitudes(in space: VectorSpace) -> [Double] {
        space.basis.map { self[$0] }
    }

    /// Whether every non-zero component lies in `space`.
    public func lies(in space: VectorSpace) -> Bool {
        components.keys.allSatisfy(space.contains)
    }

    public static func + (lhs: VectorInBasis, rhs: VectorInBasis) -> VectorInBasis {
        var result = lhs
        for (d, v) in rhs.components { result[d] += v }
        return result
    }

    public static func - (lhs: VectorInBasis, rhs: VectorInBasis) -> VectorInBasis {
        lhs + (-1) * rhs
    }

    public static func * (scale: Double, vector: VectorInBasis) -> VectorInBasis {
        VectorInBasis(vector.components.mapValues { $0 * scale })
    }

    public static prefix func - (vector: VectorInBasis) -> VectorInBasis { (-1) * vector }

    public var description: String {
        "{" + support.map { "\($0): \(components[$0]!)" }.joined(separator: ", ") + "}"
    }
}
