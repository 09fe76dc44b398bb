/// A shape or value problem in tensor data that came from outside the program
/// (a file, a user's input), reported instead of trapping.
public enum TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The two operands of an operation have incompatible shapes.
    case shapeMismatch(operation: String, left: [Int], right: [Int])
    /// A buffer's element count does not match the shape it was given.
    case elementCountMismatch(shape: [Int], count: Int)
    /// A structural index (row offset, column index) is out of range or out of order.
    case invalidSparseStructure(String)
    /// A shape with a negative dimension, or whose element count does not fit in `Int`.
    case invalidShape([Int])

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, left, right):
            return "\(operation): incompatible shapes \(left) and \(right)"
        case let .elementCountMismatch(shape, count):
            return "shape \(shape) needs \(shape.reduce(1, *)) elements but \(count) were given"
        case let .invalidSparseStructure(reason):
            return "invalid sparse matrix: \(reason)"
        case let .invalidShape(shape):
            return "shape \(shape) has a negative dimension or more elements than can be counted"
        }
    }
}
