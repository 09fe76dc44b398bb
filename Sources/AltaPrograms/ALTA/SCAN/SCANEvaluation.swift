import ALTA
import Foundation

/// Exact-match evaluation of the SCAN ALTA program on SCAN examples, run by any
/// `SCANExecutor` — the interpreter or compiled weights (what `alta scan` reports, with
/// or without `--interpreter`, and what the benchmark measures).
public struct SCANEvaluation: Sendable {
    /// One example the program got wrong (or could not run).
    public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
        /// The command.
        public let command: String
        /// The expected actions.
        public let expected: String
        /// The decoded output, or the error text.
        public let actual: String

        /// A mismatch record.
        public init(command: String, expected: String, actual: String) {
            self.command = command
            self.expected = expected
            self.actual = actual
        }

        public var description: String { "\(command): expected \(expected), got \(actual)" }
    }

    /// Number of examples run.
    public let total: Int
    /// Number of exact matches.
    public let correct: Int
    /// Layers run per example (in example order).
    public let layers: [Int]
    /// Examples that did not reach DONE within the layer cap.
    public let notHalted: Int
    /// The wrong examples, in example order.
    public let mismatches: [Mismatch]

    /// `correct / total` (1 for no examples).
    public var accuracy: Double { total == 0 ? 1 : Double(correct) / Double(total) }

    /// Runs the interpreter on every example (commands encoded with `padding`, stopped at
    /// DONE or after `maxLayers` layers) and compares the decoded output with the expected
    /// actions, work split over `concurrency` threads (see `run(_:executor:padding:maxPadding:batchSize:progress:)`).
    ///
    /// - Parameter program: a program built by ``SCANProgram/make(maxPadding:)`` with
    ///   `maxPadding ≥ padding`; built here with `maxPadding = padding` when `nil`.
    public static func run(
        _ examples: [SCANExample], program: ALTAProgram? = nil, padding: Int = 0,
        maxLayers: Int = 512, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: ((Int) -> Void)? = nil
    ) throws -> SCANEvaluation {
        let program = try program ?? SCANProgram.make(maxPadding: padding)
        let baseCount = SCANLayout().positionCount
        guard let positions = program.positionRange, positions >= baseCount,
              program.schema.variableIndex(named: "processing_step") != nil
        else {
            throw SCANError.incompatibleProgram(
                reason: "'\(program.name)' has no processing_step register or fewer than \(baseCount) positions")
        }
        return run(
            examples, executor: .interpreter(program, maxLayers: maxLayers, concurrency: concurrency),
            padding: padding, maxPadding: positions - baseCount, batchSize: 64 * max(1, concurrency),
            progress: progress)
    }

    /// Runs every example through `executor` in batches of `batchSize` (commands encoded
    /// with `padding` for a program of `maxPadding`) and compares the decoded output with
    /// the expected actions. Examples that fail to encode, run or decode count as wrong
    /// (the error text is the mismatch's `actual`).
    ///
    /// - Parameter progress: called on the calling thread after each batch, once per
    ///   example of the batch, with the number of examples finished so far.
    public static func run(
        _ examples: [SCANExample], executor: SCANExecutor, padding: Int = 0, maxPadding: Int = 0,
        batchSize: Int = 128, progress: ((Int) -> Void)? = nil
    ) -> SCANEvaluation {
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(examples.count)
        for start in stride(from: 0, to: examples.count, by: max(1, batchSize)) {
            let batch = examples[start..<min(start + max(1, batchSize), examples.count)]
            let encoded: [Result<[Int], any Error>] = batch.map { example in
                Result { try SCANProgram.encode(example.command, padding: padding, maxPadding: maxPadding) }
            }
            let runnable = encoded.compactMap { try? $0.get() }
            var runs = executor.run(runnable).makeIterator()
            for (k, example) in zip(batch.indices, batch) {
                let outcome: Outcome
                do {
                    _ = try encoded[k - start].get()
                    guard let run = runs.next() else {
                        throw SCANError.incompatibleProgram(reason: "the executor returned fewer results than commands")
                    }
                    let result = try run.get()
                    let actions = try SCANProgram.decode(outputs: result.outputs)
                    outcome = Outcome(
                        actual: actions.actionText, correct: actions == example.actions,
                        layers: result.layers, halted: result.halted)
                } catch {
                    outcome = Outcome(actual: "error: \(error)", correct: false, layers: 0, halted: false)
                }
                outcomes.append(outcome)
                progress?(outcomes.count)
            }
        }
        var mismatches: [Mismatch] = []
        for (example, outcome) in zip(examples, outcomes) where !outcome.correct {
            mismatches.append(Mismatch(
                command: example.commandText, expected: example.actionText,
                actual: outcome.actual))
        }
        return SCANEvaluation(
            total: examples.count, correct: outcomes.filter(\.correct).count,
            layers: outcomes.map(\.layers), notHalted: outcomes.filter { !$0.halted }.count,
            mismatches: mismatches)
    }

    /// The result of one example.
    struct Outcome: Sendable {
        var actual: String
        var correct: Bool
        var layers: Int
        var halted: Bool
    }
}
