import ALTA
import AltaTensors
import AltaTransformer
import Foundation

/// What running one encoded SCAN command gave.
public struct SCANRun: Sendable {
    /// The program's output variable at every position (`nil` where it is null).
    public let outputs: [ALTAValue?]
    /// Layers run.
    public let layers: Int
    /// Whether the run halted (processing_step = DONE everywhere) within the layer cap.
    public let halted: Bool

    /// A run's result.
    public init(outputs: [ALTAValue?], layers: Int, halted: Bool) {
        self.outputs = outputs
        self.layers = layers
        self.halted = halted
    }
}

/// Runs batches of encoded SCAN commands (`SCANProgram.encode`) through something that
/// computes the SCAN program — the ALTA interpreter, or compiled weights through the
/// runtime — for `SCANEvaluation`.
///
/// ```swift
/// let executor = SCANExecutor.weights(try PreparedModel(compiled.model), threads: 2) {
///     try compiled.outputs(of: $0)
/// }
/// let evaluation = SCANEvaluation.run(examples, executor: executor)
/// ```
public struct SCANExecutor: Sendable {
    /// Runs a batch: one result per command, in order (an error where a command could
    /// not run).
    public let run: @Sendable ([[Int]]) -> [Result<SCANRun, any Error>]

    /// An executor from a batch function.
    public init(_ run: @escaping @Sendable ([[Int]]) -> [Result<SCANRun, any Error>]) {
        self.run = run
    }

    /// The ALTA interpreter running `program`, stopped at DONE or after `maxLayers` layers,
    /// the commands of a batch spread over `concurrency` threads.
    public static func interpreter(
        _ program: ALTAProgram, maxLayers: Int, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> SCANExecutor {
        let interpreter = ALTAInterpreter(program: program)
        return SCANExecutor { batch in
            let results = RunSlots(count: batch.count)
            let workers = max(1, min(concurrency, batch.count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: batch.count, by: workers) {
                    results.store(index, Result {
                        let run = try interpreter.run(batch[index], layers: .untilHalt(maxLayers: maxLayers), trace: false)
                        return SCANRun(outputs: run.output, layers: run.layersRun, halted: run.halted)
                    })
                }
            }
            return results.values
        }
    }

    /// Compiled SCAN weights run by `prepared` (its backend; the model's own layer cap and
    /// halting rule) on at most `threads` threads; `decode` reads the output variable from
    /// a `[T, dModel]` final residual (`ALTACompiledProgram.outputs(of:)`), on as many threads.
    /// An error of the whole batch is every command's error.
    public static func weights(
        _ prepared: PreparedModel, threads: Int? = nil,
        decode: @escaping @Sendable (Matrix) throws -> [ALTAValue?]
    ) -> SCANExecutor {
        SCANExecutor { batch in
            let result: ForwardResult
            do {
                result = try prepared.forward(tokenIDs: batch, options: RunOptions(threads: threads))
            } catch {
                return batch.map { _ in .failure(error) }
            }
            // Decoded on the pass's threads too (each command's final residual is made and
            // read on its own).
            let results = RunSlots(count: batch.count)
            let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, batch.count))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for s in stride(from: worker, to: batch.count, by: workers) {
                    results.store(s, Result {
                        SCANRun(
                            outputs: try decode(result.finalResidual(of: s)), layers: result.layersRun[s],
                            halted: result.halted[s])
                    })
                }
            }
            return results.values
        }
    }
}

/// Per-command results written from several threads (each slot by one thread).
private final class RunSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<SCANRun, any Error>]

    init(count: Int) { slots = Array(repeating: .failure(SCANError.incompatibleProgram(reason: "not run")), count: count) }

    func store(_ index: Int, _ result: Result<SCANRun, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var values: [Result<SCANRun, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
