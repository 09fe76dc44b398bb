/// What an `alta learn` study measured.
public struct LearnReport: Codable, Equatable, Sendable {
    /// The program.
    public var program: String
    /// Training input lengths, low and high.
    public var trainLengths: [Int]
    /// Test input lengths.
    public var testLengths: [Int]
    /// Random test inputs per length and run.
    public var samples: Int
    /// Runs per method (seeds 0..<seeds).
    public var seeds: Int
    /// Training examples: trace rows (MLP) and input/output pairs (end to end).
    public var traceRows: Int
    public var pairs: Int
    /// One cell per method and test length, methods in the order run.
    public var results: [LearnResult]
    /// Mean training seconds per run, by method.
    public var trainingSeconds: [String: Double]
    /// Wall-clock seconds of the whole study.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case program, trainLengths = "train_lengths", testLengths = "test_lengths", samples, seeds
        case traceRows = "trace_rows", pairs, results, trainingSeconds = "training_seconds", seconds
    }

    /// The cell of `method` at `length`.
    public func result(_ method: LearnMethod, length: Int) -> LearnResult? {
        results.first { $0.method == method.rawValue && $0.length == length }
    }
}
