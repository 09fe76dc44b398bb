import AltaTransformer
import Foundation

/// How compiling, exporting and loading grow with the maximum length.
///
/// For each program and N, runs `alta compile NAME --max-len N -o TMP --json` as a child
/// process (so each N gets its own peak RSS), records its wall time, in-process compile
/// time and peak RSS, the export's size on disk, and the time `TransformerModel.load` takes
/// to read it back here; then fits the log-log slope of each figure against N over the three
/// largest N that compiled (where the fixed cost of starting a process matters least; 2 =
/// grows with N², 3 = with N³). A length the compiler refuses is reported with its reason
/// (`alta bench scale`). Exports go to a temporary folder that is removed afterwards.
public struct ScaleBenchmark: Sendable {
    /// The `alta` executable that runs the compiles.
    public var executable: URL
    /// RASP library programs.
    public var programNames: [String]
    /// Maximum lengths N.
    public var maxLengths: [Int]
    /// Store the exports dense (`alta compile --dense`).
    public var dense = false

    public init(executable: URL, programs: [String], lengths: [Int], dense: Bool = false) {
        self.executable = executable
        self.programNames = programs
        self.maxLengths = lengths
        self.dense = dense
    }

    /// The whole result as one JSON object (`--json`) and as notes and a table.
    public struct Result: Sendable {
        public let record: BenchmarkRecord
        public let report: BenchmarkReport
    }

    /// One program at one length.
    struct Point {
        let n: Int
        var wallSeconds = 0.0
        var compileSeconds = 0.0
        var peakRSSBytes = 0
        var exportBytes = 0
        var loadSeconds = 0.0
        var nonZero = 0
        var parameters = 0
        /// Why the compile failed, if it did.
        var failure: String?
    }

    /// Compiles every program at every length, reporting progress to `log`.
    public func run(log: BenchmarkLog) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("alta-bench-scale-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var results: [[String: Any]] = []
        var rows: [[String]] = [[
            "program", "N", "alta compile s", "compile s", "peak RSS MB", "export MB", "load s", "non-zero", "parameters",
        ]]
        for program in programNames {
            var points: [Point] = []
            for n in maxLengths {
                log.progress("… \(program) N=\(n)")
                let point = try measure(program, n: n, executable: executable, folder: scratch.appendingPathComponent("\(program)-\(n)"))
                points.append(point)
                if let failure = point.failure {
                    rows.append([program, "\(n)", "refused: \(failure)"])
                } else {
                    rows.append([
                        program, "\(n)", seconds(point.wallSeconds), seconds(point.compileSeconds),
                        megabytes(point.peakRSSBytes), megabytes(point.exportBytes), seconds(point.loadSeconds),
                        "\(point.nonZero)", "\(point.parameters)",
                    ])
                }
            }
            let ok = Array(points.filter { $0.failure == nil }.sorted { $0.n < $1.n }.suffix(3))
            let slopes: [String: Double?] = [
                "alta_compile_seconds": Self.slope(ok.map { (Double($0.n), $0.wallSeconds) }),
                "compile_seconds": Self.slope(ok.map { (Double($0.n), $0.compileSeconds) }),
                "peak_rss_bytes": Self.slope(ok.map { (Double($0.n), Double($0.peakRSSBytes)) }),
                "export_bytes": Self.slope(ok.map { (Double($0.n), Double($0.exportBytes)) }),
                "load_seconds": Self.slope(ok.map { (Double($0.n), $0.loadSeconds) }),
                "nonzero": Self.slope(ok.map { (Double($0.n), Double($0.nonZero)) }),
            ]
            func slope(_ key: String) -> String { (slopes[key] ?? nil).map { String(format: "N^%.2f", $0) } ?? "-" }
            rows.append([
                program, "slope", slope("alta_compile_seconds"), slope("compile_seconds"), slope("peak_rss_bytes"),
                slope("export_bytes"), slope("load_seconds"), slope("nonzero"), "",
            ])
            results.append([
                "program": program,
                "points": points.map { p -> [String: Any] in
                    var fields: [String: Any] = ["n": p.n]
                    if let failure = p.failure {
                        fields["refused"] = failure
                    } else {
                        fields["alta_compile_seconds"] = p.wallSeconds
                        fields["compile_seconds"] = p.compileSeconds
                        fields["peak_rss_bytes"] = p.peakRSSBytes
                        fields["export_bytes"] = p.exportBytes
                        fields["load_seconds"] = p.loadSeconds
                        fields["nonzero"] = p.nonZero
                        fields["parameters"] = p.parameters
                    }
                    return fields
                },
                "log_log_slopes": slopes.mapValues { $0.map { $0 as Any } ?? NSNull() },
            ])
        }
        return Result(
            record: BenchmarkRecord(["benchmark": "scale", "encoding": dense ? "dense" : "automatic", "programs": results]),
            report: BenchmarkReport(notes: [
                "alta compile s: wall time of `alta compile NAME --max-len N -o DIR` (compile, sample outputs, export); compile s: the compile alone; load s: TransformerModel.load of the export.",
                "slope: least-squares slope of log(figure) against log(N) over the three largest N (2 = grows with N², 3 = with N³).",
            ], table: rows))
    }

    /// Runs one compile in a child process and loads its export back.
    private func measure(_ program: String, n: Int, executable: URL, folder: URL) throws -> Point {
        var point = Point(n: n)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["compile", program, "--max-len", "\(n)", "-o", folder.path, "--json"] + (dense ? ["--dense"] : [])
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            try process.run()
        } catch {
            throw BenchmarkError.childProcess("cannot run \(executable.path): \(error.localizedDescription)")
        }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        point.wallSeconds = BenchmarkClock.seconds(since: start)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            point.failure = message.isEmpty ? "exit status \(process.terminationStatus)" : message
            return point
        }
        guard let summary = try? JSONSerialization.jsonObject(with: stdout) as? [String: Any] else {
            throw BenchmarkError.childProcess("alta compile \(program) --max-len \(n) printed no JSON summary")
        }
        point.compileSeconds = summary["compile_seconds"] as? Double ?? 0
        point.peakRSSBytes = summary["peak_rss_bytes"] as? Int ?? 0
        point.nonZero = summary["nonzero_parameters"] as? Int ?? 0
        point.parameters = summary["parameters"] as? Int ?? 0
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])) ?? []
        point.exportBytes = files.reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        let loadStart = DispatchTime.now().uptimeNanoseconds
        _ = try TransformerModel.load(from: folder)
        point.loadSeconds = BenchmarkClock.seconds(since: loadStart)
        return point
    }

    /// The least-squares slope of `log y` against `log x` over points with positive values
    /// (`nil` with fewer than two).
    public static func slope(_ points: [(Double, Double)]) -> Double? {
        let logs = points.filter { $0.0 > 0 && $0.1 > 0 }.map { (log($0.0), log($0.1)) }
        guard logs.count >= 2 else { return nil }
        let mx = logs.map(\.0).reduce(0, +) / Double(logs.count)
        let my = logs.map(\.1).reduce(0, +) / Double(logs.count)
        let sxx = logs.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
        guard sxx > 0 else { return nil }
        return logs.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
    }

    private func seconds(_ x: Double) -> String { String(format: x < 10 ? "%.3f" : "%.1f", x) }
    private func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
}
