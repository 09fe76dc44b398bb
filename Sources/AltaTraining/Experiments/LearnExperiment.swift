import ALTA
import ALTACompiler
import AltaPrograms
import Foundation

/// The learning-from-traces study of one program (`alta learn`): for seeds `0..<seeds`,
/// each method of `LearnSettings.methods` trains on the same training inputs and is scored
/// on the same random test inputs per length (seed = the run's seed):
///
/// * trace supervision (σ = 0.1 and σ = 0): `TraceDataset.extract` on the training inputs
///   (parity: one layer per token, as the reference; others: the program's own limit;
///   `LearnSettings.fill`, seed 0), `MLPTrainer` with `subtractResidual`, then
///   `LearnedMLPModel.accuracy` — the compiled model with the learned MLP, run to halting
///   or its cap;
/// * end to end (stacked and looped): `EndToEndTask` pairs of the same inputs,
///   `SequenceTransformerTrainer`, then `EndToEndTask.accuracy`.
///
/// ```swift
/// let report = try LearnExperiment(entry: try ALTALibrary.entry(named: "sparse_parity_sequential_relative"),
///                                  settings: LearnSettings()).run()
/// report.result(.traceNoise, length: 64)?.accuracy
/// ```
public struct LearnExperiment: Sendable {
    /// The program.
    public let entry: ALTAProgramEntry
    /// The study's settings.
    public let settings: LearnSettings

    /// A study; throws `TrainingError.invalidSetting` for settings out of range or a
    /// program without random inputs per length (`LengthInputs`), and for training or test
    /// lengths beyond the longest the program takes (`LengthInputs.maximumLength(for:)`).
    public init(entry: ALTAProgramEntry, settings: LearnSettings) throws {
        try settings.validate()
        guard LengthInputs.supports(entry) else { throw LengthInputs.unsupported(entry) }
        try LengthInputs.check([settings.trainLengths.upperBound], for: entry, setting: "train-lengths")
        try LengthInputs.check(settings.testLengths, for: entry, setting: "test-lengths")
        self.entry = entry
        self.settings = settings
    }

    /// The compiled program for inputs of up to `maxLength` tokens, with the entry's layer
    /// cap, tokens, output names and text encoding (as `alta compile` builds it).
    public static func compile(_ entry: ALTAProgramEntry, program: ALTAProgram, maxLength: Int) throws -> ALTACompiledProgram {
        let options = ALTACompilerOptions(
            maxLayers: max(1, entry.layerLimit(forTokenCount: maxLength).maxLayers),
            tokens: entry.inputTokens, outputValues: entry.outputValues, textEncoding: entry.encoding)
        return try ALTATransformerCompiler.compile(program, maxLength: maxLength, options: options)
    }

    /// The trace rows the trace MLPs train on: `inputs` run by the interpreter (parity: one
    /// layer per token, as the reference; others: the program's own limit), undefined inputs
    /// filled as `LearnSettings.fill` says (seed 0).
    public func traceDataset(compiled: ALTACompiledProgram, inputs: [TraceInput]) throws -> TraceDataset {
        let policy: TraceLayerPolicy = entry.inputFamily == .parity ? .tokens : .program
        return try TraceDataset.extract(entry: entry, compiled: compiled, inputs: inputs, generator: "alta learn",
                                        fill: settings.fill, seed: 0, layers: policy)
    }

    /// Training steps of one run of `method`.
    public func steps(of method: LearnMethod) -> Int {
        switch method {
        case .trace, .traceNoise: settings.mlp.steps
        case .endToEndStacked: settings.stacked.steps
        case .endToEndLooped: settings.looped.steps
        }
    }

    /// Training steps of the whole study (the `total` of its progress).
    public var totalSteps: Int { settings.seeds * settings.methods.map(steps(of:)).reduce(0, +) }

    /// Runs the study; `progress` is called after every training step.
    public func run(progress: (LearnProgress) -> Void = { _ in }) throws -> LearnReport {
        let start = Date()
        let s = settings
        let program = try entry.program()
        let inputs = try LengthInputs.training(for: entry, lengths: s.trainLengths, count: s.trainCount, seed: 0)
        // The longest token count among training and test inputs sizes the models.
        var longest = inputs.map(\.tokens.count).max() ?? 1
        for length in s.testLengths {
            let sample = try LengthInputs.random(for: entry, length: length, count: 1, seed: 0)
            longest = max(longest, try sample.map { try entry.encode($0).count }.max() ?? 1)
        }
        longest = max(longest, entry.minimumTokenCount)
        let usesTraces = s.methods.contains(.trace) || s.methods.contains(.traceNoise)
        let usesEndToEnd = s.methods.contains(.endToEndStacked) || s.methods.contains(.endToEndLooped)
        let compiled = usesTraces ? try Self.compile(entry, program: program, maxLength: longest) : nil
        let traces = try compiled.map { try traceDataset(compiled: $0, inputs: inputs) }
        let task = try EndToEndTask(entry: entry, program: program)
        let pairs = usesEndToEnd ? try task.dataset(inputs.map(\.text)) : nil

        let total = totalSteps
        var done = 0
        var runs: [LearnMethod: [[Double]]] = [:]   // method → per seed, per length
        var seconds: [LearnMethod: Double] = [:]
        for seed in 0..<s.seeds {
            for method in s.methods {
                let before = done
                func report(_ step: Int, _ loss: Float) {
                    progress(LearnProgress(done: before + step, total: total, method: method, seed: seed, loss: loss))
                }
                let table: [LengthAccuracy]
                switch method {
                case .trace, .traceNoise:
                    guard let compiled, let traces else { continue }
                    var c = s.mlp
                    c.noise = method == .traceNoise ? s.noise : 0
                    c.subtractResidual = true
                    c.seed = UInt64(seed)
                    let result = try MLPTrainer(configuration: c).train(inputs: traces.inputs, targets: traces.targets) { report($0.step, $0.loss) }
                    seconds[method, default: 0] += result.seconds
                    let learned = try LearnedMLPModel(entry: entry, compiled: compiled, mlp: result.mlp)
                    table = try learned.accuracy(perLength: s.testLengths, samples: s.samples, seed: UInt64(seed))
                case .endToEndStacked, .endToEndLooped:
                    guard let pairs else { continue }
                    var c = method == .endToEndStacked ? s.stacked : s.looped
                    c.seed = UInt64(seed)
                    let result = try SequenceTransformerTrainer(configuration: c)
                        .train(pairs, vocabularySize: task.vocabularySize, classCount: task.classes.count, maxLength: longest) { report($0.step, $0.loss) }
                    seconds[method, default: 0] += result.seconds
                    table = try task.accuracy(of: result.model, perLength: s.testLengths, samples: s.samples, seed: UInt64(seed))
                }
                runs[method, default: []].append(table.map(\.accuracy))
                done = before + steps(of: method)
            }
        }
        var results: [LearnResult] = []
        for method in s.methods {
            let perSeed = runs[method] ?? []
            for (k, length) in s.testLengths.enumerated() {
                results.append(LearnResult(method: method, length: length, runs: perSeed.map { $0[k] }))
            }
        }
        return LearnReport(
            program: entry.name, trainLengths: [s.trainLengths.lowerBound, s.trainLengths.upperBound], testLengths: s.testLengths,
            samples: s.samples, seeds: s.seeds, traceRows: traces?.rowCount ?? 0, pairs: pairs?.count ?? 0, results: results,
            trainingSeconds: Dictionary(uniqueKeysWithValues: seconds.map { ($0.key.rawValue, $0.value / Double(s.seeds)) }),
            seconds: Date().timeIntervalSince(start))
    }
}
