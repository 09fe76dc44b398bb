/// How one fuzz case ended.
enum FuzzOutcome: Equatable, Sendable, CustomStringConvertible {
    /// Non-zero exit with a message on stderr (the input was refused).
    case cleanError
    /// Exit 0.
    case run
    /// Non-zero exit without any message: the user is not told what is wrong.
    case silentFailure(status: Int32)
    /// Killed by a signal (a trap, a crash, an out-of-memory kill).
    case crash(signal: Int32)
    /// Still running when the time limit expired (then killed).
    case hang

    /// Whether the case shows a defect (a crash, a hang or a failure without a message).
    var isFailure: Bool {
        switch self {
        case .cleanError, .run: false
        case .silentFailure, .crash, .hang: true
        }
    }

    /// Classifies a finished process.
    static func classify(_ result: TimedProcess.Result) -> FuzzOutcome {
        switch result.termination {
        case .timedOut: return .hang
        case let .signal(signal): return .crash(signal: signal)
        case let .exit(status):
            if status == 0 { return .run }
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return message.isEmpty ? .silentFailure(status: status) : .cleanError
        }
    }

    var description: String {
        switch self {
        case .cleanError: "clean error"
        case .run: "run"
        case let .silentFailure(status): "exit \(status) without a message"
        case let .crash(signal): "crash (signal \(signal))"
        case .hang: "hang"
        }
    }
}
