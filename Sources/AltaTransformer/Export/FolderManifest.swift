import Foundation

/// What an Alta-written folder holds.
public enum FolderKind: String, Codable, Sendable {
    /// A model export (`config.json`, `model.safetensors`, reference outputs, pictures).
    case model
    /// Pictures of a run (`residual-N.svg`, `attention-N.svg`).
    case pictures
    /// A trace dataset (`alta traces`: `traces.json` and safetensors shards).
    case traces
    /// A training run (`alta train`: checkpoint, loss curve, metrics).
    case training

    var phrase: String {
        switch self {
        case .model: "model export"
        case .pictures: "folder of pictures"
        case .traces: "trace dataset"
        case .training: "training run"
        }
    }

    var plural: String {
        switch self {
        case .model: "model exports"
        case .pictures: "pictures"
        case .traces: "trace datasets"
        case .training: "training runs"
        }
    }
}

/// `alta-files.json`, written last into every folder Alta writes: the files Alta put there.
/// It is how Alta recognises a folder it may replace, and which files in it are its own.
public struct FolderManifest: Codable, Equatable, Sendable {
    /// The manifest's file name.
    public static let fileName = "alta-files.json"

    /// The manifest's own format version.
    public var format_version: Int
    /// The program that wrote the folder.
    public var producer: String
    /// What the folder holds.
    public var kind: FolderKind
    /// The names of the files Alta wrote, sorted (the manifest itself excluded).
    public var files: [String]

    /// A manifest for `files` of `kind`, written by this version of Alta.
    public init(kind: FolderKind, files: [String]) {
        format_version = 1
        producer = AltaVersion.producer
        self.kind = kind
        self.files = files.sorted()
    }

    /// The manifest's JSON bytes.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// The manifest in `folder`, or nil when there is none or it is not Alta's.
    static func read(in folder: URL) -> FolderManifest? {
        let url = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url),
              let manifest = try? JSONDecoder().decode(FolderManifest.self, from: data),
              manifest.format_version == 1 else { return nil }
        return manifest
    }

    /// The files of an export written before Alta wrote manifests: `config.json` with an
    /// `alta` section, plus only the other files such an export held.
    static func legacyExport(in folder: URL, contents: [String]) -> FolderManifest? {
        let known: Set<String> = [TransformerModel.configFileName, TransformerModel.weightsFileName, ReferenceOutputs.fileName]
        guard contents.contains(TransformerModel.configFileName),
              contents.allSatisfy({ known.contains($0) || isLegacyPicture($0) }),
              let data = try? Data(contentsOf: folder.appendingPathComponent(TransformerModel.configFileName)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["alta"] is [String: Any] else { return nil }
        return FolderManifest(kind: .model, files: contents)
    }

    /// `residual-N.svg` or `attention-N.svg`.
    static func isLegacyPicture(_ name: String) -> Bool {
        for prefix in ["residual-", "attention-"] where name.hasPrefix(prefix) && name.hasSuffix(".svg") {
            let number = name.dropFirst(prefix.count).dropLast(4)
            return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber)
        }
        return false
    }
}
