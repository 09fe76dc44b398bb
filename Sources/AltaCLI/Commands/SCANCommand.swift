import ALTA
import ALTACompiler
import AltaPrograms
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta scan [--split length|simple --part train|test | --data FILE]`: every SCAN command of
/// the shipped data set (or a split of it, or a file of the user's) through the compiled ALTA
/// weights (or the interpreter), with exact-match accuracy and timing.
struct SCANCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Run the SCAN ALTA program on the SCAN data set through the compiled weights.",
        discussion: """
            Builds the SCAN program (ALTA-EXAMPLES §5), compiles it into a looped transformer \
            and runs every command of the data through the weights with the runtime's \
            sparse-rows backend (bit-identical to the feature-major pass; --backend \
            chooses), in batches on several threads. \
            The model halts by itself once processing_step = DONE everywhere. Reports \
            exact-match accuracy against the data's actions and the time taken. Progress goes \
            to stderr: a bar on a terminal, a plain line every 10% otherwise. With \
            --interpreter the symbolic interpreter runs instead. The data is the shipped SCAN \
            data set (Lake & Baroni 2018, BSD licence): all 20,910 commands of tasks.txt, or \
            one part of a split with --split and --part; --data reads a file of your own instead.
            """)

    @Option(help: "A shipped split instead of all of tasks.txt: length or simple (needs --part).")
    var split: String?

    @Option(help: "The part of --split to run: train or test.")
    var part: String?

    @Option(help: "A SCAN data file of your own (lines `IN: … OUT: …`) instead of the shipped data.")
    var data: String?

    @Flag(help: "Run the ALTA interpreter instead of the compiled weights.")
    var interpreter = false

    @Option(help: "Run only the first N commands.")
    var limit: Int?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: "Layer cap (the program halts by itself after at most 408 layers on SCAN).")
    var maxLayers: Int = 600

    @Option(help: "The runtime backend running the weights: automatic (sparse rows for SCAN), feature-major or sparse-rows.")
    var backend: RuntimeBackend = .automatic

    @Flag(help: "Minimise the program's rules before compiling.")
    var minimise = false

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    @Flag(help: "List the commands whose output differs.")
    var showErrors = false

    func validate() throws {
        try OptionRange.check(limit, "--limit", atLeast: 1)
        try OptionRange.check(threads, "--threads", in: 1...1024)
        try OptionRange.check(maxLayers, "--max-layers", in: 1...1_000_000)
    }

    func run() throws {
        let source = try Self.source(data: data, split: split, part: part)
        let dataset: SCANDataset
        switch source {
        case .file(let path):
            dataset = try SCANDataset(parsing: FileError.readText(path, what: "SCAN data file"))
        case .shipped(let file):
            dataset = try SCANDataset(parsing: FileError.readText(file.url.path, what: "shipped SCAN data file"))
        }
        var examples = dataset.examples
        if let limit { examples = Array(examples.prefix(limit)) }
        guard !examples.isEmpty else { throw CLIError("\(source) holds no SCAN examples") }
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if interpreter && backend != .automatic { throw CLIError("--backend chooses how the weights run; --interpreter runs none") }

        let buildStart = Date()
        var program: ALTAProgram
        do {
            program = try SCANProgram.make()
            if minimise { program = try program.minimised() }
        } catch {
            throw CLIError("building the SCAN program failed: \(error)", cause: error)
        }
        let buildSeconds = Date().timeIntervalSince(buildStart)

        var compileSeconds = 0.0
        let executor: SCANExecutor
        let progress = ProgressReporter(total: examples.count, label: "scan", enabled: !json)
        if interpreter {
            executor = .interpreter(program, maxLayers: maxLayers, concurrency: workers)
        } else {
            let compileStart = Date()
            let compiled: ALTACompiledProgram
            let prepared: PreparedModel
            do {
                progress.stage("compiling SCAN")
                defer { progress.finish() }
                compiled = try program.compile(options: ALTACompilerOptions(
                    maxLayers: maxLayers, tokens: SCANInputToken.all.map(\.description),
                    outputValues: SCANSymbol.all.map(\.description)))
                // The pivots of the rule table from the activity on a few commands (speed only).
                let calibration = try SCANProgram.calibrationCommands.map { try SCANProgram.encode(command: $0) }
                let profile = try PreparedModel(compiled.model, backend: backend)
                    .activationProfile(tokenIDs: calibration)
                prepared = try PreparedModel(compiled.model, backend: backend, profile: profile)
            } catch {
                throw CLIError("compiling the SCAN program failed: \(error)", cause: error)
            }
            compileSeconds = Date().timeIntervalSince(compileStart)
            if !json {
                FileHandle.standardError.write(Data("compiled SCAN in \(Self.seconds(compileSeconds)): \(compiled.statistics)\n".utf8))
            }
            executor = .weights(prepared, threads: workers) { try compiled.outputs(of: $0) }
        }
        let runStart = Date()
        let cpuStart = Self.cpuSeconds()
        let evaluation = SCANEvaluation.run(examples, executor: executor, batchSize: 64 * workers) { finished in
            progress.advance(to: finished)
        }
        let runSeconds = Date().timeIntervalSince(runStart)
        let runCPU = Self.cpuSeconds() - cpuStart
        progress.finish()

        let correct = evaluation.correct
        let errors = evaluation.mismatches.map { (command: $0.command, expected: $0.expected, got: $0.actual.isEmpty ? "(no output)" : $0.actual) }
        let layerCounts = evaluation.layers
        let accuracy = Double(correct) / Double(examples.count)
        let mode = interpreter ? "interpreter" : "compiled weights"
        if json {
            var object: [String: Any] = [
                "mode": interpreter ? "interpreter" : "compiled", "data": "\(source)",
                "commands": examples.count, "correct": correct, "accuracy": accuracy,
                "build_seconds": buildSeconds, "compile_seconds": compileSeconds, "run_seconds": runSeconds,
                "run_cpu_seconds": runCPU,
                "seconds_per_command": runSeconds / Double(examples.count), "threads": workers,
                "mean_layers": Double(layerCounts.reduce(0, +)) / Double(max(layerCounts.count, 1)),
                "max_layers_run": layerCounts.max() ?? 0,
            ]
            if showErrors { object["errors"] = errors.map { ["command": $0.command, "expected": $0.expected, "got": $0.got] } }
            try JSONOutput.print(object)
        } else {
            print("SCAN through the \(mode): \(correct)/\(examples.count) exact matches (\(String(format: "%.2f", accuracy * 100))%)")
            print("build \(Self.seconds(buildSeconds))" + (interpreter ? "" : ", compile \(Self.seconds(compileSeconds))")
                  + ", run \(Self.seconds(runSeconds)) on \(workers) thread(s) (\(Self.seconds(runSeconds / Double(examples.count))) per command; CPU \(Self.seconds(runCPU)), \(Self.seconds(runCPU / Double(examples.count))) per command)")
            print("layers per command: mean \(String(format: "%.1f", Double(layerCounts.reduce(0, +)) / Double(max(layerCounts.count, 1)))), max \(layerCounts.max() ?? 0)")
            if showErrors {
                for error in errors.prefix(50) { print("✗ \(error.command): expected \(error.expected), got \(error.got)") }
            }
        }
        if correct < examples.count && !showErrors && !json {
            print("(\(Plural.count(examples.count - correct, "command")) \(examples.count - correct == 1 ? "differs" : "differ"); --show-errors lists them)")
        }
    }

    /// Where the commands come from.
    enum Source: CustomStringConvertible {
        /// A file the user named with --data.
        case file(String)
        /// A file of the shipped data set.
        case shipped(SCANDataFile)

        var description: String {
            switch self {
            case .file(let path): return path
            case .shipped(let file): return file.description
            }
        }
    }

    /// The data that --data, --split and --part choose: the shipped tasks.txt when none is
    /// given, a shipped split with both --split and --part, or the user's file with --data
    /// alone. Any other combination, or an unknown split or part, is an error that says why.
    static func source(data: String?, split: String?, part: String?) throws -> Source {
        if let data {
            guard split == nil, part == nil else {
                throw CLIError("--data reads a file of your own and --split/--part choose a shipped split; give one or the other")
            }
            return .file(data)
        }
        let splits = SCANSplit.allCases.map(\.rawValue).joined(separator: " or ")
        let parts = SCANSplit.Part.allCases.map(\.rawValue).joined(separator: " or ")
        let chosenSplit = try split.map { name in
            guard let value = SCANSplit(rawValue: name) else {
                throw CLIError("unknown SCAN split '\(name)' (expected \(splits))")
            }
            return value
        }
        let chosenPart = try part.map { name in
            guard let value = SCANSplit.Part(rawValue: name) else {
                throw CLIError("unknown part '\(name)' of a SCAN split (expected \(parts))")
            }
            return value
        }
        switch (chosenSplit, chosenPart) {
        case (nil, nil):
            return .shipped(.tasks)
        case (let split?, nil):
            throw CLIError("--split \(split.rawValue) needs --part \(parts)")
        case (nil, let part?):
            throw CLIError("--part \(part.rawValue) needs --split \(splits)")
        case (let split?, let part?):
            return .shipped(.split(split, part))
        }
    }

    /// User + system CPU time of the process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func seconds(_ s: Double) -> String {
        s >= 1 ? String(format: "%.2f s", s) : String(format: "%.2f ms", s * 1000)
    }
}
