import Foundation

/// Runs an executable with a time limit, killing it (SIGKILL) when the limit expires;
/// stdout and stderr go to files so a chatty child cannot block on a full pipe.
struct TimedProcess {
    /// How the process ended.
    enum Termination: Equatable, Sendable {
        case exit(Int32)
        case signal(Int32)
        case timedOut
    }

    /// The outcome and what the process printed.
    struct Result: Sendable {
        var termination: Termination
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    let executable: URL
    /// Variables added to (or replacing) the inherited environment.
    var environment: [String: String] = [:]

    /// Runs `arguments` in `directory`, waiting at most `timeout` seconds.
    func run(_ arguments: [String], in directory: URL, timeout: Double) throws -> Result {
        let outURL = directory.appendingPathComponent(".fuzz-stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent(".fuzz-stderr-\(UUID().uuidString)")
        // A file that cannot be made fails below, when its handle is opened.
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let started = Date()
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
        let seconds = Date().timeIntervalSince(started)
        let termination: Termination
        if timedOut {
            termination = .timedOut
        } else if process.terminationReason == .uncaughtSignal {
            termination = .signal(process.terminationStatus)
        } else {
            termination = .exit(process.terminationStatus)
        }
        func text(_ url: URL) -> String {
            String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
        }
        return Result(termination: termination, stdout: text(outURL), stderr: text(errURL), seconds: seconds)
    }
}
