import ALTA
import AltaTensors

/// How to draw random user inputs for an example program: the generator, the length a
/// model must be compiled for to take them, and the layer cap they run with. A drawn input
/// is one the entry encodes (it meets the entry's input limits).
///
/// ```swift
/// var random = SplitMix64(seed: 1)
/// let text = try ALTALibrary.entry(named: "addition").randomInputs?.draw(using: &random)   // "4021+77"
/// ```
public struct ALTARandomInputs: Sendable {
    /// For a program without a position table, the length to compile a model for: at least
    /// the most tokens a drawn input encodes to; nil when the position table bounds the
    /// inputs.
    public let maxTokens: Int?
    /// A cap on layers for drawn inputs where the entry's own limit would not stop them
    /// (random SUBLEQ memories need not halt); nil runs the entry's limit.
    public let layerCap: Int?
    private let generate: @Sendable (inout SplitMix64) -> String

    /// Inputs drawn by `generate`.
    public init(maxTokens: Int? = nil, layerCap: Int? = nil, generate: @escaping @Sendable (inout SplitMix64) -> String) {
        self.maxTokens = maxTokens
        self.layerCap = layerCap
        self.generate = generate
    }

    /// One random input text.
    public func draw(using random: inout SplitMix64) -> String { generate(&random) }

    /// The layer limit for a drawn input of `tokenCount` tokens of `entry`.
    public func layerLimit(_ entry: ALTAProgramEntry, forTokenCount tokenCount: Int) -> ALTALayerLimit {
        guard let layerCap else { return entry.layerLimit(forTokenCount: tokenCount) }
        return .untilHalt(maxLayers: layerCap)
    }

    // MARK: - Generators

    /// Bit strings of 1...`maxBits` bits with at most `maxOnes` ones.
    static func bits(maxBits: Int, maxOnes: Int = .max, maxTokens: Int? = nil) -> ALTARandomInputs {
        ALTARandomInputs(maxTokens: maxTokens) { random in
            var ones = 0
            return String((0..<random.int(in: 1...maxBits)).map { _ -> Character in
                let bit = ones < maxOnes && random.int(in: 0...1) == 1
                if bit { ones += 1 }
                return bit ? "1" : "0"
            })
        }
    }

    /// Two numbers of 1...7 digits; compiled for 12-digit operands (the longest example).
    static let addition = ALTARandomInputs(maxTokens: 2 * 12 + 3) { random in
        func number() -> String {
            String((0..<random.int(in: 1...7)).map { _ in Character(String(random.int(in: 0...9))) })
        }
        return number() + "+" + number()
    }

    /// Memories of 3...16 cells holding −16...16; they need not halt, so they run at most
    /// 40 layers.
    static let subleq = ALTARandomInputs(layerCap: 40) { random in
        (0..<random.int(in: 3...ALTASubleq.cellCount))
            .map { _ in String(random.int(in: ALTASubleq.minValue...ALTASubleq.maxValue)) }
            .joined(separator: " ")
    }

    /// 1...15 distinct numbers of 1...15 in random order.
    static let sortUnique = ALTARandomInputs { random in
        var pool = Array(1...15)
        var chosen: [Int] = []
        for _ in 0..<random.int(in: 1...15) { chosen.append(pool.remove(at: random.int(in: 0...(pool.count - 1)))) }
        return chosen.map(String.init).joined(separator: " ")
    }
}
