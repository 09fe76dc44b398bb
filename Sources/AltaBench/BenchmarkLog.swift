/// Where a running benchmark reports: progress lines ("… reverse", notes) and each
/// measurement as soon as it is taken.
public struct BenchmarkLog: Sendable {
    public let progress: @Sendable (String) -> Void
    public let record: @Sendable (BenchmarkRecord) -> Void

    public init(progress: @escaping @Sendable (String) -> Void, record: @escaping @Sendable (BenchmarkRecord) -> Void) {
        self.progress = progress
        self.record = record
    }

    /// Reports nothing.
    public static let silent = BenchmarkLog(progress: { _ in }, record: { _ in })
}
