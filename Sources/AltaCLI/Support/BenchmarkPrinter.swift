import AltaBench

/// How the `alta bench` commands show a benchmark: progress lines on stderr (through
/// `ProgressReporter`), each record as a JSON line on stdout, then the notes and the table.
enum BenchmarkPrinter {
    /// A log printing records as they come and progress through a `ProgressReporter`.
    static func log(progress reporter: ProgressReporter = ProgressReporter()) -> BenchmarkLog {
        BenchmarkLog(progress: { reporter.note($0) }, record: { Swift.print($0.jsonLine) })
    }

    /// The notes, then the table.
    static func print(_ report: BenchmarkReport) {
        for line in report.notes { Swift.print(line) }
        Swift.print(TextTable.render(report.table), terminator: "")
    }
}
