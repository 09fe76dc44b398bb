import AltaTensors
import AltaTransformer
import Foundation

/// Speed of the tensor kernels and the forward pass, side by side with numpy (OpenBLAS)
/// doing the identical computation in the same run (`alta bench runtime`).
///
/// Three measurements, each reported as a record and summarised in the table:
/// - dense matrix product GFLOP/s at n = 128, 512, 1024, against `numpy.matmul`, on all
///   cores and on one thread each (`OPENBLAS_NUM_THREADS=1`);
/// - forward-pass throughput of a dense random `TransformerModel` (d_model 256, 4 layers,
///   4 heads of width 64, MLP 1024, ReLU, batch 64 × length 32) against
///   `python/alta/numpy_forward.py`'s numpy forward pass over an export of the same model (its
///   scores are compared with ours);
/// - a 1%-non-zero model (d_model 2048, MLP 65536) run with its sparse weights and with
///   the same weights forced dense.
public struct RuntimeBenchmark: Sendable {
    /// One part of the benchmark.
    public enum Part: String, CaseIterable, Sendable {
        case matmul, dense, sparse
    }

    /// Minimum timed runs per measurement (the best run is reported).
    public var repetitions = 5
    /// Layers, sequences per batch and sequence length of the sparse model.
    public var sparseLayers = 2
    public var sparseBatch = 4
    public var sparseLength = 16
    /// Run the numpy baselines (`false`: skipped with a note).
    public var numpy = true
    /// Run the sparse-model comparison (about 1.1 GB per layer when forced dense).
    public var sparse = true
    /// Run only this part.
    public var only: Part?

    public init() {}

    /// Runs the chosen parts, reporting each measurement to `log`; returns the table.
    public func run(log: BenchmarkLog) throws -> BenchmarkReport {
        let baseline: NumpyBaseline.Availability = numpy
            ? try NumpyBaseline.probe(log: log)
            : .skipped("disabled with --no-numpy")
        if case let .skipped(reason) = baseline { log.progress("note: numpy baseline skipped: \(reason)") }

        var rows: [Row] = []
        log.record(systemRecord(stage: "start", log: log))
        func runs(_ part: Part) -> Bool { only == nil || only == part }
        if runs(.matmul) { rows += try matmulBenchmarks(baseline, log: log) }
        if runs(.dense) { rows.append(try denseForwardBenchmark(baseline, log: log)) }
        if runs(.sparse) && sparse { rows.append(try sparseForwardBenchmark(log: log)) }
        log.record(systemRecord(stage: "end", log: log))

        var baselineNote = "numpy"
        if case let .skipped(reason) = baseline { baselineNote = "numpy skipped (\(reason))" }
        return BenchmarkReport(
            notes: [
                "", "Baseline: \(baselineNote); the sparse row's baseline is the same model with dense weights.",
                "Dense products: \(Kernels.denseProductKernel).",
            ],
            table: [["benchmark", "alta", "baseline", "ratio"]]
                + rows.map { [$0.name, $0.alta, $0.baseline ?? "skipped", $0.ratio ?? "-"] })
    }

    /// One row of the table.
    private struct Row {
        let name: String
        let alta: String
        let baseline: String?
        let ratio: String?
    }

    private func step(_ message: String, _ log: BenchmarkLog) { log.progress("… \(message)") }

    /// Cores, the dense product's micro-kernel and (on Linux) the load average, so results
    /// taken on a busy machine say so.
    private func systemRecord(stage: String, log: BenchmarkLog) -> BenchmarkRecord {
        var fields: [String: Any] = [
            "benchmark": "system", "stage": stage, "cores": ParallelFor.coreCount,
            "dense_kernel": Kernels.denseProductKernel,
        ]
        if stage == "start" { log.progress("note: dense products run on \(Kernels.denseProductKernel)") }
        if let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first, let load = Double(first)
        {
            fields["load_average_1min"] = load
            if stage == "start" { log.progress("note: 1-minute load average \(load) on \(ParallelFor.coreCount) cores") }
        }
        return BenchmarkRecord(fields, rounding: .significantDigits)
    }

    // MARK: - Dense matmul

    private func matmulBenchmarks(_ numpy: NumpyBaseline.Availability, log: BenchmarkLog) throws -> [Row] {
        let sizes = [128, 512, 1024]
        var rows: [Row] = []
        // All cores (the headline), then one thread on each side: per-core efficiency,
        // which a busy machine disturbs much less than the threaded numbers.
        let modes = ParallelFor.coreCount > 1 ? [ParallelFor.coreCount, 1] : [1]
        for threads in modes {
            let label = threads == 1 ? "1 thread" : "\(threads) threads"
            var numpyRates: [Int: Double] = [:]
            if case let .available(script) = numpy {
                step("numpy matmul at n = \(sizes.map(String.init).joined(separator: ", ")), \(label)", log)
                numpyRates = try NumpyBaseline.matmulGFLOPS(script: script, sizes: sizes, threads: threads == 1 ? 1 : nil)
            }
            var random = SplitMix64(seed: 2024)
            for n in sizes {
                step("matmul n = \(n), \(label)", log)
                let a = RandomModels.matrix(n, n, using: &random)
                let b = RandomModels.matrix(n, n, using: &random)
                var c = Matrix(rows: n, columns: n)
                let flops = 2 * Double(n) * Double(n) * Double(n)
                let seconds = try BenchmarkClock.best(minimumRuns: repetitions, minimumSeconds: 2) {
                    a.values.withUnsafeBufferPointer { ap in
                        b.values.withUnsafeBufferPointer { bp in
                            c.values.withUnsafeMutableBufferPointer { cp in
                                guard let aBase = ap.baseAddress, let bBase = bp.baseAddress, let cBase = cp.baseAddress
                                else { return }
                                Kernels.gemm(
                                    m: n, n: n, k: n, a: aBase, lda: n, b: bBase, ldb: n,
                                    c: cBase, ldc: n, accumulate: false, parallel: threads > 1)
                            }
                        }
                    }
                }
                let rate = flops / seconds / 1e9
                let baseline = numpyRates[n]
                var fields: [String: Any] = [
                    "benchmark": "matmul", "n": n, "threads": threads, "alta_gflops": rate, "alta_ms": seconds * 1e3,
                ]
                if let baseline {
                    fields["numpy_gflops"] = baseline
                    fields["numpy_over_alta"] = baseline / rate
                }
                log.record(BenchmarkRecord(fields, rounding: .significantDigits))
                rows.append(Row(
                    name: "matmul n=\(n), \(label)", alta: String(format: "%.1f GFLOP/s", rate),
                    baseline: baseline.map { String(format: "%.1f GFLOP/s", $0) },
                    ratio: baseline.map { Self.speedComparison(numpy: $0, alta: rate) }))
            }
        }
        return rows
    }

    /// "numpy 2.10× faster" or "alta 1.30× faster", from two rates (higher is faster).
    static func speedComparison(numpy: Double, alta: Double) -> String {
        numpy >= alta
            ? String(format: "numpy %.2f× faster", numpy / alta)
            : String(format: "alta %.2f× faster", alta / numpy)
    }

    // MARK: - Dense forward pass

    private func denseForwardBenchmark(_ numpy: NumpyBaseline.Availability, log: BenchmarkLog) throws -> Row {
        let shape = RandomModels.Shape(
            dModel: 256, layers: 4, heads: 4, dHead: 64, mlpWidth: 1024, vocabulary: 64, maxLength: 32, fill: 1)
        let batch = 64
        let length = 32
        step("building the dense model (d_model 256, 4 layers, 4×64 heads, MLP 1024)", log)
        let model = try RandomModels.make(shape, seed: 7, sparse: false)
        let tokenIDs = RandomModels.tokenIDs(count: batch, length: length, vocabulary: shape.vocabulary, seed: 8)

        step("dense forward, batch \(batch) × length \(length)", log)
        var result: ForwardResult?
        let seconds = try BenchmarkClock.best(minimumRuns: repetitions, minimumSeconds: 2) {
            result = try model.forward(tokenIDs: tokenIDs)
        }
        let tokens = Double(batch * length)
        var fields: [String: Any] = [
            "benchmark": "dense_forward", "d_model": 256, "layers": 4, "heads": 4, "d_head": 64,
            "mlp": 1024, "batch": batch, "length": length,
            "alta_ms_per_batch": seconds * 1e3, "alta_tokens_per_s": tokens / seconds,
        ]
        var baselineText: String?
        var ratioText: String?
        if case let .available(script) = numpy, let result {
            step("numpy forward (python/alta/numpy_forward.py) over an export of the same model", log)
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("alta-bench-\(UUID().uuidString)", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try model.export(to: folder, name: "bench-dense-forward", encoding: .dense)
            let measured = try NumpyBaseline.forward(script: script, folder: folder, tokenIDs: tokenIDs, minimumRuns: repetitions)
            let ours = result.outputScores.flatMap(\.values)
            guard ours.count == measured.scores.count else {
                throw BenchmarkError.python("numpy returned \(measured.scores.count) scores, expected \(ours.count)")
            }
            var worst: Float = 0
            var largest: Float = 0
            for (x, y) in zip(ours, measured.scores) {
                worst = max(worst, abs(x - y))
                largest = max(largest, abs(y))
            }
            fields["numpy_ms_per_batch"] = measured.seconds * 1e3
            fields["numpy_tokens_per_s"] = tokens / measured.seconds
            fields["alta_over_numpy_time"] = seconds / measured.seconds
            fields["max_abs_score_difference"] = Double(worst)
            fields["max_abs_score"] = Double(largest)
            baselineText = String(format: "%.1f ms", measured.seconds * 1e3)
            ratioText = Self.speedComparison(numpy: 1 / measured.seconds, alta: 1 / seconds)
                + String(format: " (scores agree to %.1e of %.1f)", worst, largest)
        }
        log.record(BenchmarkRecord(fields, rounding: .significantDigits))
        return Row(
            name: "dense forward 64×32", alta: String(format: "%.1f ms, %.0f tok/s", seconds * 1e3, tokens / seconds),
            baseline: baselineText, ratio: ratioText)
    }

    // MARK: - Sparse model

    private func sparseForwardBenchmark(log: BenchmarkLog) throws -> Row {
        let shape = RandomModels.Shape(
            dModel: 2048, layers: sparseLayers, heads: 4, dHead: 64, mlpWidth: 65536,
            vocabulary: 64, maxLength: max(sparseLength, 1), fill: 0.01)
        step("building the 1% model (d_model 2048, MLP 65536, \(sparseLayers) layers, 4×64 heads)", log)
        let sparseModel = try RandomModels.make(shape, seed: 11, sparse: true)
        let tokenIDs = RandomModels.tokenIDs(count: sparseBatch, length: sparseLength, vocabulary: shape.vocabulary, seed: 12)
        step("sparse forward, batch \(sparseBatch) × length \(sparseLength)", log)
        var sparseResult: ForwardResult?
        let sparseSeconds = try BenchmarkClock.best(minimumRuns: repetitions, minimumSeconds: 1) {
            sparseResult = try sparseModel.forward(tokenIDs: tokenIDs)
        }
        step("forcing the same weights dense (\(sparseLayers * 1074) MB of MLP weights)", log)
        let dense = RandomModels.withDenseWeights(sparseModel)
        step("dense-weight forward of the same model (slow: about 34 GFLOP per layer per 64 tokens)", log)
        var denseResult: ForwardResult?
        let denseSeconds = try BenchmarkClock.best(minimumRuns: min(repetitions, 2), minimumSeconds: 0) {
            denseResult = try dense.forward(tokenIDs: tokenIDs)
        }
        var worst: Float = 0
        if let sparseResult, let denseResult {
            for (a, b) in zip(sparseResult.outputScores, denseResult.outputScores) {
                worst = max(worst, a.maxAbsDifference(b))
            }
        }
        let tokens = Double(sparseBatch * sparseLength)
        let ratio = denseSeconds / sparseSeconds
        log.record(BenchmarkRecord([
            "benchmark": "sparse_forward", "d_model": 2048, "mlp": 65536, "layers": sparseLayers,
            "heads": 4, "d_head": 64, "fill": 0.01, "batch": sparseBatch, "length": sparseLength,
            "non_zero_parameters": sparseModel.nonZeroCount, "parameters": sparseModel.parameterCount,
            "sparse_ms_per_batch": sparseSeconds * 1e3, "dense_ms_per_batch": denseSeconds * 1e3,
            "sparse_tokens_per_s": tokens / sparseSeconds, "dense_over_sparse_time": ratio,
            "max_abs_score_difference": Double(worst),
        ], rounding: .significantDigits))
        return Row(
            name: "1% model, sparse vs dense weights (\(sparseLayers)L, \(sparseBatch)×\(sparseLength))",
            alta: String(format: "sparse %.1f ms", sparseSeconds * 1e3),
            baseline: String(format: "dense %.1f ms", denseSeconds * 1e3),
            ratio: String(format: "sparse %.1f× faster (outputs differ by %.1e)", ratio, worst))
    }
}
