import AltaTensors
import Foundation

/// Seeded fuzzing of everything a user can load or type: mutated model folders (config.json
/// values and types, safetensors bytes) from the ``FuzzSeed`` exports, run through
/// `alta inspect` and `alta run`, and mutated command lines. Every case runs the `alta`
/// executable as a subprocess under a time limit and must end in a clean error or a run —
/// never a signal, a hang or a failure without a message.
struct ModelFolderFuzzer {
    /// One generated case: what was mutated (to reproduce it) and the command line.
    struct Case: Sendable {
        let index: Int
        /// How the case was made, e.g. `reverse: config.json: set n_heads to 0`.
        let change: String
        /// The `alta` arguments (paths relative to the case folder).
        let arguments: [String]
        /// Files of the mutated model folder `model/`, when the case has one.
        let files: [String: Data]
    }

    /// A case that failed, with what it printed.
    struct Failure: Sendable {
        let fuzzCase: Case
        let outcome: FuzzOutcome
        let stderr: String
        /// The case's folder, kept for reproduction.
        let folder: URL
    }

    let seeds: [FuzzSeed]
    let runner: TimedProcess
    /// Where case folders are made (failing ones are kept).
    let directory: URL

    /// The command lines mutated by command-line cases; `SEED:name` stands for a seed's
    /// folder.
    static let commandLines: [[String]] = [
        ["rules", "parity_sequential_absolute", "--limit", "5"],
        ["compile", "reverse", "-o", "out", "--samples", "2", "--max-len", "3"],
        ["run", "SEED:reverse", "--input", "a b"],
        ["run", "SEED:frac_prevs", "--input", "a b c", "--json"],
        ["inspect", "SEED:parity_sequential_absolute", "--json"],
        ["run", "parity_sequential_absolute", "--input", "101", "--max-len", "4"],
        ["trace", "parity_sequential_absolute", "--input", "101", "--positions", "0,1"],
        ["eval", "frac_prevs", "--input", "a b"],
    ]

    /// Case `index` of the run seeded with `seed` (the same pair always gives the same case).
    func makeCase(_ index: Int, seed: UInt64) -> Case {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let roll = rng.int(in: 0...19)
        if roll >= 17 {
            var base = Self.commandLines[rng.int(in: 0...(Self.commandLines.count - 1))]
            for (i, argument) in base.enumerated() where argument.hasPrefix("SEED:") {
                let name = argument.dropFirst(5)
                base[i] = seeds.first { $0.name == name }?.folder.path ?? argument
            }
            let (arguments, change) = ArgumentMutator.mutate(base, using: &rng)
            return Case(index: index, change: "command line \(base.joined(separator: " ")): \(change)",
                        arguments: arguments, files: [:])
        }
        let seedModel = seeds[rng.int(in: 0...(seeds.count - 1))]
        var files = seedModel.files
        let change: String
        if roll < 8 {
            let config = files["config.json"] ?? Data()
            let mutated = JSONMutator.mutate(config, using: &rng)
            files["config.json"] = mutated?.data ?? Data()
            change = "config.json: " + (mutated?.change ?? "emptied")
        } else {
            let (data, what) = SafeTensorsMutator.mutate(files["model.safetensors"] ?? Data(), using: &rng)
            files["model.safetensors"] = data
            change = "model.safetensors: " + what
        }
        let arguments = rng.chance(0.5) ? ["inspect", "model"] : ["run", "model", "--input", seedModel.input]
        return Case(index: index, change: "\(seedModel.name): \(change)", arguments: arguments, files: files)
    }

    /// Runs cases `0..<count` of `seed`, each with `timeout` seconds; `progress` is called
    /// after each case.
    func run(count: Int, seed: UInt64, timeout: Double, progress: (Int, Case, FuzzOutcome) -> Void = { _, _, _ in }) throws -> FuzzReport {
        var report = FuzzReport(seed: seed)
        for index in 0..<count {
            let fuzzCase = makeCase(index, seed: seed)
            let folder = directory.appendingPathComponent("case-\(index)", isDirectory: true)
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if !fuzzCase.files.isEmpty {
                let model = folder.appendingPathComponent("model", isDirectory: true)
                try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
                for (name, data) in fuzzCase.files { try data.write(to: model.appendingPathComponent(name)) }
            }
            let result = try runner.run(fuzzCase.arguments, in: folder, timeout: timeout)
            let outcome = FuzzOutcome.classify(result)
            report.record(outcome)
            if outcome.isFailure {
                report.failures.append(Failure(fuzzCase: fuzzCase, outcome: outcome, stderr: result.stderr, folder: folder))
            } else {
                try? FileManager.default.removeItem(at: folder)
            }
            progress(index, fuzzCase, outcome)
        }
        return report
    }
}
