import AltaTensors

/// Mutates a command line: a value replaced by an out-of-range, malformed or extreme one,
/// an argument dropped, repeated or swapped with its neighbour, or an unknown flag added.
enum ArgumentMutator {
    /// Values that break numeric and text options.
    static let values = [
        "-1", "0", "1", "-0", "007", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "2147483648", "1e3", "nan", "inf", "", "x", "--", "-", " ", "1,2", "0x10", "１",
    ]

    /// One mutation of `arguments` (the command name, first, is kept) and its description.
    static func mutate(_ arguments: [String], using rng: inout SplitMix64) -> (arguments: [String], change: String) {
        guard arguments.count > 1 else { return (arguments + ["--bogus"], "added --bogus") }
        var out = arguments
        let at = rng.int(in: 1...(arguments.count - 1))
        switch rng.int(in: 0...9) {
        case 0:
            out.remove(at: at)
            return (out, "dropped '\(arguments[at])'")
        case 1:
            out.insert(arguments[at], at: at)
            return (out, "repeated '\(arguments[at])'")
        case 2 where at + 1 < arguments.count:
            out.swapAt(at, at + 1)
            return (out, "swapped '\(arguments[at])' and '\(arguments[at + 1])'")
        case 3:
            out.insert("--no-such-option", at: at)
            return (out, "inserted --no-such-option")
        default:
            // Prefer an option's value (the argument after a `--name`).
            let valueSlots = (1..<arguments.count).filter { arguments[$0 - 1].hasPrefix("-") && !arguments[$0].hasPrefix("-") }
            let slot = valueSlots.isEmpty || rng.chance(0.2) ? at : valueSlots[rng.int(in: 0...(valueSlots.count - 1))]
            let value = values[rng.int(in: 0...(values.count - 1))]
            out[slot] = value
            return (out, "set argument \(slot) ('\(arguments[slot])') to '\(value)'")
        }
    }
}
