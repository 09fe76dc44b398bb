import AltaTensors
import Foundation

/// Mutates one value of a JSON document (a config.json or a safetensors header): out of
/// range, of the wrong type, missing, huge, NaN… Numbers JSON cannot spell in Swift
/// (NaN, 1e400, 2^64) are written as raw text.
struct JSONMutator {
    /// A position in the document: object keys and array indices.
    typealias Path = [PathComponent]

    enum PathComponent: CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case let .key(k): k
            case let .index(i): "[\(i)]"
            }
        }
    }

    /// Raw replacement texts for values JSONSerialization cannot produce.
    private static let rawValues = ["NaN", "Infinity", "-Infinity", "1e400", "18446744073709551616", "-9223372036854775809"]
    private static let rawMarker = "@@alta-fuzz-raw:"

    /// A replacement drawn from values chosen to break sizes, types and ranges.
    static func replacement(for old: Any, using rng: inout SplitMix64) -> Any {
        if let number = old as? NSNumber, rng.chance(0.4) {
            let v = number.int64Value
            let (doubled, overflow) = v.multipliedReportingOverflow(by: 2)
            let nearby: [Any] = [v &+ 1, v &- 1, 0 &- v, overflow ? Int64.max : doubled, v &* 1_000_003, 0.5 + number.doubleValue]
            return nearby[rng.int(in: 0...(nearby.count - 1))]
        }
        let pool: [Any] = [
            0, -1, 1, 2, -3, Int64.max, Int64.min, 1 << 53, 1 << 31, 1 << 62, 1.5, -1e308, 1e-45,
            "x", "", "relu", "looped", "stacked", "F32", "F16", "BF16", "F64", "I64", "U8", "BOOL", NSNull(), true, false, [Any](), [String: Any](), [-1], [Int64.max],
        ]
        if rng.chance(0.15) { return rawMarker + rawValues[rng.int(in: 0...(rawValues.count - 1))] }
        return pool[rng.int(in: 0...(pool.count - 1))]
    }

    /// Every path to a value in `root` (containers included, the root excluded).
    static func paths(in root: Any, prefix: Path = []) -> [Path] {
        var result: [Path] = []
        if let object = root as? [String: Any] {
            for key in object.keys.sorted() {
                let path = prefix + [.key(key)]
                result.append(path)
                result += paths(in: object[key]!, prefix: path)
            }
        } else if let array = root as? [Any] {
            for (i, element) in array.enumerated() {
                let path = prefix + [.index(i)]
                result.append(path)
                result += paths(in: element, prefix: path)
            }
        }
        return result
    }

    /// The value at `path`.
    static func value(in root: Any, at path: Path) -> Any? {
        var current: Any = root
        for component in path {
            switch component {
            case let .key(k):
                guard let next = (current as? [String: Any])?[k] else { return nil }
                current = next
            case let .index(i):
                guard let array = current as? [Any], i < array.count else { return nil }
                current = array[i]
            }
        }
        return current
    }

    /// `root` with the value at `path` replaced by `newValue` (removed when nil).
    static func setting(_ root: Any, at path: Path, to newValue: Any?) -> Any {
        guard let first = path.first else { return newValue ?? NSNull() }
        let rest = Array(path.dropFirst())
        switch first {
        case let .key(k):
            var object = root as? [String: Any] ?? [:]
            if rest.isEmpty {
                object[k] = newValue
            } else if let child = object[k] {
                object[k] = setting(child, at: rest, to: newValue)
            }
            return object
        case let .index(i):
            var array = root as? [Any] ?? []
            guard i < array.count else { return array }
            if rest.isEmpty {
                if let newValue { array[i] = newValue } else { array.remove(at: i) }
            } else {
                array[i] = setting(array[i], at: rest, to: newValue)
            }
            return array
        }
    }

    /// Serialises `root`, writing raw-marked strings as bare JSON text.
    static func encode(_ root: Any) -> Data {
        guard var text = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]))
            .map({ String(decoding: $0, as: UTF8.self) }) else { return Data("{".utf8) }
        for raw in rawValues {
            text = text.replacingOccurrences(of: "\"\(rawMarker)\(raw)\"", with: raw)
        }
        return Data(text.utf8)
    }

    /// One mutation of the JSON in `data` and its description; nil when `data` is not an
    /// object.
    static func mutate(_ data: Data, using rng: inout SplitMix64) -> (data: Data, change: String)? {
        guard let root = try? JSONSerialization.jsonObject(with: data), root is [String: Any] else { return nil }
        // Every field gets the same chance, however long its arrays: pick a field (array
        // indices ignored), then one of its positions.
        var fields: [String: [Path]] = [:]
        for path in paths(in: root) {
            let field = path.map { if case let .key(k) = $0 { k } else { "[]" } }.joined(separator: ".")
            fields[field, default: []].append(path)
        }
        let names = fields.keys.sorted()
        guard !names.isEmpty, let candidates = fields[names[rng.int(in: 0...(names.count - 1))]] else { return nil }
        let path = candidates[rng.int(in: 0...(candidates.count - 1))]
        let name = path.map(\.description).joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        let roll = rng.int(in: 0...9)
        if roll == 0 {
            return (encode(setting(root, at: path, to: nil)), "removed \(name)")
        }
        if roll == 1, let array = value(in: root, at: path) as? [Any], let first = array.first {
            return (encode(setting(root, at: path, to: array + [first])), "appended a copy of \(name)[0] to \(name)")
        }
        let old = value(in: root, at: path) ?? NSNull()
        let new = replacement(for: old, using: &rng)
        var shown = "\(new)"
        if let s = new as? String { shown = s.hasPrefix(rawMarker) ? String(s.dropFirst(rawMarker.count)) : "\"\(s)\"" }
        if new is NSNull { shown = "null" }
        return (encode(setting(root, at: path, to: new)), "set \(name) to \(shown)")
    }
}
