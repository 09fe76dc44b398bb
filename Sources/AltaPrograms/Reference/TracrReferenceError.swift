/// Why `tracr_models.json` (or a table given in its place) cannot be read.
public enum TracrReferenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON of the table's shape.
    case malformed(String)
    /// An entry lacks a field (entry name, field).
    case missingField(String, String)
    /// A field has the wrong type (entry name, field, what it should be).
    case wrongType(String, String, expected: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read the Tracr reference table '\(path)': \(reason)"
        case let .malformed(reason): "tracr_models.json: \(reason)"
        case let .missingField(owner, field): "tracr_models.json: \(owner).\(field) is missing"
        case let .wrongType(owner, field, expected): "tracr_models.json: \(owner).\(field) is not \(expected)"
        }
    }
}
