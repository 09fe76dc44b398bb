import AltaBench
import ArgumentParser

/// `alta bench runtime`: `RuntimeBenchmark` (matmul, the dense forward pass and sparse
/// weights, side by side with numpy).
struct BenchRuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runtime",
        abstract: "Benchmark matmul, the dense forward pass and sparse weights against numpy.",
        discussion: """
            Build in release mode: swift run -c release alta bench runtime. Prints one JSON \
            line per measurement, then a table. numpy columns are skipped (with a note) \
            when python3, numpy or safetensors is missing. The numpy side is \
            python/numpy_baseline.py (its forward pass is python/alta/numpy_forward.py's), found \
            in the package or in $ALTA_PYTHON_DIR.
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
    var only: RuntimeBenchmark.Part?

    func validate() throws {
        try OptionRange.check(repetitions, "--repetitions", in: 1...10_000)
        try OptionRange.check(sparseLayers, "--sparse-layers", in: 1...64)
        try OptionRange.check(sparseBatch, "--sparse-batch", in: 1...4_096)
        try OptionRange.check(sparseLength, "--sparse-length", in: 1...4_096)
    }

    /// The benchmark these options describe.
    var benchmark: RuntimeBenchmark {
        var benchmark = RuntimeBenchmark()
        benchmark.repetitions = repetitions
        benchmark.sparseLayers = sparseLayers
        benchmark.sparseBatch = sparseBatch
        benchmark.sparseLength = sparseLength
        benchmark.numpy = !noNumpy
        benchmark.sparse = !skipSparse
        benchmark.only = only
        return benchmark
    }

    func run() throws {
        BenchmarkPrinter.print(try benchmark.run(log: BenchmarkPrinter.log()))
    }
}

extension RuntimeBenchmark.Part: ExpressibleByArgument {}
