import ALTA
import AltaPrograms
import AltaTransformer

/// An ALTA library program as an end-to-end classification task: input tokens in, the
/// output value at every position the program's text decoding reads out (e.g. the last
/// position for parity, every position but END for addition), from the interpreter. A
/// trained `SequenceTransformer` is scored the way `LearnedMLPModel` is: its predicted
/// values, decoded by the program's text decoding, must give the interpreter's output text.
///
/// ```swift
/// let task = try EndToEndTask(entry: entry)
/// let data = try task.dataset(["1", "01", "110"])
/// ```
public struct EndToEndTask: Sendable {
    /// The library program.
    public let entry: ALTAProgramEntry
    /// The program the interpreter runs.
    public let program: ALTAProgram
    /// Output classes by index: the values the text decoding accepts, sorted.
    public let classes: [String]
    /// One interpreter for every example (building one per input is costly for large rule
    /// sets such as addition's).
    let interpreter: ALTAInterpreter

    /// The task for `entry` (building its program once); throws
    /// `TrainingError.invalidSetting("program", …)` when its text decoding names no values.
    public init(entry: ALTAProgramEntry, program: ALTAProgram? = nil) throws {
        self.entry = entry
        self.program = try program ?? entry.program()
        self.interpreter = ALTAInterpreter(program: self.program)
        guard let values = entry.encoding.output.values, !values.isEmpty else {
            throw TrainingError.invalidSetting("program", reason: "\(entry.name)'s output decoding names no values to classify")
        }
        self.classes = values.keys.sorted()
    }

    /// Token ids (the entry's input token ids, so the vocabulary is `entry.inputTokens`).
    public var vocabularySize: Int { entry.inputTokens.count }

    /// The positions whose output the text decoding reads, for an input of `tokenCount`.
    public func readPositions(tokenCount: Int) -> Range<Int> {
        let decoding = entry.encoding.output
        let end = max(0, tokenCount - decoding.skipLast)
        if decoding.lastOnly { return max(0, end - 1)..<end }
        return min(decoding.skipFirst, end)..<end
    }

    /// One example: the input's token ids, the target class per position (−1 where none is
    /// read) and the interpreter's output text.
    public func example(_ text: String) throws -> (tokens: [Int], targets: [Int], output: String) {
        let tokens = try entry.encode(text)
        let run = try interpreter.run(tokens, layers: entry.layerLimit(forTokenCount: tokens.count), trace: false)
        let output = try entry.decode(run.output)
        var targets = [Int](repeating: -1, count: tokens.count)
        for p in readPositions(tokenCount: tokens.count) {
            let name = entry.outputValue(p < run.output.count ? run.output[p] : nil).description
            guard let c = classes.firstIndex(of: name) else {
                throw TrainingError.extractionFailed(program: entry.name, input: text,
                                                     reason: "position \(p) holds '\(name)', not one of the output values \(classes)")
            }
            targets[p] = c
        }
        return (tokens, targets, output)
    }

    /// The examples of `texts` as a training set.
    public func dataset(_ texts: [String]) throws -> SequenceDataset {
        var sequences: [[Int]] = [], targets: [[Int]] = []
        for text in texts {
            let e = try example(text)
            sequences.append(e.tokens)
            targets.append(e.targets)
        }
        return try SequenceDataset(sequences: sequences, targets: targets)
    }

    /// The output text `model` gives for `tokens` predictions (`nil` when the decoding
    /// refuses them).
    public func outputText(predictions: [Int]) -> String? {
        let read = readPositions(tokenCount: predictions.count)
        let values: [OutputValue] = predictions.enumerated().map { p, c in
            read.contains(p) && classes.indices.contains(c) ? .category(classes[c]) : .null
        }
        return try? entry.encoding.output.text(of: values)
    }

    /// Accuracy of `model` on `samples` random inputs of each length (`LengthInputs`,
    /// drawn with seed `seed + k` for the k-th length, as `LearnedMLPModel.accuracy`).
    public func accuracy(of model: SequenceTransformer, perLength lengths: [Int], samples: Int, seed: UInt64) throws -> [LengthAccuracy] {
        var table: [LengthAccuracy] = []
        for (k, length) in lengths.enumerated() {
            let texts = try LengthInputs.random(for: entry, length: length, count: samples, seed: seed &+ UInt64(k))
            let examples = try texts.map { try example($0) }
            // One batch per token count (every input of a length has one for these programs).
            var correct = 0
            var byCount: [Int: [Int]] = [:]
            for (i, e) in examples.enumerated() { byCount[e.tokens.count, default: []].append(i) }
            for (_, indices) in byCount.sorted(by: { $0.key < $1.key }) {
                let predictions = try model.predict(indices.map { examples[$0].tokens })
                for (i, prediction) in zip(indices, predictions) where outputText(predictions: prediction) == examples[i].output {
                    correct += 1
                }
            }
            table.append(LengthAccuracy(length: length, samples: samples, correct: correct))
        }
        return table
    }
}
