import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import RASP
import RASPCompiler

/// Compiles and runs every library RASP program and compares compile
/// time, forward time and model size with Tracr's recorded figures (`tracr_models.json`).
///
/// Per program: warm compile time (median of `--repetitions` compiles after one untimed
/// compile; the first compile of the process is reported too), forward time of a batch of 64
/// full-length sequences (median of `--forward-repetitions` runs after a warm-up), layers,
/// d_model, parameters and non-zero parameters — each next to Tracr's, as JSON lines on
/// records, then totals and a table (`alta bench rasp`).
public struct RASPBenchmark: Sendable {
    /// Path of a tracr_models.json of your own (default: the one shipped with the library).
    public var reference: String?

    /// Timed compiles per program (median reported).
    public var repetitions: Int = 7

    /// Timed forward passes per program (median reported).
    public var forwardRepetitions: Int = 31

    /// Only these programs (comma-separated names).
    public var programs: String?

    public init() {}

    /// Measures the chosen programs, reporting each to `log`; returns the totals and table.
    public func run(log: BenchmarkLog) throws -> BenchmarkReport {
        let table = try loadReference()
        var entries = RASPLibrary.all
        if let programs {
            let wanted = programs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in wanted where RASPLibrary.entry(named: name) == nil {
                throw BenchmarkError.unknownProgram(language: "RASP", name: name, known: "see alta list")
            }
            entries = entries.filter { wanted.contains($0.name) }
        }
        var rows: [[String]] = [[
            "program", "compile ms", "Tracr ms", "speed-up", "fwd ms", "Tracr ms", "speed-up",
            "layers", "Tracr", "d_model", "Tracr", "params", "Tracr", "non-zero", "Tracr",
        ]]
        var totals = Totals()
        for entry in entries {
            log.progress("… \(entry.name)")
            let m = try measure(entry)
            let tracr = table.program(named: entry.name)
            let figures = tracr.map {
                RASPComparisonReport.TracrFigures(
                    layers: $0.layers, dModel: $0.dModel, parameters: $0.parameters, nonZeroParameters: $0.nonZeroParameters)
            }
            let row = RASPComparisonReport.row(name: entry.name, model: m.model, tracr: figures)
            var fields: [String: Any] = [
                "benchmark": "rasp", "program": entry.name, "max_seq_len": entry.maxSeqLen,
                "compile_warm_median_s": m.compileMedian, "compile_first_s": m.compileFirst,
                "forward_batch64_median_ms": m.forwardMedian * 1e3,
                "layers": row.layers, "d_model": row.dModel, "params": row.parameters, "nonzero": row.nonZeroParameters,
            ]
            if let tracr {
                fields["tracr_compile_warm_median_s"] = tracr.compileTimeWarm
                fields["tracr_compile_first_call_s"] = tracr.compileTimeFirstCall
                fields["tracr_forward_batch64_median_ms"] = tracr.forwardBatch64
                fields["compile_speedup"] = tracr.compileTimeWarm / m.compileMedian
                fields["forward_speedup"] = tracr.forwardBatch64 / (m.forwardMedian * 1e3)
                fields["tracr_layers"] = tracr.layers
                fields["tracr_d_model"] = tracr.dModel
                fields["tracr_params"] = tracr.parameters
                fields["tracr_nonzero"] = tracr.nonZeroParameters
                totals.add(m, tracr)
            }
            log.record(BenchmarkRecord(fields))
            rows.append([
                entry.name, ms(m.compileMedian * 1e3), tracr.map { ms($0.compileTimeWarm * 1e3) } ?? "-",
                tracr.map { ratio($0.compileTimeWarm / m.compileMedian) } ?? "-",
                ms(m.forwardMedian * 1e3), tracr.map { ms($0.forwardBatch64) } ?? "-",
                tracr.map { ratio($0.forwardBatch64 / (m.forwardMedian * 1e3)) } ?? "-",
                "\(row.layers)", tracr.map { "\($0.layers)" } ?? "-",
                "\(row.dModel)", tracr.map { "\($0.dModel)" } ?? "-",
                "\(row.parameters)", tracr.map { "\($0.parameters)" } ?? "-",
                "\(row.nonZeroParameters)", tracr.map { "\($0.nonZeroParameters)" } ?? "-",
            ])
        }
        log.record(BenchmarkRecord([
            "benchmark": "rasp_total", "programs": totals.count,
            "compile_warm_s": totals.compile, "tracr_compile_warm_s": totals.tracrCompile,
            "compile_speedup": totals.tracrCompile / max(totals.compile, 1e-12),
            "compile_first_s": totals.first, "tracr_compile_first_call_s": totals.tracrFirst,
            "forward_batch64_ms": totals.forward * 1e3, "tracr_forward_batch64_ms": totals.tracrForward,
            "forward_speedup": totals.tracrForward / max(totals.forward * 1e3, 1e-12),
            "layers": totals.layers, "tracr_layers": totals.tracrLayers,
            "programs_with_fewer_layers": totals.fewerLayers,
            "params": totals.params, "tracr_params": totals.tracrParams,
            "nonzero": totals.nonZero, "tracr_nonzero": totals.tracrNonZero,
        ]))
        rows.append([
            "total (\(totals.count))", ms(totals.compile * 1e3), ms(totals.tracrCompile * 1e3),
            ratio(totals.tracrCompile / max(totals.compile, 1e-12)), ms(totals.forward * 1e3), ms(totals.tracrForward),
            ratio(totals.tracrForward / max(totals.forward * 1e3, 1e-12)), "\(totals.layers)", "\(totals.tracrLayers)",
            "", "", "\(totals.params)", "\(totals.tracrParams)", "\(totals.nonZero)", "\(totals.tracrNonZero)",
        ])
        return BenchmarkReport(notes: [
            "",
            "Tracr: tracr_models.json (warm compile median, jitted forward median on [64, N+1]); speed-up = Tracr time / Alta time.",
            "Alta's forward: median of \(forwardRepetitions) passes of a PreparedModel (prepared once, as Tracr's forward is jitted once) on the same shape, returning scores and final residuals.",
            "First compile of this process: \(ms(totals.firstOfProcess * 1e3)) ms (Tracr's first call of a fresh process: \(ms(totals.tracrFirstOfProcess * 1e3)) ms).",
            "Programs with fewer layers than Tracr: \(totals.fewerLayers) of \(totals.count).",
        ], table: rows)
    }

    // MARK: - Measuring

    struct Measurement {
        let model: TransformerModel
        let compileFirst: Double
        let compileMedian: Double
        let forwardMedian: Double
    }

    private func measure(_ entry: RASPProgramEntry) throws -> Measurement {
        func compile() throws -> CompiledRASPProgram {
            try RASPModelCompiler.compile(
                entry.build(), vocabulary: entry.vocabulary, maxSeqLen: entry.maxSeqLen, causal: entry.causal,
                bos: entry.compilerBOS, pad: entry.compilerPAD)
        }
        var start = DispatchTime.now().uptimeNanoseconds
        let compiled = try compile()
        let first = BenchmarkClock.seconds(since: start)
        var compileTimes: [Double] = []
        for _ in 0..<repetitions {
            start = DispatchTime.now().uptimeNanoseconds
            _ = try compile()
            compileTimes.append(BenchmarkClock.seconds(since: start))
        }
        // A batch of 64 full-length inputs (BOS + N tokens), seeded.
        let model = compiled.model
        var random = SplitMix64(seed: 64)
        guard let bos = model.inputEncoder.bos.flatMap(model.inputEncoder.id(of:)) else {
            throw BenchmarkError.noBOS(program: entry.name)
        }
        let vocabularyIDs = entry.vocabulary.compactMap { model.inputEncoder.id(of: $0.description) }
        let batch = (0..<64).map { _ in
            [bos] + (0..<entry.maxSeqLen).map { _ in vocabularyIDs[random.int(in: 0...(vocabularyIDs.count - 1))] }
        }
        // Prepared once, as Tracr's forward is jitted once; the first pass is not timed
        // (Tracr's first, compiling call is not either).
        let prepared = try PreparedModel(model)
        _ = try prepared.forward(tokenIDs: batch)
        var forwardTimes: [Double] = []
        for _ in 0..<forwardRepetitions {
            start = DispatchTime.now().uptimeNanoseconds
            _ = try prepared.forward(tokenIDs: batch)
            forwardTimes.append(BenchmarkClock.seconds(since: start))
        }
        return Measurement(
            model: model, compileFirst: first, compileMedian: BenchmarkClock.median(compileTimes), forwardMedian: BenchmarkClock.median(forwardTimes))
    }

    private func loadReference() throws -> TracrReference {
        guard let reference else { return try TracrReference.library() }
        let data = try FileError.readData(reference, what: "Tracr reference table")
        do {
            return try TracrReference(data: data)
        } catch {
            throw BenchmarkError.unreadableReferenceTable(path: reference, reason: "\(error)")
        }
    }

    /// Running sums over the programs that Tracr's table has.
    struct Totals {
        var count = 0
        var compile = 0.0, tracrCompile = 0.0
        var first = 0.0, tracrFirst = 0.0
        var firstOfProcess = 0.0, tracrFirstOfProcess = 0.0
        var forward = 0.0, tracrForward = 0.0
        var layers = 0, tracrLayers = 0, fewerLayers = 0
        var params = 0, tracrParams = 0, nonZero = 0, tracrNonZero = 0

        mutating func add(_ m: Measurement, _ t: TracrReference.Program) {
            if count == 0 {
                firstOfProcess = m.compileFirst
                tracrFirstOfProcess = t.compileTimeFirstCall
            }
            count += 1
            compile += m.compileMedian
            tracrCompile += t.compileTimeWarm
            first += m.compileFirst
            tracrFirst += t.compileTimeFirstCall
            forward += m.forwardMedian
            tracrForward += t.forwardBatch64
            layers += m.model.layers.count
            tracrLayers += t.layers
            if m.model.layers.count < t.layers { fewerLayers += 1 }
            params += m.model.parameterCount
            tracrParams += t.parameters
            nonZero += m.model.nonZeroCount
            tracrNonZero += t.nonZeroParameters
        }
    }

    // MARK: - Output helpers

    private func ms(_ x: Double) -> String { String(format: x < 10 ? "%.3f" : "%.1f", x) }
    private func ratio(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        return String(format: x < 0.1 ? "%.3f×" : "%.1f×", x)
    }
}
