import Foundation
import RASP

/// The reference figures of `tracr_models.json` (Tracr compiled in Python): sizes, labels,
/// timings and example outputs per program.
public struct TracrReference: Sendable {
    /// One example input with the reference outputs.
    public struct Example: Sendable {
        /// The input (without BOS).
        public let input: [Value]
        /// The RASP evaluator's output (causal evaluator for causal programs).
        public let raspOutput: [Value?]
        /// Tracr's compiled output.
        public let compiledOutput: [Value?]
        /// For padded examples, the number of PAD tokens appended.
        public let padding: Int
    }

    /// One program's record.
    public struct Program: Sendable {
        public let name: String
        public let vocabulary: [Value]
        public let maxSeqLen: Int
        public let causal: Bool
        public let layers: Int
        public let dModel: Int
        public let parameters: Int
        public let nonZeroParameters: Int
        public let headsPerLayer: [Int]
        public let mlpWidthPerLayer: [Int]
        public let residualLabels: [String]
        public let categoricalOutput: Bool
        /// Median warm compile time (s).
        public let compileTimeWarm: Double
        /// First compile in a fresh process (s).
        public let compileTimeFirstCall: Double
        /// Median jitted forward time on a [64, N+1] batch (ms).
        public let forwardBatch64: Double
        public let examples: [Example]
        public let paddedExamples: [Example]
    }

    /// The programs by name.
    public let programs: [String: Program]

    /// Reads the table; throws ``ReferenceError`` naming the field that is missing.
    public init(data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ReferenceError(description: "tracr_models.json: the top level is not an object")
        }
        var programs: [String: Program] = [:]
        for (name, raw) in root where !name.hasPrefix("_") {
            guard let record = raw as? [String: Any] else { continue }
            programs[name] = try Self.program(name, record)
        }
        self.programs = programs
    }

    /// Reads the table from a file.
    public init(contentsOf url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    /// A reference-table problem.
    public struct ReferenceError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private static func program(_ name: String, _ r: [String: Any]) throws -> Program {
        func field<T>(_ key: String, _ type: T.Type) throws -> T {
            guard let v = r[key] as? T else {
                throw ReferenceError(description: "tracr_models.json: \(name).\(key) is missing or has the wrong type")
            }
            return v
        }
        let rawRASP = { (example: [String: Any]) -> [Value?] in
            ((example["rasp_output"] as? [Any]) ?? []).map(value)
        }
        let examples = try field("examples", [[String: Any]].self)
        let unpadded = examples.map { e in
            Example(
                input: ((e["input"] as? [Any]) ?? []).compactMap(value), raspOutput: rawRASP(e),
                compiledOutput: ((e["compiled_output"] as? [Any]) ?? []).map(value), padding: 0)
        }
        // Padded examples carry no RASP output: it is that of the same input unpadded.
        let padded = ((r["padded_examples"] as? [[String: Any]]) ?? []).compactMap { e -> Example? in
            let input = ((e["input"] as? [Any]) ?? []).compactMap(value)
            guard let match = unpadded.first(where: { $0.input == input }) else { return nil }
            return Example(
                input: input, raspOutput: match.raspOutput,
                compiledOutput: ((e["compiled_output"] as? [Any]) ?? []).map(value),
                padding: (e["n_pad"] as? Int) ?? 0)
        }
        let forward = (r["forward"] as? [String: Any]) ?? [:]
        return Program(
            name: name,
            vocabulary: try field("vocab", [Any].self).compactMap(value),
            maxSeqLen: try field("max_seq_len", Int.self),
            causal: (r["causal"] as? Bool) ?? false,
            layers: try field("num_layers", Int.self),
            dModel: try field("d_model", Int.self),
            parameters: try field("param_count_total", Int.self),
            nonZeroParameters: try field("param_count_nonzero", Int.self),
            headsPerLayer: (r["heads_used_per_layer"] as? [Int]) ?? [],
            mlpWidthPerLayer: (r["mlp_hidden_used_per_layer"] as? [Int]) ?? [],
            residualLabels: try field("residual_labels", [String].self),
            categoricalOutput: (r["categorical_output"] as? Bool) ?? true,
            compileTimeWarm: (r["compile_time_warm_median_s"] as? Double) ?? .nan,
            compileTimeFirstCall: (r["compile_time_first_call_s"] as? Double) ?? .nan,
            forwardBatch64: (forward["jit_batch64_median_ms"] as? Double) ?? .nan,
            examples: unpadded, paddedExamples: padded)
    }

    /// A JSON scalar as a RASP value (`{"tuple": [...]}` as a tuple); `nil` for null.
    static func value(_ any: Any) -> Value? {
        switch any {
        case let n as NSNumber:
            // JSONSerialization marks booleans with type code "c", floats with "d"/"f".
            switch String(cString: n.objCType) {
            case "c", "B": return .bool(n.boolValue)
            case "d", "f": return .float(n.doubleValue)
            default: return .int(n.intValue)
            }
        case let s as String:
            return .string(s)
        case let d as [String: Any]:
            guard let elements = d["tuple"] as? [Any] else { return nil }
            return .tuple(elements.compactMap(value))
        default:
            return nil
        }
    }
}
