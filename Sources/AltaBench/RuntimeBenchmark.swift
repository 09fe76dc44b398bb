import AltaTensors
import AltaTransformer
import ArgumentParser
import Foundation

/// `alta bench runtime`: speed of the tensor kernels and the forward pass, side by side
/// with numpy (OpenBLAS) doing the identical computation in the same run.
///
/// Three measurements, each printed as one JSON line on stdout and summarised in a table:
/// - dense matrix product GFLOP/s at n = 128, 512, 1024, against `numpy.matmul`, on all
///   cores and on one thread each (`OPENBLAS_NUM_THREADS=1`);
/// - forward-pass throughput of a dense random `TransformerModel` (d_model 256, 4 layers,
///   4 heads of width 64, MLP 1024, ReLU, batch 64 × length 32) against the same forward
///   written in numpy over the same weights (its scores are compared with ours);
/// - a 1%-non-zero model (d_model 2048, MLP 65536) run with its sparse weights and with
///   the same weights forced dense.
struct RuntimeBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Benchmark matmul, the dense forward pass and sparse weights against numpy.",
        discussion: """
            Build in release mode: swift run -c release alta bench runtime. Prints one JSON \
            line per measurement, then a table. numpy columns are skipped (with a note) \
            when python3 or numpy is missing.
            """
    )

    @Option(help: "Minimum timed runs per measurement (the best run is reported).")
    var repetitions: Int = 5

    @Option(help: "Layers of the sparse model.")
    var sparseLayers: Int = 2

    @Option(help: "Sequences per batch for the sparse model.")
    var sparseBatch: Int = 4

    @Option(help: "Length of each sequence for the sparse model.")
    var sparseLength: Int = 16

    @Flag(help: "Do not run the numpy baselines.")
    var noNumpy = false

    @Flag(help: "Skip the sparse-model comparison (it needs about 1.1 GB per layer when forced dense).")
    var skipSparse = false

    @Option(help: "Run only one part: matmul, dense or sparse.")
    var only: Part?

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case matmul, dense, sparse
    }

    func validate() throws {
        try OptionRange.check(repetitions, "--repetitions", in: 1...10_000)
        try OptionRange.check(sparseLayers, "--sparse-layers", in: 1...64)
        try OptionRange.check(sparseBatch, "--sparse-batch", in: 1...4_096)
        try OptionRange.check(sparseLength, "--sparse-length", in: 1...4_096)
    }

    func run() throws {
        var report = BenchmarkReport()
        let numpy = noNumpy
            ? NumpyBaseline.Availability.skipped("disabled with --no-numpy")
            : NumpyBaseline.probe()
        if case let .skipped(reason) = numpy { Progress.note("numpy baseline skipped: \(reason)") }

        report.emit(systemFields(stage: "start"))
        func runs(_ part: Part) -> Bool { only == nil || only == part }
        if runs(.matmul) { try matmulBenchmarks(numpy: numpy, report: &report) }
        if runs(.dense) { try denseForwardBenchmark(numpy: numpy, report: &report) }
        if runs(.sparse) && !skipSparse { try sparseForwardBenchmark(report: &report) }
        report.emit(systemFields(stage: "end"))
        report.printTable(numpy: numpy)
    }

    /// Cores and (on Linux) the load average, so results taken on a busy machine say so.
    private func systemFields(stage: String) -> [String: Any] {
        var fields: [String: Any] = [
            "benchmark": "system", "stage": stage, "cores": ParallelFor.coreCount,
        ]
        if let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first, let load = Double(first)
        {
            fields["load_average_1min"] = load
            if stage == "start" { Progress.note("1-minute load average \(load) on \(ParallelFor.coreCount) cores") }
        }
        return fields
    }

    // MARK: - Dense matmul

    private func matmulBenchmarks(numpy: NumpyBaseline.Availability, report: inout BenchmarkReport) throws {
        let sizes = [128, 512, 1024]
        // All cores (the headline), then one thread on each side: per-core efficiency,
        // which a busy machine disturbs much less than the threaded numbers.
        let modes = ParallelFor.coreCount > 1 ? [ParallelFor.coreCount, 1] : [1]
        for threads in modes {
            let label = threads == 1 ? "1 thread" : "\(threads) threads"
            var numpyRates: [Int: Double] = [:]
            if case .available = numpy {
                Progress.step("numpy matmul at n = \(sizes.map(String.init).joined(separator: ", ")), \(label)")
                numpyRates = try NumpyBaseline.matmulGFLOPS(sizes: sizes, threads: threads == 1 ? 1 : nil)
            }
            var random = SplitMix64(seed: 2024)
            for n in sizes {
                Progress.step("matmul n = \(n), \(label)")
                let a = random.matrix(rows: n, columns: n, scale: 1)
                let b = random.matrix(rows: n, columns: n, scale: 1)
                var c = Matrix(rows: n, columns: n)
                let flops = 2 * Double(n) * Double(n) * Double(n)
                let seconds = try Timing.best(minimumRuns: repetitions, minimumSeconds: 2) {
                    a.values.withUnsafeBufferPointer { ap in
                        b.values.withUnsafeBufferPointer { bp in
                            c.values.withUnsafeMutableBufferPointer { cp in
                                guard let aBase = ap.baseAddress, let bBase = bp.baseAddress,
                                    let cBase = cp.baseAddress
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
                    "benchmark": "matmul", "n": n, "threads": threads, "alta_gflops": rate,
                    "alta_ms": seconds * 1e3,
                ]
                if let baseline {
                    fields["numpy_gflops"] = baseline
                    fields["numpy_over_alta"] = baseline / rate
                }
                report.emit(fields)
                report.rows.append(.init(
                    name: "matmul n=\(n), \(label)", alta: String(format: "%.1f GFLOP/s", rate),
                    baseline: baseline.map { String(format: "%.1f GFLOP/s", $0) },
                    ratio: baseline.map { Self.speedComparison(numpy: $0, alta: rate) }))
            }
        }
    }

    /// "numpy 2.10× faster" or "alta 1.30× faster", from two rates (higher is faster).
    private static func speedComparison(numpy: Double, alta: Double) -> String {
        numpy >= alta
            ? String(format: "numpy %.2f× faster", numpy / alta)
            : String(format: "alta %.2f× faster", alta / numpy)
    }

    // MARK: - Dense forward pass

    private func denseForwardBenchmark(numpy: NumpyBaseline.Availability, report: inout BenchmarkReport) throws {
        let config = RandomModel.Configuration(
            dModel: 256, layers: 4, heads: 4, dHead: 64, mlpWidth: 1024, vocabulary: 64,
            maxLength: 32, fill: 1)
        let batch = 64
        let length = 32
        Progress.step("building the dense model (d_model 256, 4 layers, 4×64 heads, MLP 1024)")
        var random = SplitMix64(seed: 7)
        let built = try RandomModel.build(config, random: &random, sparse: false)
        let tokenIDs = (0..<batch).map { _ in (0..<length).map { _ in random.index(config.vocabulary) } }

        Progress.step("dense forward, batch \(batch) × length \(length)")
        var result: ForwardResult?
        let seconds = try Timing.best(minimumRuns: repetitions, minimumSeconds: 2) {
            result = try built.model.forward(tokenIDs: tokenIDs)
        }
        let tokens = Double(batch * length)
        var fields: [String: Any] = [
            "benchmark": "dense_forward", "d_model": 256, "layers": 4, "heads": 4, "d_head": 64,
            "mlp": 1024, "batch": batch, "length": length,
            "alta_ms_per_batch": seconds * 1e3, "alta_tokens_per_s": tokens / seconds,
        ]
        var baselineText: String?
        var ratioText: String?
        if case .available = numpy, let result {
            Progress.step("numpy forward over the same weights")
            let measured = try NumpyBaseline.forward(
                config: config, parameters: built.parameters, tokenIDs: tokenIDs,
                minimumRuns: repetitions)
            let ours = result.outputScores.flatMap(\.values)
            var worst: Float = 0
            var largest: Float = 0
            for (x, y) in zip(ours, measured.scores) {
                worst = max(worst, abs(x - y))
                largest = max(largest, abs(y))
            }
            guard ours.count == measured.scores.count else {
                throw BenchmarkFailure("numpy returned \(measured.scores.count) scores, expected \(ours.count)")
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
        report.emit(fields)
        report.rows.append(.init(
            name: "dense forward 64×32",
            alta: String(format: "%.1f ms, %.0f tok/s", seconds * 1e3, tokens / seconds),
            baseline: baselineText, ratio: ratioText))
    }

    // MARK: - Sparse model

    private func sparseForwardBenchmark(report: inout BenchmarkReport) throws {
        let config = RandomModel.Configuration(
            dModel: 2048, layers: sparseLayers, heads: 4, dHead: 64, mlpWidth: 65536,
            vocabulary: 64, maxLength: max(sparseLength, 1), fill: 0.01)
        Progress.step(
            "building the 1% model (d_model 2048, MLP 65536, \(sparseLayers) layers, 4×64 heads)")
        var random = SplitMix64(seed: 11)
        let sparse = try RandomModel.build(config, random: &random, sparse: true).model
        let tokenIDs = (0..<sparseBatch).map { _ in
            (0..<sparseLength).map { _ in random.index(config.vocabulary) }
        }
        Progress.step("sparse forward, batch \(sparseBatch) × length \(sparseLength)")
        var sparseResult: ForwardResult?
        let sparseSeconds = try Timing.best(minimumRuns: repetitions, minimumSeconds: 1) {
            sparseResult = try sparse.forward(tokenIDs: tokenIDs)
        }
        Progress.step("forcing the same weights dense (\(sparseLayers * 1074) MB of MLP weights)")
        let dense = RandomModel.forcedDense(sparse)
        Progress.step("dense-weight forward of the same model (slow: about 34 GFLOP per layer per 64 tokens)")
        var denseResult: ForwardResult?
        let denseSeconds = try Timing.best(minimumRuns: min(repetitions, 2), minimumSeconds: 0) {
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
        report.emit([
            "benchmark": "sparse_forward", "d_model": 2048, "mlp": 65536, "layers": sparseLayers,
            "heads": 4, "d_head": 64, "fill": 0.01, "batch": sparseBatch, "length": sparseLength,
            "non_zero_parameters": sparse.nonZeroCount, "parameters": sparse.parameterCount,
            "sparse_ms_per_batch": sparseSeconds * 1e3, "dense_ms_per_batch": denseSeconds * 1e3,
            "sparse_tokens_per_s": tokens / sparseSeconds, "dense_over_sparse_time": ratio,
            "max_abs_score_difference": Double(worst),
        ])
        report.rows.append(.init(
            name: "1% model, sparse vs dense weights (\(sparseLayers)L, \(sparseBatch)×\(sparseLength))",
            alta: String(format: "sparse %.1f ms", sparseSeconds * 1e3),
            baseline: String(format: "dense %.1f ms", denseSeconds * 1e3),
            ratio: String(format: "sparse %.1f× faster (outputs differ by %.1e)", ratio, worst)))
    }
}

// MARK: - Random models

/// Random transformers built through the public `AltaTransformer` API.
private enum RandomModel {
    struct Configuration {
        var dModel: Int
        var layers: Int
        var heads: Int
        var dHead: Int
        var mlpWidth: Int
        var vocabulary: Int
        var maxLength: Int
        /// Fraction of non-zero weights (1 = dense).
        var fill: Double
    }

    /// The model and, for the numpy baseline, every parameter in the order the numpy script
    /// reads them: token and position embeddings; per layer, per head `W_Q, b_Q, W_K, b_K,
    /// W_V, b_V, W_O`, then the attention output bias, `W_1, b_1, W_2, b_2`; the unembedding.
    struct Built {
        let model: TransformerModel
        let parameters: [Float]
    }

    static func build(_ c: Configuration, random: inout SplitMix64, sparse: Bool) throws -> Built {
        var parameters: [Float] = []
        let keep = !sparse
        func matrix(_ rows: Int, _ columns: Int) -> Matrix {
            let m = c.fill >= 1
                ? random.matrix(rows: rows, columns: columns, scale: (3 / Float(rows)).squareRoot())
                : random.sparseMatrix(rows: rows, columns: columns, fill: c.fill).dense()
            if keep { parameters += m.values }
            return m
        }
        func weight(_ rows: Int, _ columns: Int) -> WeightMatrix {
            if sparse {
                return .sparse(random.sparseMatrix(rows: rows, columns: columns, fill: c.fill))
            }
            return .dense(matrix(rows, columns))
        }
        func bias(_ count: Int) -> [Float] {
            let b = (0..<count).map { _ in random.uniform() * 0.1 }
            if keep { parameters += b }
            return b
        }
        let token = matrix(c.vocabulary, c.dModel)
        let position = matrix(c.maxLength, c.dModel)
        var layers: [TransformerLayer] = []
        for _ in 0..<c.layers {
            var heads: [AttentionHead] = []
            for _ in 0..<c.heads {
                let q = weight(c.dModel, c.dHead)
                let qb = bias(c.dHead)
                let k = weight(c.dModel, c.dHead)
                let kb = bias(c.dHead)
                let v = weight(c.dModel, c.dHead)
                let vb = bias(c.dHead)
                let o = weight(c.dHead, c.dModel)
                heads.append(AttentionHead(
                    query: q, key: k, value: v, output: o, queryBias: qb, keyBias: kb, valueBias: vb))
            }
            let outputBias = bias(c.dModel)
            let w1 = weight(c.dModel, c.mlpWidth)
            let b1 = bias(c.mlpWidth)
            let w2 = weight(c.mlpWidth, c.dModel)
            let b2 = bias(c.dModel)
            let feedForward = FeedForward(
                layers: [LinearLayer(weight: w1, bias: b1), LinearLayer(weight: w2, bias: b2)],
                activation: .relu)
            layers.append(TransformerLayer(
                heads: heads, feedForward: feedForward, attentionOutputBias: outputBias))
        }
        let unembedding = weight(c.dModel, c.vocabulary)
        let model = try TransformerModel(
            tokenEmbedding: token, positionEmbedding: position, layers: layers, layout: .stacked,
            unembedding: unembedding, attentionScale: 1 / Float(c.dHead).squareRoot(), causal: false,
            residualLabels: (0..<c.dModel).map { "d\($0)" },
            inputEncoder: try InputEncoder(tokens: (0..<c.vocabulary).map { "t\($0)" }),
            outputEncoder: .categorical(values: (0..<c.vocabulary).map { "o\($0)" }))
        return Built(model: model, parameters: parameters)
    }

    /// The same model with every weight matrix stored dense.
    static func forcedDense(_ model: TransformerModel) -> TransformerModel {
        var copy = model
        func densify(_ w: WeightMatrix) -> WeightMatrix { .dense(w.dense) }
        for l in copy.layers.indices {
            for h in copy.layers[l].heads.indices {
                copy.layers[l].heads[h].query = densify(copy.layers[l].heads[h].query)
                copy.layers[l].heads[h].key = densify(copy.layers[l].heads[h].key)
                copy.layers[l].heads[h].value = densify(copy.layers[l].heads[h].value)
                copy.layers[l].heads[h].output = densify(copy.layers[l].heads[h].output)
            }
            for i in copy.layers[l].feedForward.layers.indices {
                copy.layers[l].feedForward.layers[i].weight = densify(copy.layers[l].feedForward.layers[i].weight)
            }
        }
        copy.unembedding = densify(copy.unembedding)
        return copy
    }
}

/// Benchmark inputs drawn from a seeded generator.
private extension SplitMix64 {
    /// Uniform in [−1, 1).
    mutating func uniform() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    mutating func index(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    /// A dense `[rows, columns]` matrix, entries uniform in [−scale, scale).
    mutating func matrix(rows: Int, columns: Int, scale: Float) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        for i in m.values.indices { m.values[i] = uniform() * scale }
        return m
    }

    /// A CSR matrix with `round(fill · columns)` (at least one) distinct random columns per
    /// row, values scaled so a dense input keeps unit variance.
    mutating func sparseMatrix(rows: Int, columns: Int, fill: Double) -> SparseMatrix {
        let perRow = max(1, min(columns, Int((fill * Double(columns)).rounded())))
        let scale = (3 / Float(max(1, Int(fill * Double(rows))))).squareRoot()
        var starts = [0]
        starts.reserveCapacity(rows + 1)
        var indices: [Int32] = []
        var values: [Float] = []
        indices.reserveCapacity(rows * perRow)
        values.reserveCapacity(rows * perRow)
        var chosen = Set<Int32>()
        for _ in 0..<rows {
            chosen.removeAll(keepingCapacity: true)
            while chosen.count < perRow { chosen.insert(Int32(index(columns))) }
            for column in chosen.sorted() {
                indices.append(column)
                values.append(uniform() * scale)
            }
            starts.append(indices.count)
        }
        // The structure is built sorted and in range above, so validation cannot fail.
        return (try? SparseMatrix(
            rows: rows, columns: columns, rowStarts: starts, columnIndices: indices, values: values))
            ?? SparseMatrix(Matrix(rows: rows, columns: columns))
    }
}

// MARK: - numpy

/// The numpy side of the comparisons, run with `python3 -c`.
private enum NumpyBaseline {
    enum Availability {
        case available
        case skipped(String)
    }

    /// Whether `python3` can import numpy.
    static func probe() -> Availability {
        do {
            let output = try python(["-c", "import numpy; print(numpy.__version__)"])
            Progress.note("numpy \(output.trimmingCharacters(in: .whitespacesAndNewlines)) found")
            return .available
        } catch {
            return .skipped("\(error)")
        }
    }

    /// `numpy.matmul` GFLOP/s for float32 `n × n` at each size (best of timed runs).
    static func matmulGFLOPS(sizes: [Int], threads: Int?) throws -> [Int: Double] {
        let script = """
            import json, sys, time
            import numpy as np
            rng = np.random.default_rng(0)
            out = {}
            for n in [int(s) for s in sys.argv[1:]]:
                a = rng.random((n, n), dtype=np.float32) * 2 - 1
                b = rng.random((n, n), dtype=np.float32) * 2 - 1
                a @ b
                best = float("inf")
                start = time.perf_counter()
                runs = 0
                while runs < 5 or time.perf_counter() - start < 2.0:
                    t = time.perf_counter()
                    a @ b
                    best = min(best, time.perf_counter() - t)
                    runs += 1
                out[str(n)] = 2.0 * n ** 3 / best / 1e9
            print(json.dumps(out))
            """
        let environment = threads.map { ["OPENBLAS_NUM_THREADS": "\($0)", "OMP_NUM_THREADS": "\($0)"] } ?? [:]
        let output = try python(["-c", script] + sizes.map(String.init), environment: environment)
        guard let data = output.data(using: .utf8),
            let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Double]
        else { throw BenchmarkFailure("cannot read numpy's matmul output: \(output)") }
        var rates: [Int: Double] = [:]
        for (key, value) in parsed { if let n = Int(key) { rates[n] = value } }
        return rates
    }

    /// Runs the identical forward pass in numpy (embedding add; per layer and head
    /// `Q/K/V` projections with biases, scaled softmax attention within each sequence,
    /// output projection; attention output bias; residual add; 2-layer ReLU MLP with
    /// biases; residual add; unembedding) and returns its best time and its scores.
    static func forward(
        config c: RandomModel.Configuration, parameters: [Float], tokenIDs: [[Int]], minimumRuns: Int
    ) throws -> (seconds: Double, scores: [Float]) {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("alta-bench-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let weightsURL = folder.appendingPathComponent("weights.f32")
        let idsURL = folder.appendingPathComponent("ids.i32")
        let scoresURL = folder.appendingPathComponent("scores.f32")
        try parameters.withUnsafeBytes { Data($0) }.write(to: weightsURL)
        let ids = tokenIDs.flatMap { $0.map(Int32.init) }
        try ids.withUnsafeBytes { Data($0) }.write(to: idsURL)
        let script = """
            import json, sys, time
            import numpy as np
            (weights, ids_path, scores_path, d, L, H, dh, dm, V, Tmax, B, T, runs) = sys.argv[1:]
            d, L, H, dh, dm, V, Tmax, B, T, runs = map(int, (d, L, H, dh, dm, V, Tmax, B, T, runs))
            buf = np.fromfile(weights, dtype=np.float32)
            off = 0
            def take(*shape):
                global off
                n = int(np.prod(shape))
                a = buf[off:off + n].reshape(shape)
                off += n
                return a
            tok = take(V, d)
            pos = take(Tmax, d)
            layers = []
            for _ in range(L):
                heads = [tuple(take(*s) for s in ((d, dh), (dh,), (d, dh), (dh,), (d, dh), (dh,), (dh, d)))
                         for _ in range(H)]
                layers.append((heads, take(d), take(d, dm), take(dm), take(dm, d), take(d)))
            U = take(d, V)
            assert off == buf.size, (off, buf.size)
            ids = np.fromfile(ids_path, dtype=np.int32).reshape(B, T)
            scale = np.float32(1.0 / np.sqrt(dh))
            def forward():
                x = (tok[ids] + pos[:T]).reshape(B * T, d)
                for heads, ob, W1, b1, W2, b2 in layers:
                    out = np.broadcast_to(ob, x.shape).copy()
                    for Wq, bq, Wk, bk, Wv, bv, Wo in heads:
                        q = (x @ Wq + bq).reshape(B, T, dh)
                        k = (x @ Wk + bk).reshape(B, T, dh)
                        v = (x @ Wv + bv).reshape(B, T, dh)
                        s = (q @ k.transpose(0, 2, 1)) * scale
                        s = np.exp(s - s.max(axis=-1, keepdims=True))
                        p = s / s.sum(axis=-1, keepdims=True)
                        out += (p @ v).reshape(B * T, dh) @ Wo
                    x = x + out
                    h = np.maximum(x @ W1 + b1, 0)
                    x = x + (h @ W2 + b2)
                return x @ U
            scores = forward()
            best = float("inf")
            start = time.perf_counter()
            count = 0
            while count < runs or time.perf_counter() - start < 2.0:
                t = time.perf_counter()
                forward()
                best = min(best, time.perf_counter() - t)
                count += 1
            scores.astype(np.float32).tofile(scores_path)
            print(json.dumps({"seconds": best}))
            """
        let batch = tokenIDs.count
        let length = tokenIDs.first?.count ?? 0
        let arguments = [
            weightsURL.path, idsURL.path, scoresURL.path, c.dModel, c.layers, c.heads, c.dHead,
            c.mlpWidth, c.vocabulary, c.maxLength, batch, length, minimumRuns,
        ].map { "\($0)" }
        let output = try python(["-c", script] + arguments)
        guard let data = output.data(using: .utf8),
            let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Double],
            let seconds = parsed["seconds"]
        else { throw BenchmarkFailure("cannot read numpy's forward output: \(output)") }
        let raw = try Data(contentsOf: scoresURL)
        let scores = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (seconds, scores)
    }

    /// Runs `python3` with `arguments`, returning its standard output; throws with its
    /// standard error when it fails.
    static func python(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure("cannot start python3: \(error.localizedDescription)")
        }
        // Drain stderr concurrently so a chatty process cannot block on a full pipe.
        let errorText = ErrorCollector()
        let reader = Thread { errorText.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errorText.wait()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self)
                .split(separator: "\n").suffix(3).joined(separator: " | ")
            throw BenchmarkFailure("python3 exited with status \(process.terminationStatus): \(text)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Holds a child's standard error, read on another thread.
    private final class ErrorCollector: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()

        func set(_ value: Data) {
            data = value
            done.signal()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}

// MARK: - Timing, progress and output

private enum Timing {
    /// The fastest of at least `minimumRuns` runs of `body` (after one untimed warm-up),
    /// continuing until `minimumSeconds` have passed.
    static func best(minimumRuns: Int, minimumSeconds: Double, _ body: () throws -> Void) throws -> Double {
        try body()
        var best = Double.infinity
        var runs = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while runs < minimumRuns
            || Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < minimumSeconds
        {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            runs += 1
        }
        return best
    }
}

/// The runtime benchmark's progress lines (through the shared reporter).
private enum Progress {
    static let reporter = ProgressReporter()
    static func step(_ message: String) { reporter.note("… \(message)") }
    static func note(_ message: String) { reporter.note("note: \(message)") }
}

private struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// JSON lines as they are measured, and the table at the end.
private struct BenchmarkReport {
    struct Row {
        let name: String
        let alta: String
        let baseline: String?
        let ratio: String?
    }

    var rows: [Row] = []

    /// Prints one measurement as a JSON line on stdout.
    func emit(_ fields: [String: Any]) {
        let rounded = fields.mapValues { value -> Any in
            if let x = value as? Double, x.isFinite { return Double(String(format: "%.5g", x)) ?? x }
            return value
        }
        if let data = try? JSONSerialization.data(withJSONObject: rounded, options: [.sortedKeys]),
            let line = String(data: data, encoding: .utf8)
        {
            print(line)
        }
    }

    func printTable(numpy: NumpyBaseline.Availability) {
        var baselineNote = "numpy"
        if case let .skipped(reason) = numpy { baselineNote = "numpy skipped (\(reason))" }
        let header = Row(name: "benchmark", alta: "alta", baseline: "baseline", ratio: "ratio")
        let all = [header] + rows
        let widths = (
            all.map(\.name.count).max() ?? 0,
            all.map(\.alta.count).max() ?? 0,
            all.map { ($0.baseline ?? "skipped").count }.max() ?? 0
        )
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        print("")
        print("Baseline: \(baselineNote); the sparse row's baseline is the same model with dense weights.")
        for (index, row) in all.enumerated() {
            print([pad(row.name, widths.0), pad(row.alta, widths.1),
                   pad(row.baseline ?? "skipped", widths.2), row.ratio ?? "-"].joined(separator: "  "))
            if index == 0 {
                print(String(repeating: "-", count: widths.0 + widths.1 + widths.2 + 40))
            }
        }
    }
}
