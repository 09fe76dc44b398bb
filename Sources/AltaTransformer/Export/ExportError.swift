import AltaTensors

/// Problems writing or reading an exported model folder; each names the file and the
/// field or tensor at fault.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    /// The folder or a file in it could not be read or written.
    case io(path: String, reason: String)
    /// `config.json` is missing a field or has one of the wrong type.
    case invalidConfig(field: String, reason: String)
    /// A tensor is missing from `model.safetensors`.
    case missingTensor(String)
    /// A tensor has the wrong shape.
    case tensorShape(name: String, expected: [Int], found: [Int])
    /// The weights file itself is malformed.
    case weights(String)
    /// A tensor holds NaN or an infinity (its first such element, row-major).
    case nonFiniteWeight(tensor: String, index: Int, value: Float)
    /// The model would need more memory than the limit allows.
    case memory(MemoryLimitError)
    /// The model the files describe is inconsistent.
    case model(ModelError)
    /// The export folder was refused or could not be written (the old one is unchanged).
    case folder(FolderWriteError)

    public var description: String {
        switch self {
        case let .io(path, reason): "\(path): \(reason)"
        case let .invalidConfig(field, reason): "config.json: field '\(field)' \(reason)"
        case let .missingTensor(name): "model.safetensors: tensor '\(name)' is missing"
        case let .tensorShape(name, expected, found):
            "model.safetensors: tensor '\(name)' has shape \(found), expected \(expected)"
        case let .weights(reason): "model.safetensors: \(reason)"
        case let .nonFiniteWeight(tensor, index, value):
            "model.safetensors: tensor '\(tensor)' holds \(value) at element \(index); weights must be finite"
        case let .memory(error): "\(error)"
        case let .model(error): "exported model: \(error)"
        case let .folder(error): error.description
        }
    }
}
