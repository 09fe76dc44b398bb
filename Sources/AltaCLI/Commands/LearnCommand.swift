import AltaPrograms
import AltaTraining
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta learn PROGRAM`: the learning-from-traces study — trace supervision with and without
/// input noise against end-to-end stacked and looped transformers, accuracy per test length
/// over several seeds.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Compare trace supervision with end-to-end training on a program: accuracy per test length, mean ± sd over seeds.",
        discussion: """
            For seeds 0..<--seeds, four methods train on the same inputs (parity: every bit \
            string of --train-lengths bits; addition: --train-count sums of --train-lengths \
            digits per operand) and are scored on --samples random inputs of each \
            --test-lengths: an MLP trained on the program's traces with input noise \
            --noise and without, run inside the compiled model in place of its MLP (the \
            `alta traces` / `train` / `evaluate-mlp` pipeline), and a standard transformer \
            trained end to end on input/output pairs, stacked (--layers distinct blocks) \
            and looped (one shared block once per input token). `parity` names \
            sparse_parity_sequential_relative, the reference experiment's program. Prints \
            the table (or --json); --svg DIR writes accuracy.svg with one line per method.
            """)

    @Argument(help: "parity, an ALTA parity program, or addition.")
    var program: String

    @Option(help: "Training lengths (bits; digits per operand for addition), e.g. 1...8. Default: parity 1...8, addition 1...3.")
    var trainLengths: String?
    @Option(help: "Random training inputs (addition).") var trainCount: Int = 1_000
    @Option(help: "Comma-separated test lengths. Default: parity 8,16,32,64, addition 3,4,6,8.")
    var testLengths: String?
    @Option(help: "Random test inputs per length and run.") var samples: Int = 20
    @Option(help: "Runs per method (seeds 0..<N).") var seeds: Int = 3
    @Option(help: "Comma-separated methods: trace_noise, trace, e2e_stacked, e2e_looped.")
    var methods: String = LearnMethod.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Input noise σ of trace_noise.") var noise: Float = 0.1
    @Option(help: "Training steps of the trace MLP.") var traceSteps: Int = 4_000
    @Option(help: "Hidden layers of the trace MLP.") var traceDepth: Int = 2
    @Option(help: "Units per hidden layer of the trace MLP.") var traceWidth: Int = 128
    @Option(help: "Optimiser of the trace MLP: adafactor or adam.") var traceOptimizer: String = "adafactor"
    @Option(help: "Peak learning rate of the trace MLP.") var traceLr: Float = 1e-2
    @Option(help: "Trace rows per step of the trace MLP.") var traceBatch: Int = 256
    @Option(help: "Undefined MLP inputs in the traces: uniform (noise in [-10, 10], the original's) or zero.")
    var fill: String = "uniform"
    @Option(help: "Adafactor momentum β₁ of the trace MLP, in [0, 1) (optax's momentum; 0: none).")
    var traceAdafactorMomentum: Float = 0
    @Flag(help: "Train the trace MLP with Adafactor's relative step size min(1e-2, 1/√t) in place of its warm-up/decay schedule.")
    var traceAdafactorRelativeStep = false

    @Option(help: "Training steps of each end-to-end transformer.") var e2eSteps: Int = 2_000
    @Option(help: "Sequences per end-to-end step.") var e2eBatch: Int = 32
    @Option(help: "Peak learning rate end to end (Adam).") var e2eLr: Float = 3e-3
    @Option(help: "Blocks of the stacked transformer.") var layers: Int = 4
    @Option(help: "Looped: at most this many iterations (default: one per input token).") var maxIterations: Int?
    @Option(help: "Residual width of the transformers.") var dModel: Int = 32
    @Option(help: "Attention heads.") var heads: Int = 4
    @Option(help: "Hidden units of each transformer block's MLP.") var ffnWidth: Int = 64
    @Option(help: "Positions: relative (learned bias per clipped distance), absolute (learned embedding) or none.")
    var positions: String = "relative"
    @Flag(help: "Causal attention (default: bidirectional).") var causal = false

    @Flag(help: "Print the results as JSON.") var json = false
    @Option(help: "A folder to write the plot (accuracy.svg) into.") var svg: String?

    func validate() throws {
        try OptionRange.check(trainCount, "--train-count", in: 1...10_000_000)
        try OptionRange.check(samples, "--samples", in: 1...100_000)
        try OptionRange.check(seeds, "--seeds", in: 1...1_000)
        try OptionRange.check(traceSteps, "--trace-steps", in: 1...100_000_000)
        try OptionRange.check(traceDepth, "--trace-depth", in: 0...64)
        try OptionRange.check(traceWidth, "--trace-width", in: 1...65_536)
        try OptionRange.check(traceBatch, "--trace-batch", in: 1...65_536)
        try OptionRange.check(traceLr, "--trace-lr", in: 0...Float.greatestFiniteMagnitude, excludingLower: true)
        guard OptimizerKind(rawValue: traceOptimizer) != nil else {
            throw ValidationError("--trace-optimizer must be adafactor or adam, got '\(traceOptimizer)'")
        }
        guard TraceFill(rawValue: fill) != nil else { throw ValidationError("--fill must be uniform or zero, got '\(fill)'") }
        try OptionRange.check(e2eSteps, "--e2e-steps", in: 1...100_000_000)
        try OptionRange.check(e2eBatch, "--e2e-batch", in: 1...65_536)
        try OptionRange.check(layers, "--layers", in: 1...64)
        try OptionRange.check(maxIterations, "--max-iterations", in: 1...4_096)
        try OptionRange.check(dModel, "--d-model", in: 1...4_096)
        try OptionRange.check(heads, "--heads", in: 1...4_096)
        try OptionRange.check(ffnWidth, "--ffn-width", in: 1...65_536)
        try OptionRange.check(noise, "--noise", in: 0...Float.greatestFiniteMagnitude)
        try OptionRange.check(e2eLr, "--e2e-lr", in: 0...Float.greatestFiniteMagnitude, excludingLower: true)
        try TrainCommand.checkAdafactorOptions(momentum: traceAdafactorMomentum, relativeStep: traceAdafactorRelativeStep,
                                               optimizer: .adafactor, prefix: "--trace-")
        guard dModel % heads == 0 else { throw ValidationError("--heads must divide --d-model \(dModel), got \(heads)") }
        guard SequenceTransformerConfiguration.Positions(rawValue: positions) != nil else {
            throw ValidationError("--positions must be relative, absolute or none, got '\(positions)'")
        }
        if let trainLengths { _ = try OptionRange.range(trainLengths, "--train-lengths", in: 1...20) }
        if let testLengths { _ = try EvaluateMLPCommand.lengths(testLengths) }
        _ = try Self.methods(methods)
    }

    static func methods(_ text: String) throws -> [LearnMethod] {
        var chosen: [LearnMethod] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let method = LearnMethod(rawValue: part) else {
                throw ValidationError("--methods takes trace_noise, trace, e2e_stacked and e2e_looped, got '\(part)'")
            }
            if !chosen.contains(method) { chosen.append(method) }
        }
        guard !chosen.isEmpty else { throw ValidationError("--methods needs at least one method") }
        return chosen
    }

    func settings(addition: Bool) throws -> LearnSettings {
        var s = LearnSettings()
        s.trainLengths = try OptionRange.range(trainLengths ?? (addition ? "1...3" : "1...8"), "--train-lengths", in: 1...20)
        s.trainCount = trainCount
        s.testLengths = try EvaluateMLPCommand.lengths(testLengths ?? (addition ? "3,4,6,8" : "8,16,32,64"))
        s.samples = samples
        s.seeds = seeds
        s.methods = try Self.methods(methods)
        s.noise = noise
        s.mlp.steps = traceSteps
        s.mlp.depth = traceDepth
        s.mlp.width = traceWidth
        s.mlp.optimizer = OptimizerKind(rawValue: traceOptimizer) ?? .adafactor
        s.mlp.learningRate = traceLr
        s.mlp.batchSize = traceBatch
        s.fill = TraceFill(rawValue: fill) ?? .uniform
        s.mlp.adafactorMomentum = traceAdafactorMomentum
        s.mlp.adafactorRelativeStep = traceAdafactorRelativeStep
        for layout in SequenceTransformerConfiguration.Layout.allCases {
            var c = layout == .stacked ? SequenceTransformerConfiguration() : .looped
            c.steps = e2eSteps
            c.batchSize = e2eBatch
            c.learningRate = e2eLr
            c.layers = layers
            c.maxIterations = maxIterations
            c.dModel = dModel
            c.heads = heads
            c.mlpWidth = ffnWidth
            c.positions = SequenceTransformerConfiguration.Positions(rawValue: positions) ?? .relative
            c.causal = causal
            if layout == .stacked { s.stacked = c } else { s.looped = c }
        }
        return s
    }

    func run() throws {
        let entry = try ProgramLookup.alta(program == "parity" ? "sparse_parity_sequential_relative" : program)
        guard LengthInputs.supports(entry) else { throw CLIError(LengthInputs.unsupportedReason(entry)) }
        let settings = try settings(addition: entry.inputFamily == .addition)
        if let svg { _ = try OutputFolder.url(svg, option: "--svg") }
        let experiment: LearnExperiment
        do { experiment = try LearnExperiment(entry: entry, settings: settings) } catch { throw CLIError("\(error)") }
        let reporter = ProgressReporter(total: experiment.totalSteps, label: "learn", enabled: !json)
        let report: LearnReport
        do {
            report = try experiment.run { p in
                reporter.advance(to: p.done, detail: "\(p.method.rawValue) seed \(p.seed)  loss \(String(format: "%.4f", p.loss))")
            }
        } catch {
            reporter.finish()
            throw CLIError("\(error)")
        }
        reporter.finish()
        let labels = Dictionary(uniqueKeysWithValues: settings.methods.map { ($0.rawValue, $0.label(noise: settings.noise)) })
        if let svg {
            let series = settings.methods.map { method in
                AccuracyPlot.Series(name: method.label(noise: settings.noise),
                                    points: report.results.filter { $0.method == method.rawValue }.map { ($0.length, $0.accuracy, $0.sd) })
            }
            let title = "\(entry.name): trained on lengths \(settings.trainLengths.lowerBound)...\(settings.trainLengths.upperBound), "
                + "\(settings.samples) inputs per length, \(Plural.count(settings.seeds, "seed"))"
            try OutputFolder.writePictures(["accuracy.svg": Data(AccuracyPlot.svg(series: series, title: title).utf8)], to: svg)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print("\(entry.name): trained on lengths \(settings.trainLengths.lowerBound)...\(settings.trainLengths.upperBound) "
            + "(\(report.traceRows) trace rows, \(Plural.count(report.pairs, "input/output pair"))); accuracy on "
            + "\(settings.samples) random inputs per test length, mean ± sd over \(Plural.count(settings.seeds, "seed"))")
        var rows = [["method"] + settings.testLengths.map(String.init)]
        for method in settings.methods {
            rows.append([labels[method.rawValue] ?? method.rawValue] + settings.testLengths.map { length in
                report.result(method, length: length).map { String(format: "%.2f ± %.2f", $0.accuracy, $0.sd) } ?? "-"
            })
        }
        print(TextTable.render(rows), terminator: "")
        let timing = settings.methods.compactMap { m in report.trainingSeconds[m.rawValue].map { "\(m.rawValue) \(String(format: "%.1f", $0)) s" } }
        print("training per run: \(timing.joined(separator: ", ")); \(String(format: "%.0f", report.seconds)) s in all")
    }
}
