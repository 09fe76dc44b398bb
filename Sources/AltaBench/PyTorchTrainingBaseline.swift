import AltaTraining
import Foundation

/// The PyTorch side of `alta bench learn`: `python/train_mlp.py` run by `python3` on the same
/// trace folder, MLP, batch, optimiser, noise, steps and thread count as Alta's run, timed by
/// the script around its training loop and reported as one JSON object.
public struct PyTorchTrainingBaseline: Sendable {
    /// Whether the baseline can run, or why not.
    public enum Availability: Sendable, Equatable {
        /// torch (this version) and safetensors import.
        case available(torchVersion: String)
        /// It cannot run, with the reason.
        case unavailable(String)
    }

    /// What the script reported.
    public struct Run: Sendable, Equatable {
        /// Steps per second of the training loop.
        public var stepsPerSecond: Double
        /// Threads torch ran with.
        public var threads: Int
        /// The last step's batch loss.
        public var finalBatchLoss: Double
    }

    /// The training script.
    public let script: URL
    /// The Python interpreter (looked up on `PATH` when not a path).
    public let python: String

    /// A baseline running `script` with `python`.
    public init(script: URL, python: String = "python3") {
        self.script = script
        self.python = python
    }

    /// `python/train_mlp.py` in the current folder or in the repository holding the running
    /// executable (`.build/<configuration>/alta`); nil when neither has it.
    public static func locateScript(executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? "")) -> URL? {
        let relative = "python/train_mlp.py"
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative)]
        var folder = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent(relative))
        }
        return candidates.first { FileManager.default.isReadableFile(atPath: $0.path) }
    }

    /// Whether the script exists and `python` imports torch and safetensors.
    public func probe() -> Availability {
        guard FileManager.default.isReadableFile(atPath: script.path) else {
            return .unavailable("\(script.path) is missing")
        }
        do {
            let version = try run(["-c", "import safetensors, torch; print(torch.__version__)"])
            return .available(torchVersion: version.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .unavailable("\(error)")
        }
    }

    /// Trains with `configuration` on the trace folder `traces` with `threads` torch threads
    /// (Adafactor's momentum and relative step passed only when set).
    public func train(traces: URL, configuration c: MLPConfiguration, threads: Int) throws -> Run {
        var arguments = [script.path, traces.path, "--json", "--threads", String(threads),
                         "--depth", String(c.depth), "--width", String(c.width), "--activation", c.activation.rawValue,
                         "--initialisation", c.initialisation.rawValue, "--optimizer", c.optimizer.rawValue,
                         "--steps", String(c.steps), "--batch", String(c.batchSize)]
        if c.adafactorRelativeStep {
            arguments.append("--adafactor-relative-step")
        } else {
            arguments += ["--lr", String(c.learningRate), "--warmup", String(c.warmupSteps), "--decay", String(c.decayRate)]
        }
        arguments += ["--noise", String(c.noise), "--weight-decay", String(c.weightDecay), "--seed", String(c.seed)]
        if c.adafactorMomentum != 0 { arguments += ["--adafactor-momentum", String(c.adafactorMomentum)] }
        if c.subtractResidual { arguments.append("--subtract-residual") }
        let output = try run(arguments)
        guard let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let rate = object["steps_per_second"] as? Double, let threads = object["threads"] as? Int,
              let loss = object["final_batch_loss"] as? Double
        else {
            throw Failure(description: "cannot read \(script.lastPathComponent)'s summary: \(output.suffix(300))")
        }
        return Run(stepsPerSecond: rate, threads: threads, finalBatchLoss: loss)
    }

    /// A failure to run the script, with its last lines of standard error.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Runs `python` with `arguments`; its standard output, or a `Failure` with the end of
    /// its standard error.
    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("alta-bench-learn-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw Failure(description: "cannot create \(errorFile.path) for \(python)'s standard error")
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorFile)
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(python): \(error.localizedDescription)")
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: (try? Data(contentsOf: errorFile)) ?? Data(), as: UTF8.self)
                .split(separator: "\n").suffix(3).joined(separator: " | ")
            throw Failure(description: "\(python) exited with status \(process.terminationStatus): \(message)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
