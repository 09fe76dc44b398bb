import AltaPrograms
import Foundation
import RASP

/// `tracr_models.json`, parsed once per test process.
enum TracrReference {
    struct Program: Sendable {
        let name: String
        let json: JSONValue
        var vocabulary: [Value] { (json["vocab"]?.array ?? []).compactMap { try? $0.raspValue() } }
        var maxSeqLen: Int { json["max_seq_len"]?.int ?? -1 }
        var causal: Bool { json["causal"]?.bool ?? false }
        var outputLabel: String { json["output_label"]?.string ?? "" }
        var residualLabels: [String] { (json["residual_labels"]?.array ?? []).compactMap(\.string) }
        var nodes: [JSONValue] { json["nodes"]?.array ?? [] }
        var examples: [JSONValue] { json["examples"]?.array ?? [] }
    }

    struct Loaded: Sendable {
        let root: JSONValue
        let programs: [Program]
        let unsupported: [JSONValue]
    }

    /// The parsed file (parsed once).
    static let shared: Result<Loaded, Error> = Result { try load() }

    static func load() throws -> Loaded {
        let data = try Data(contentsOf: LibraryResources.tracrModels)
        let root = try JSONValue.parse(Array(data))
        let programs = root.objectKeys.filter { !$0.hasPrefix("_") }.compactMap { name in
            root[name].map { Program(name: name, json: $0) }
        }
        return Loaded(root: root, programs: programs, unsupported: root["_unsupported"]?.array ?? [])
    }

    /// Exact Python-type equality of two output sequences.
    static func identical(_ a: [Value?], _ b: [Value?]) -> Bool {
        a.count == b.count
            && zip(a, b).allSatisfy { x, y in
                switch (x, y) {
                case (nil, nil): return true
                case (let x?, let y?): return x.isIdentical(to: y)
                default: return false
                }
            }
    }
}
