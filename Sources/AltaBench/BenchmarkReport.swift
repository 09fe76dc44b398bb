/// What a benchmark leaves for the end of its output: explanatory lines, then a table
/// (the first row is the header).
public struct BenchmarkReport: Sendable {
    public var notes: [String]
    public var table: [[String]]

    public init(notes: [String] = [], table: [[String]] = []) {
        self.notes = notes
        self.table = table
    }
}
