import Foundation

/// Timing helpers shared by the benchmarks.
public enum BenchmarkClock {
    /// Seconds elapsed since `start` (a `DispatchTime.now().uptimeNanoseconds`).
    public static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The median of `values` (the mean of the middle two for an even count; 0 for none).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        guard n > 0 else { return 0 }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The fastest of at least `minimumRuns` runs of `body` (after one untimed warm-up),
    /// continuing until `minimumSeconds` have passed.
    public static func best(minimumRuns: Int, minimumSeconds: Double, _ body: () throws -> Void) throws -> Double {
        try body()
        var best = Double.infinity
        var runs = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while runs < minimumRuns || seconds(since: start) < minimumSeconds {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, seconds(since: t0))
            runs += 1
        }
        return best
    }
}
