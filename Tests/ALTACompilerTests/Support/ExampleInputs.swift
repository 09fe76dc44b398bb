import ALTA
import AltaPrograms
import AltaTensors

/// Random user inputs for the example programs of `ALTALibrary`, and how to compile and run
/// them in the tests.
enum ExampleInputs {
    /// A random input text for the library program `name`.
    static func random(for name: String, using rng: inout SplitMix64) -> String {
        func bits(_ count: Int, maxOnes: Int = .max) -> String {
            var ones = 0
            return String((0..<count).map { _ -> Character in
                let bit = ones < maxOnes && Bool.random(using: &rng)
                if bit { ones += 1 }
                return bit ? "1" : "0"
            })
        }
        switch name {
        case "parity_sequential_absolute", "sparse_parity_sequential_absolute":
            return bits(Int.random(in: 1...30, using: &rng))
        case "parity_sequential_relative", "sparse_parity_sequential_relative":
            return bits(Int.random(in: 1...20, using: &rng))
        case "parity_sum_mod_2", "parity_sum_mod_2_direct":
            return bits(Int.random(in: 1...40, using: &rng), maxOnes: 49)
        case "sparse_parity_sum_mod_2":
            return bits(Int.random(in: 1...60, using: &rng), maxOnes: 99)
        case "addition":
            func number() -> String {
                let digits = Int.random(in: 1...7, using: &rng)
                return String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
            }
            return number() + "+" + number()
        case "subleq":
            let cells = Int.random(in: 3...16, using: &rng)
            return (0..<cells).map { _ in String(Int.random(in: -16...16, using: &rng)) }.joined(separator: " ")
        case "sort_unique":
            let count = Int.random(in: 1...15, using: &rng)
            return Array((1...15).shuffled(using: &rng).prefix(count)).map(String.init).joined(separator: " ")
        default:
            return "1"
        }
    }

    /// The longest input (tokens) the tests generate for a program without a position table.
    static func maxLength(for name: String) -> Int? {
        switch name {
        case "parity_sequential_relative", "sparse_parity_sequential_relative": return 21
        case "parity_sum_mod_2", "parity_sum_mod_2_direct": return 41
        case "sparse_parity_sum_mod_2": return 61
        case "addition": return 2 * 12 + 3
        default: return nil
        }
    }

    /// The layer limit for `tokens`: the entry's, with random SUBLEQ programs capped (they need
    /// not halt).
    static func layerLimit(_ entry: ALTAProgramEntry, tokens: [Int], randomInput: Bool) -> ALTALayerLimit {
        if entry.name == "subleq" && randomInput { return .untilHalt(maxLayers: 40) }
        return entry.layerLimit(forTokenCount: tokens.count)
    }
}
