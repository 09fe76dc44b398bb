import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation

/// Builds, compiles and runs every ALTA example (the library and SCAN) and
/// compares with the original's recorded figures (ALTA.md §12.6, §14).
///
/// Per example: build time and rule counts (before / after minimisation), compile time (first
/// and median of `--repetitions`), the peak RSS growth during the first compile (the kernel's
/// peak mark is reset before it), parameters and non-zero parameters, then the time per input through the compiled
/// weights (the sparse-rows backend; also the feature-major one for small models) and through the
/// interpreter, on the example inputs plus seeded random ones. For SCAN, "jump twice" is also
/// run for the original's layer counts (40 layers compiled, 301 interpreted) to compare like
/// with like (`alta bench alta`). A record per program, then a table. Programs are measured
/// in order of size (SCAN last) so that each peak-RSS growth belongs to its compile.
public struct ALTABenchmark: Sendable {
    /// Timed compiles per program (median reported).
    public var repetitions: Int = 3

    /// Random inputs per program besides the examples.
    public var inputs: Int = 8

    /// Only these programs (comma-separated names; 'scan' for SCAN).
    public var programs: String?

    /// SCAN commands from the data file for the per-command averages.
    public var scanCommands: Int = 40

    /// A SCAN data file of your own (default: the shipped tasks.txt).
    public var scanData: String?

    /// Also time the dense runtime on SCAN (slow).
    public var denseSCAN = false

    public init() {}

    /// The original's figures (ALTA.md §12.6, §14) for one example.
    struct Baseline {
        var build: Double?
        var compile: Double?
        var memoryMB: Double?
        /// Compiled forward per input, and what it was measured on.
        var forward: Double?
        var interpreter: Double?
        var note: String
    }

    static let baselines: [String: Baseline] = [
        "sparse_parity_sequential_relative": Baseline(
            build: nil, compile: 0.7, memoryMB: nil, forward: 0.06, interpreter: 0.20,
            note: "build+compile < 0.7 s; runs on 1-45 bits <= 0.06 s compiled, <= 0.20 s interpreted"),
        "sparse_parity_sequential_absolute": Baseline(
            build: nil, compile: 0.7, memoryMB: nil, forward: 0.53, interpreter: 0.08,
            note: "build+compile < 0.7 s; runs on 1-45 bits <= 0.53 s compiled, <= 0.08 s interpreted"),
        "sparse_parity_sum_mod_2": Baseline(
            build: nil, compile: 0.7, memoryMB: nil, forward: 0.013, interpreter: 0.014,
            note: "build+compile < 0.7 s; runs <= 0.013 s compiled, <= 0.014 s interpreted"),
        "addition": Baseline(
            build: 0.43, compile: 0.14, memoryMB: nil, forward: 0.12, interpreter: 0.004,
            note: "789+456: 0.12 s compiled (6 layers), 0.004 s interpreted"),
        "subleq": Baseline(build: 1.3, compile: 1.5, memoryMB: nil, forward: nil, interpreter: nil, note: "build 1.3 s, compile 1.5 s"),
        "scan": Baseline(
            build: 2.7, compile: 14.9, memoryMB: 5000, forward: 106, interpreter: 6.6,
            note: "jump twice: 106 s compiled (40 layers, dense numpy), 6.6 s interpreted (301 layers); ~5 GB during the size sweep"),
    ]

    /// Measures the chosen programs, reporting each to `log`; returns the table.
    public func run(log: BenchmarkLog) throws -> BenchmarkReport {
        // SCAN is in the library too; it is measured once, last, on the dataset.
        var names = ALTALibrary.names.filter { $0 != "scan" } + ["scan"]
        if let programs {
            let wanted = programs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in wanted where !names.contains(name) {
                throw BenchmarkError.unknownProgram(language: "ALTA", name: name, known: "known: \(names.joined(separator: ", "))")
            }
            names = names.filter { wanted.contains($0) }
        }
        var rows: [[String]] = [[
            "program", "rules", "minimised", "build", "compile", "orig.", "peak +MB", "params", "non-zero",
            "fwd/input", "orig.", "speed-up", "interp/input", "orig.", "speed-up", "layers/input",
        ]]
        for name in names {
            log.progress("… \(name)")
            let m = try name == "scan" ? measureSCAN() : measureLibrary(name)
            let base = Self.baselines[name]
            var fields: [String: Any] = [
                "benchmark": "alta", "program": name, "build_s": m.build, "compile_first_s": m.compileFirst,
                "compile_median_s": m.compileMedian, "peak_rss_growth_mb": m.peakGrowthMB, "peak_rss_mb": m.peakMB,
                "d_model": m.compiled.statistics.dModel, "hidden": m.compiled.statistics.hiddenWidths,
                "params": m.compiled.statistics.parameters, "nonzero": m.compiled.statistics.nonZeroParameters,
                "rule_units": m.compiled.statistics.ruleUnits,
                "inputs": m.inputCount, "forward_per_input_s": m.forwardPerInput, "interpreter_per_input_s": m.interpreterPerInput,
                "mean_layers": m.meanLayers,
                "compile_phases_s": m.compiled.statistics.phaseSeconds,
            ]
            if let rules = m.compiled.program.ruleStatistics {
                fields["rules_before_minimisation"] = rules.totalBeforeMinimisation
                fields["rules_after_minimisation"] = rules.rulesAfterMinimisation.map { $0 + rules.resetRules } ?? rules.total
                fields["rule_source"] = rules.source.rawValue
            }
            if let dense = m.densePerInput { fields["dense_forward_per_input_s"] = dense }
            for (key, value) in m.extra { fields[key] = value }
            if let base {
                fields["original_note"] = base.note
                if let b = base.build { fields["original_build_s"] = b }
                if let c = base.compile { fields["original_compile_s"] = c; fields["compile_speedup"] = c / m.compileMedian }
                if let mem = base.memoryMB { fields["original_memory_mb"] = mem }
                if let f = base.forward { fields["original_forward_s"] = f }
                if let i = base.interpreter { fields["original_interpreter_s"] = i }
            }
            log.record(BenchmarkRecord(fields))
            let rules = m.compiled.program.ruleStatistics
            let forwardRef = m.extra["jump_twice_40_layers_s"] as? Double ?? m.forwardPerInput
            let interpreterRef = m.extra["jump_twice_interpreter_301_layers_s"] as? Double ?? m.interpreterPerInput
            rows.append([
                name,
                rules.map { "\($0.totalBeforeMinimisation)" } ?? "-",
                (m.extra["rules_if_minimised"] as? Int).map { "(\($0))" }
                    ?? rules.map { "\(($0.rulesAfterMinimisation ?? $0.rulesBeforeMinimisation) + $0.resetRules)" } ?? "-",
                seconds(m.build), seconds(m.compileMedian), base?.compile.map(seconds) ?? "-",
                String(format: "%.0f", m.peakGrowthMB),
                "\(m.compiled.statistics.parameters)", "\(m.compiled.statistics.nonZeroParameters)",
                seconds(m.forwardPerInput), base?.forward.map(seconds) ?? "-",
                base?.forward.map { ratio($0 / forwardRef) } ?? "-",
                seconds(m.interpreterPerInput), base?.interpreter.map(seconds) ?? "-",
                base?.interpreter.map { ratio($0 / interpreterRef) } ?? "-",
                String(format: "%.1f", m.meanLayers),
            ])
        }
        return BenchmarkReport(notes: [
            "",
            "Original ALTA figures: ALTA.md §12.6 and §14 (numpy float64, 2-core CPU). speed-up = original / Alta.",
            "SCAN's rules are written by hand; '(n)' is the count minimisation would give (not used for the compile).",
            "SCAN speed-ups compare \"jump twice\" for the original's layer counts (40 compiled, 301 interpreted); fwd/input and interp/input are dataset averages until halting.",
        ], table: rows)
    }

    // MARK: - Measuring

    struct Measurement {
        let compiled: ALTACompiledProgram
        let build: Double
        let compileFirst: Double
        let compileMedian: Double
        let peakGrowthMB: Double
        let peakMB: Double
        let inputCount: Int
        let forwardPerInput: Double
        let densePerInput: Double?
        let interpreterPerInput: Double
        let meanLayers: Double
        var extra: [String: Any] = [:]
    }

    private func compileTimes(_ program: ALTAProgram, maxLength: Int?, options: ALTACompilerOptions) throws
        -> (ALTACompiledProgram, Double, Double, Double)
    {
        // Reset the kernel's peak-RSS mark so the peak below belongs to this compile.
        let reset = Self.resetPeakRSS()
        let before = reset ? Self.status("VmRSS") : Self.peakRSSMB()
        var start = DispatchTime.now().uptimeNanoseconds
        let compiled = try program.compile(maxLength: maxLength, options: options)
        let first = BenchmarkClock.seconds(since: start)
        let growth = max(0, (reset ? Self.status("VmHWM") : Self.peakRSSMB()) - before)
        var times: [Double] = []
        for _ in 0..<repetitions {
            start = DispatchTime.now().uptimeNanoseconds
            _ = try program.compile(maxLength: maxLength, options: options)
            times.append(BenchmarkClock.seconds(since: start))
        }
        return (compiled, first, BenchmarkClock.median(times), growth)
    }

    private func measureLibrary(_ name: String) throws -> Measurement {
        let entry = try ALTALibrary.entry(named: name)
        var start = DispatchTime.now().uptimeNanoseconds
        let program = try entry.program()
        let build = BenchmarkClock.seconds(since: start)
        var random = SplitMix64(seed: 2024)
        var texts = entry.exampleInputs
        if let randomInputs = entry.randomInputs {
            for _ in 0..<inputs { texts.append(randomInputs.draw(using: &random)) }
        }
        let positions = program.positionRange ?? Int.max
        let tokens: [[Int]] = texts.compactMap { try? entry.encode($0) }.filter { $0.count <= positions }
        guard !tokens.isEmpty else { throw BenchmarkError.noUsableInputs(program: name) }
        let maxLength: Int? = program.positionRange == nil ? tokens.map { $0.count }.max() : nil
        let limits: [ALTALayerLimit] = tokens.map { entry.layerLimit(forTokenCount: $0.count) }
        let cap = limits.map { $0.maxLayers }.max() ?? 1
        let halting = limits.allSatisfy { if case .untilHalt = $0 { true } else { false } }
        let options = ALTACompilerOptions(maxLayers: max(cap, 1), compileHalting: halting)
        let (compiled, first, median, growth) = try compileTimes(program, maxLength: maxLength, options: options)

        let profile = try PreparedModel(compiled.model, backend: .sparseRows).activationProfile(tokenIDs: Array(tokens.prefix(2)))
        let sparse = try PreparedModel(compiled.model, backend: .sparseRows, profile: profile)
        _ = try sparse.forward(tokenIDs: [tokens[0]])
        start = DispatchTime.now().uptimeNanoseconds
        var layers = 0
        for (k, t) in tokens.enumerated() {
            layers += try sparse.forward(
                tokenIDs: [t], options: RunOptions(maxLayers: limits[k].maxLayers, halting: halting, threads: 1)).layersRun[0]
        }
        let forward = BenchmarkClock.seconds(since: start) / Double(tokens.count)

        start = DispatchTime.now().uptimeNanoseconds
        for (k, t) in tokens.enumerated() {
            _ = try compiled.model.forward(
                tokenIDs: [t], options: RunOptions(maxLayers: max(limits[k].maxLayers, 1), halting: halting))
        }
        let dense = BenchmarkClock.seconds(since: start) / Double(tokens.count)

        let interpreter = ALTAInterpreter(program: program)
        start = DispatchTime.now().uptimeNanoseconds
        for (k, t) in tokens.enumerated() { _ = try? interpreter.run(t, layers: limits[k], trace: false) }
        let interpreted = BenchmarkClock.seconds(since: start) / Double(tokens.count)
        return Measurement(
            compiled: compiled, build: build, compileFirst: first, compileMedian: median, peakGrowthMB: growth,
            peakMB: Self.peakRSSMB(), inputCount: tokens.count, forwardPerInput: forward, densePerInput: dense,
            interpreterPerInput: interpreted, meanLayers: Double(layers) / Double(tokens.count))
    }

    private func measureSCAN() throws -> Measurement {
        var start = DispatchTime.now().uptimeNanoseconds
        let program = try SCANProgram.make()
        let build = BenchmarkClock.seconds(since: start)
        let options = ALTACompilerOptions(
            maxLayers: 600, tokens: SCANInputToken.all.map(\.description), outputValues: SCANSymbol.all.map(\.description))
        let (compiled, first, median, growth) = try compileTimes(program, maxLength: nil, options: options)

        let path = scanData ?? SCANDataFile.tasks.url.path
        let dataset = try SCANDataset(parsing: FileError.readText(path, what: "SCAN data file"))
        guard !dataset.examples.isEmpty else { throw BenchmarkError.noSCANExamples(source: scanData ?? "tasks.txt") }
        var random = SplitMix64(seed: 2024)
        var indices = Array(dataset.examples.indices)
        for i in stride(from: indices.count - 1, to: 0, by: -1) { indices.swapAt(i, random.int(in: 0...i)) }
        let sample = indices.prefix(scanCommands).map { dataset.examples[$0] }
        let tokens = try sample.map { try SCANProgram.encode($0.command) }
        let jumpTwice = try SCANProgram.encode(command: "jump twice")

        start = DispatchTime.now().uptimeNanoseconds
        let calibration = try SCANProgram.calibrationCommands.map { try SCANProgram.encode(command: $0) }
        let profile = try PreparedModel(compiled.model, backend: .sparseRows).activationProfile(tokenIDs: calibration)
        let prepared = try PreparedModel(compiled.model, backend: .sparseRows, profile: profile)
        let prepare = BenchmarkClock.seconds(since: start)

        start = DispatchTime.now().uptimeNanoseconds
        let evaluation = SCANEvaluation.run(sample, executor: .weights(prepared, threads: 1) { try compiled.outputs(of: $0) })
        let forward = BenchmarkClock.seconds(since: start) / Double(sample.count)
        let correct = evaluation.correct
        start = DispatchTime.now().uptimeNanoseconds
        _ = try prepared.forward(tokenIDs: [jumpTwice], options: RunOptions(maxLayers: 40, halting: false, threads: 1))
        let jump40 = BenchmarkClock.seconds(since: start)

        let interpreter = ALTAInterpreter(program: program)
        start = DispatchTime.now().uptimeNanoseconds
        for t in tokens { _ = try? interpreter.run(t, layers: .untilHalt(maxLayers: 600), trace: false) }
        let interpreted = BenchmarkClock.seconds(since: start) / Double(tokens.count)
        start = DispatchTime.now().uptimeNanoseconds
        _ = try interpreter.run(jumpTwice, layers: .exactly(301), trace: false)
        let jump301 = BenchmarkClock.seconds(since: start)

        // The program's rules are written, not generated; how much would minimisation save?
        start = DispatchTime.now().uptimeNanoseconds
        let minimised = try program.minimised()
        let minimiseSeconds = BenchmarkClock.seconds(since: start)

        var dense: Double? = nil
        if denseSCAN {
            start = DispatchTime.now().uptimeNanoseconds
            _ = try compiled.model.forward(tokenIDs: [jumpTwice], options: RunOptions(maxLayers: 40))
            dense = BenchmarkClock.seconds(since: start)
        }
        var m = Measurement(
            compiled: compiled, build: build, compileFirst: first, compileMedian: median, peakGrowthMB: growth,
            peakMB: Self.peakRSSMB(), inputCount: tokens.count, forwardPerInput: forward, densePerInput: dense,
            interpreterPerInput: interpreted,
            meanLayers: Double(evaluation.layers.reduce(0, +)) / Double(sample.count))
        m.extra = [
            "jump_twice_40_layers_s": jump40, "jump_twice_interpreter_301_layers_s": jump301,
            "runner_prepare_s": prepare, "sample_correct": correct,
            "compiled_speedup_vs_original_jump_twice": 106 / jump40,
            "interpreter_speedup_vs_original_jump_twice": 6.6 / jump301,
            "minimise_s": minimiseSeconds,
            "rules_if_minimised": minimised.rules.count,
        ]
        if let dense { m.extra["dense_jump_twice_40_layers_s"] = dense }
        return m
    }

    // MARK: - Helpers

    /// The process's peak resident set size so far, in MB.
    static func peakRSSMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Resets the process's peak RSS (`VmHWM`) to its current RSS (Linux `clear_refs` 5).
    static func resetPeakRSS() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// A `kB` field of `/proc/self/status` (e.g. `VmRSS`, `VmHWM`) in MB, or 0.
    static func status(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.filter(\.isNumber)
            return (Double(String(digits)) ?? 0) / 1024
        }
        return 0
    }

    private func seconds(_ x: Double) -> String {
        if x >= 1 { return String(format: "%.2f s", x) }
        if x >= 1e-3 { return String(format: "%.2f ms", x * 1e3) }
        return String(format: "%.1f µs", x * 1e6)
    }

    private func ratio(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        return x >= 100 ? String(format: "%.0f×", x) : String(format: "%.1f×", x)
    }
}
