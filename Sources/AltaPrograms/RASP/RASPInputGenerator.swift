import AltaTensors
import RASP

/// How a library RASP program's test inputs are drawn for a maximum length and vocabulary:
/// uniform random tokens at the ``lengths(maxSeqLen:)``, plus, for programs whose
/// interesting inputs are rare by chance, inputs built to exercise them (balanced Dyck
/// words, a planted pattern, distinct keys, a skewed or uniform sequence). Every input is
/// one the program's evaluator accepts.
///
/// ```swift
/// let entry = RASPLibrary.entry(named: "shuffle_dyck1")!
/// var random = SplitMix64(seed: 1)
/// let inputs = entry.inputs.draw(maxSeqLen: 6, vocabulary: entry.vocabulary, using: &random)
/// ```
public struct RASPInputGenerator: Sendable {
    /// What the generator draws, in words (e.g. `uniform random tokens`).
    public let summary: String
    private let generate: @Sendable (inout SplitMix64, Int, [Value]) -> [[Value]]

    /// A generator drawing with `generate(random, maxSeqLen, vocabulary)`.
    public init(summary: String, generate: @escaping @Sendable (inout SplitMix64, Int, [Value]) -> [[Value]]) {
        self.summary = summary
        self.generate = generate
    }

    /// Inputs for a maximum length and vocabulary (non-empty; at least one of the full length;
    /// none empty or longer than `maxSeqLen`).
    public func draw(maxSeqLen: Int, vocabulary: [Value], using random: inout SplitMix64) -> [[Value]] {
        guard maxSeqLen >= 1, !vocabulary.isEmpty else { return [] }
        return generate(&random, maxSeqLen, vocabulary)
    }

    /// The input lengths for a maximum length N: N four times, N − 1, N − 3, N/2 + 1, 2 and 1
    /// (those of at least 1).
    public static func lengths(maxSeqLen: Int) -> [Int] {
        [maxSeqLen, maxSeqLen, maxSeqLen, maxSeqLen, maxSeqLen - 1, maxSeqLen - 3, maxSeqLen / 2 + 1, 2, 1]
            .filter { $0 >= 1 && $0 <= maxSeqLen }
    }

    // MARK: - Generators

    /// Uniform random tokens at the ``lengths(maxSeqLen:)``.
    public static let uniform = RASPInputGenerator(summary: "uniform random tokens") { random, n, vocabulary in
        uniformInputs(&random, n, vocabulary)
    }

    /// Distinct tokens in random order (unique sort keys), at the lengths the vocabulary
    /// allows.
    public static let distinct = RASPInputGenerator(summary: "distinct tokens in random order") { random, n, vocabulary in
        lengths(maxSeqLen: n).map { length in
            var pool = vocabulary
            var chosen: [Value] = []
            for _ in 0..<min(length, pool.count) { chosen.append(pool.remove(at: random.int(in: 0...(pool.count - 1)))) }
            return chosen
        }
    }

    /// Uniform inputs plus balanced shuffle-Dyck words over the bracket `pairs` (e.g. `()`,
    /// `{}`) of the even lengths N, N − 2 and 2.
    public static func dyck(_ pairs: [String]) -> RASPInputGenerator {
        RASPInputGenerator(summary: "uniform random tokens and balanced words over \(pairs.joined(separator: " "))") { random, n, vocabulary in
            let even = n - n % 2
            let words = [even, even - 2, 2].filter { $0 >= 2 }.map { balancedWord(pairs, length: $0, &random) }
            return uniformInputs(&random, n, vocabulary) + words
        }
    }

    /// Uniform inputs plus one of the full length with `pattern` planted at a random place.
    public static func planted(_ pattern: [Value]) -> RASPInputGenerator {
        RASPInputGenerator(summary: "uniform random tokens and one with \(Value.pythonListRepr(pattern)) planted") { random, n, vocabulary in
            var input = uniformInputs(&random, n, vocabulary)[0]
            if n >= pattern.count {
                let at = random.int(in: 0...(n - pattern.count))
                input.replaceSubrange(at..<(at + pattern.count), with: pattern)
            }
            return uniformInputs(&random, n, vocabulary) + [input]
        }
    }

    /// Uniform inputs plus two (lengths N and N − 1) where most positions hold the first
    /// token, so that the others occur rarely.
    public static let skewed = RASPInputGenerator(summary: "uniform random tokens and mostly the first token") { random, n, vocabulary in
        let skewed = [n, n - 1].filter { $0 >= 1 }.map { length in
            (0..<length).map { _ in random.int(in: 0...7) == 0 ? vocabulary[random.int(in: 0...(vocabulary.count - 1))] : vocabulary[0] }
        }
        return uniformInputs(&random, n, vocabulary) + skewed
    }

    /// Uniform inputs plus one full-length input of the first token repeated.
    public static let withRepeatedToken = RASPInputGenerator(summary: "uniform random tokens and one token repeated") { random, n, vocabulary in
        uniformInputs(&random, n, vocabulary) + [Array(repeating: vocabulary[0], count: n)]
    }

    static func uniformInputs(_ random: inout SplitMix64, _ n: Int, _ vocabulary: [Value]) -> [[Value]] {
        lengths(maxSeqLen: n).map { length in (0..<length).map { _ in vocabulary[random.int(in: 0...(vocabulary.count - 1))] } }
    }

    /// A random balanced shuffle-Dyck word over `pairs` of even `length`.
    static func balancedWord(_ pairs: [String], length: Int, _ random: inout SplitMix64) -> [Value] {
        var open = Array(repeating: 0, count: pairs.count)
        var word: [Value] = []
        for step in 0..<length {
            let pending = open.reduce(0, +)
            let closing = pending == length - step || (pending > 0 && random.int(in: 0...1) == 0)
            let choices = closing ? open.indices.filter { open[$0] > 0 } : Array(pairs.indices)
            let p = choices[random.int(in: 0...(choices.count - 1))]
            open[p] += closing ? -1 : 1
            let bracket = closing ? pairs[p].unicodeScalars.last : pairs[p].unicodeScalars.first
            word.append(.string(bracket.map { String($0) } ?? ""))
        }
        return word
    }
}
