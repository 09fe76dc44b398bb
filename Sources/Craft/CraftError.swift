/// Errors raised while building craft maps and blocks or assembling them into a model.
/// Each names the directions, spaces or layers involved.
public enum CraftError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two spaces that must not overlap share directions (a direct sum).
    case overlappingBases([BasisDirection])
    /// A vector or map uses a direction outside the space it must live in.
    case directionOutsideSpace(BasisDirection, space: String)
    /// Maps combined in series or parallel whose shapes or kinds do not fit.
    case incompatibleMaps(String)
    /// An assembly input that does not fit the blocks (residual, embeddings, output…).
    case invalidAssembly(String)

    public var description: String {
        switch self {
        case let .overlappingBases(directions):
            return "overlapping bases: \(directions.map(\.description).joined(separator: ", "))"
        case let .directionOutsideSpace(direction, space):
            return "direction '\(direction)' is not in \(space)"
        case let .incompatibleMaps(reason):
            return "incompatible maps: \(reason)"
        case let .invalidAssembly(reason):
            return "cannot assemble the model: \(reason)"
        }
    }
}
