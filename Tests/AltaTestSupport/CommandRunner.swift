import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `alta` executable (next to the test bundle) and captures its output.
public enum CommandRunner {
    /// What a run printed and how it exited.
    public struct Result: Sendable {
        /// The exit status (or the signal number when `signalled`).
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// The child ended on a signal (a crash, or the kill after a time-out).
        public let signalled: Bool
        /// The child outlived the time limit and was killed.
        public let timedOut: Bool
    }

    /// The built `alta` binary is not where the tests look for it.
    public struct ExecutableNotFound: Error, CustomStringConvertible {
        public let description: String
    }

    /// The `alta` binary built alongside the tests.
    public static func executable() throws -> URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("alta")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        throw ExecutableNotFound(description: "the alta executable was not found near \(testBinary.path); run `swift build` first")
    }

    /// Runs `alta arguments…` in `directory` (default: the package root), with `input` on
    /// its standard input (default: none, the null device) and `environment` added to the
    /// inherited variables. With a `timeLimit` the child is killed when it runs longer and
    /// the result says `timedOut`.
    public static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil,
                           timeLimit: Duration? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(executable: executable(), arguments, in: directory ?? PackageRoot.url(),
                input: input, timeLimit: timeLimit, environment: environment)
    }

    /// Runs any executable the same way: stdout and stderr are read at the same time (so a
    /// child filling one pipe cannot block), `input` is written from another thread.
    public static func run(executable: URL, _ arguments: [String], in directory: URL, input: Data? = nil,
                           timeLimit: Duration? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()

        let readers = DispatchGroup()
        let outData = Collected(), errData = Collected()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            DispatchQueue.global().async(group: readers) {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        if let input, let inputPipe {
            // A child that exits without reading all its input closes the pipe: the write
            // then fails with EPIPE instead of killing the test process.
            signal(SIGPIPE, SIG_IGN)
            DispatchQueue.global().async(group: readers) {
                try? inputPipe.fileHandleForWriting.write(contentsOf: input)
                try? inputPipe.fileHandleForWriting.close()
            }
        }

        var timedOut = false
        if let timeLimit {
            let nanoseconds = timeLimit.components.seconds * 1_000_000_000 + timeLimit.components.attoseconds / 1_000_000_000
            if exited.wait(timeout: .now() + .nanoseconds(Int(clamping: nanoseconds))) == .timedOut {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        } else {
            exited.wait()
        }
        process.waitUntilExit()
        readers.wait()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData.get(), as: UTF8.self),
                      stderr: String(decoding: errData.get(), as: UTF8.self),
                      signalled: process.terminationReason == .uncaughtSignal,
                      timedOut: timedOut)
    }

    /// Bytes handed from a reader thread to the caller.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.withLock { data = value } }
        func get() -> Data { lock.withLock { data } }
    }
}
