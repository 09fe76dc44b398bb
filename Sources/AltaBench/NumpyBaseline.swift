import Foundation

/// The numpy side of `alta bench runtime`: `python/numpy_baseline.py`, run with `python3`.
///
/// The script is found through `ALTA_PYTHON_DIR` when set, else in the `python` folder of the
/// package (beside this source file when it was built, or above the running executable).
/// Its forward pass is `python/alta/numpy_forward.py`'s, run over an export of the same model.
public enum NumpyBaseline {
    /// Whether the baseline can run, and if not why.
    public enum Availability: Sendable, Equatable {
        case available(script: URL)
        case skipped(String)
    }

    /// The environment variable naming the folder that holds the Python scripts.
    public static let folderVariable = "ALTA_PYTHON_DIR"
    static let scriptName = "numpy_baseline.py"
    /// This file where it was built: `<package>/Sources/AltaBench/NumpyBaseline.swift`.
    public static let sourceFile = #filePath

    /// The script, or `BenchmarkError.baselineScriptMissing` naming every place looked in.
    public static func script(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = Bundle.main.executableURL, sourceFile: String = NumpyBaseline.sourceFile
    ) throws(BenchmarkError) -> URL {
        var folders: [URL] = []
        if let folder = environment[folderVariable], !folder.isEmpty {
            folders = [URL(fileURLWithPath: folder, isDirectory: true)]
        } else {
            // <package>/Sources/AltaBench/NumpyBaseline.swift
            folders.append(URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("python"))
            // <package>/.build/<triple>/<configuration>/alta
            if var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent() {
                for _ in 0..<4 {
                    folder = folder.deletingLastPathComponent()
                    folders.append(folder.appendingPathComponent("python"))
                }
            }
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent(scriptName)
            if FileManager.default.isReadableFile(atPath: candidate.path) { return candidate }
        }
        throw .baselineScriptMissing(searched: folders.map(\.path))
    }

    /// Whether `python3` can import numpy and safetensors (the script's imports); throws when
    /// the script itself is missing.
    public static func probe(log: BenchmarkLog) throws(BenchmarkError) -> Availability {
        let script = try script()
        do {
            let output = try python(["-c", "import numpy, safetensors; print(numpy.__version__)"])
            log.progress("note: numpy \(output.trimmingCharacters(in: .whitespacesAndNewlines)) found")
            return .available(script: script)
        } catch {
            return .skipped("\(error)")
        }
    }

    /// `numpy.matmul` GFLOP/s for float32 `n × n` at each size (best of timed runs), on
    /// `threads` BLAS threads (`nil`: the library's default).
    static func matmulGFLOPS(script: URL, sizes: [Int], threads: Int?) throws(BenchmarkError) -> [Int: Double] {
        let environment = threads.map { ["OPENBLAS_NUM_THREADS": "\($0)", "OMP_NUM_THREADS": "\($0)"] } ?? [:]
        let output = try python([script.path, "matmul"] + sizes.map(String.init), environment: environment)
        guard let parsed = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Double] else {
            throw .python("cannot read numpy's matmul output: \(output)")
        }
        var rates: [Int: Double] = [:]
        for (key, value) in parsed { if let n = Int(key) { rates[n] = value } }
        return rates
    }

    /// python/alta/numpy_forward.py's forward pass over `folder` (an export of the model) on `tokenIDs`
    /// (equally long sequences): its best time and its scores, flattened [batch, length, vocabulary].
    static func forward(script: URL, folder: URL, tokenIDs: [[Int]], minimumRuns: Int) throws -> (seconds: Double, scores: [Float]) {
        let idsURL = folder.appendingPathComponent("ids.i32")
        let scoresURL = folder.appendingPathComponent("scores.f32")
        let ids = tokenIDs.flatMap { $0.map(Int32.init) }
        try ids.withUnsafeBytes { Data($0) }.write(to: idsURL)
        let arguments = [script.path, "forward", folder.path, idsURL.path, "\(tokenIDs.count)",
                         "\(tokenIDs.first?.count ?? 0)", scoresURL.path, "\(minimumRuns)"]
        let output = try python(arguments)
        guard let parsed = (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Double],
            let seconds = parsed["seconds"]
        else { throw BenchmarkError.python("cannot read numpy's forward output: \(output)") }
        let raw = try Data(contentsOf: scoresURL)
        let scores = raw.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (seconds, scores)
    }

    /// Runs `python3` with `arguments`, returning its standard output; throws with the end of
    /// its standard error when it fails.
    static func python(_ arguments: [String], environment: [String: String] = [:]) throws(BenchmarkError) -> String {
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
            throw .python("cannot start python3: \(error.localizedDescription)")
        }
        // Drain stderr concurrently so a chatty process cannot block on a full pipe.
        let errorText = ErrorCollector()
        let reader = Thread { errorText.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let message = errorText.wait()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
            throw .python("python3 exited with status \(process.terminationStatus): \(text)")
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
