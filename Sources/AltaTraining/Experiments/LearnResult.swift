/// One cell of an `alta learn` table: a method's accuracy at one test length over the seeds.
public struct LearnResult: Codable, Equatable, Sendable {
    /// The method (`LearnMethod.rawValue`).
    public var method: String
    /// The test length.
    public var length: Int
    /// Mean accuracy over the runs.
    public var accuracy: Double
    /// Sample standard deviation over the runs (n − 1 in the denominator; 0 for one run).
    public var sd: Double
    /// Each run's accuracy, seed 0 first.
    public var runs: [Double]

    /// The cell of `runs` (at least one).
    public init(method: LearnMethod, length: Int, runs: [Double]) {
        self.method = method.rawValue
        self.length = length
        self.runs = runs
        let n = Double(runs.count)
        let mean = runs.isEmpty ? 0 : runs.reduce(0, +) / n
        accuracy = mean
        sd = runs.count > 1 ? (runs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
    }
}
