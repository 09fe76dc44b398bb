/// Why `alta circuit check` could not check a circuit (a failed check is a
/// ``CircuitCheckReport`` with violations, not an error).
public enum CircuitCheckError: Error, Equatable, CustomStringConvertible {
    /// The folder has no `circuit.json`.
    case missingCircuit(folder: String)
    /// `circuit.json` could not be read or decoded.
    case unreadableCircuit(path: String, reason: String)
    /// `circuit.json` does not describe the model beside it.
    case invalidCircuit(path: String, reason: String)
    /// The model could not be loaded.
    case model(folder: String, reason: String)
    /// The model has no input tokens to sample inputs from.
    case noInputTokens
    /// A forward pass failed.
    case run(String)

    public var description: String {
        switch self {
        case let .missingCircuit(folder):
            "\(folder) has no \(GroundTruthCircuit.fileName) (`alta compile` writes one for RASP programs only)"
        case let .unreadableCircuit(path, reason):
            "cannot read \(path): \(reason)"
        case let .invalidCircuit(path, reason):
            "\(path): \(reason)"
        case let .model(folder, reason):
            "cannot load model folder \(folder): \(reason)"
        case .noInputTokens:
            "the model has no input tokens besides BOS and PAD to sample inputs from"
        case let .run(reason):
            "forward pass failed: \(reason)"
        }
    }
}
