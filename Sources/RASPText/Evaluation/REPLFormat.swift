import RASP

/// S-op values printed the way the RASP REPL prints them (RASP-TEXT §10): `[1, 0.5, 0.667]`,
/// `[T]*4` when every value is equal (and there are at least two), floats rounded to 3
/// decimals, bools as `T`/`F`, strings unquoted; ``typeWord(_:)`` gives `ints`, `floats`,
/// `bools` or `strings`. A null (Tracr semantics only) prints as `None`.
public enum REPLFormat {
    /// `[v1, v2, …]` or `[v]*n`.
    public static func values(_ values: [Value?]) -> String {
        if values.count >= 2, let first = values.first, values.allSatisfy({ $0 == first }) {
            return "[\(element(first))]*\(values.count)"
        }
        return "[" + values.map(element).joined(separator: ", ") + "]"
    }

    /// The values with their type word: `[1, 0.5] (floats)`.
    public static func valuesWithType(_ values: [Value?]) -> String {
        "\(Self.values(values)) (\(typeWord(values)))"
    }

    /// One value as the REPL prints it.
    public static func element(_ value: Value?) -> String {
        guard let value else { return "None" }
        switch value {
        case .bool(let b): return b ? "T" : "F"
        case .int(let i): return String(i)
        case .float(let d):
            let rounded = (d * 1000).rounded(.toNearestOrEven) / 1000
            return rounded.isFinite ? "\(rounded)" : "\(d)"
        case .string(let s): return s
        case .tuple(let t): return "(" + t.map { element($0) }.joined(separator: ", ") + ")"
        }
    }

    /// `ints`, `floats`, `bools` or `strings` (a mix of ints and floats is `floats`).
    public static func typeWord(_ values: [Value?]) -> String {
        var kinds = Set<String>()
        for value in values {
            switch value {
            case .int?: kinds.insert("ints")
            case .float?: kinds.insert("floats")
            case .bool?: kinds.insert("bools")
            case .string?: kinds.insert("strings")
            case .tuple?: kinds.insert("tuples")
            case nil: kinds.insert("None")
            }
        }
        if kinds.contains("floats"), kinds.isSubset(of: ["ints", "floats", "bools"]) { return "floats" }
        if kinds == ["bools", "ints"] { return "ints" }
        return kinds.sorted().joined(separator: "/")
    }

    /// Whether the REPL accepts the sequence (RASP-TEXT §5.4): all strings, or numbers and
    /// bools (ints, floats and bools mix). Tuples only occur inside Alta's lowering of
    /// conditionals and are not checked.
    static func isSingleTyped(_ values: [Value?]) -> Bool {
        var strings = false
        var numbers = false
        for value in values {
            switch value {
            case .string?: strings = true
            case .int?, .float?, .bool?: numbers = true
            case .tuple?, nil: return true
            }
        }
        return !(strings && numbers)
    }
}
