import ALTA
import Foundation

/// Exact-match evaluation of the SCAN ALTA program on SCAN examples with the ALTA
/// interpreter (what `alta scan --interpreter` reports).
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
    /// actions. Work is split over `concurrency` threads. Examples that fail to encode or
    /// run count as wrong (the error text is the mismatch's `actual`).
    ///
    /// - Parameters:
    ///   - program: a program built by ``SCANProgram/make(maxPadding:)`` with
    ///     `maxPadding ≥ padding`; built here with `maxPadding = padding` when `nil`.
    ///   - progress: called after each example with the number finished so far (from
    ///     worker threads, in no particular order).
    public static func run(
        _ examples: [SCANExample], program: ALTAProgram? = nil, padding: Int = 0,
        maxLayers: Int = 512, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> SCANEvaluation {
        let program = try program ?? SCANProgram.make(maxPadding: padding)
        let baseCount = SCANLayout().positionCount
        guard let positions = program.positionRange, positions >= baseCount,
              program.schema.variableIndex(named: "processing_step") != nil
        else {
            throw SCANError.incompatibleProgram(
                reason: "'\(program.name)' has no processing_step register or fewer than \(baseCount) positions")
        }
        let maxPadding = positions - baseCount
        let interpreter = ALTAInterpreter(program: program)
        let results = ResultBuffer(count: examples.count)
        let workers = max(1, min(concurrency, examples.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: examples.count, by: workers) {
                let example = examples[index]
                let outcome: Outcome
                do {
                    let tokens = try SCANProgram.encode(
                        example.command, padding: padding, maxPadding: maxPadding)
                    let run = try interpreter.run(
                        tokens, layers: .untilHalt(maxLayers: maxLayers), trace: false)
                    let actions = try SCANProgram.decode(outputs: run.output)
                    outcome = Outcome(
                        actual: actions.actionText, correct: actions == example.actions,
                        layers: run.layersRun, halted: run.halted)
                } catch {
                    outcome = Outcome(
                        actual: "error: \(error)", correct: false, layers: 0, halted: false)
                }
                let finished = results.store(outcome, at: index)
                progress?(finished)
            }
        }
        let outcomes = results.values
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

    /// Per-example results written from several threads (each index by one thread).
    final class ResultBuffer: @unchecked Sendable {
        private var storage: [Outcome]
        private let lock = NSLock()

        init(count: Int) {
            storage = Array(
                repeating: Outcome(actual: "", correct: false, layers: 0, halted: false),
                count: count)
        }

        private var finished = 0

        /// Stores one outcome and returns the number stored so far.
        func store(_ outcome: Outcome, at index: Int) -> Int {
            lock.lock()
            defer { lock.unlock() }
            storage[index] = outcome
            finished += 1
            return finished
        }

        var values: [Outcome] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }
}
