import AltaTestSupport
import Foundation
import Testing

/// The test helper that runs child processes: no deadlock on full pipes, standard input,
/// and a time limit.
@Suite struct CommandRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")
    static let here = FileManager.default.temporaryDirectory

    @Test func largeOutputOnBothStreamsDoesNotBlock() throws {
        // 1 MB to stderr before anything to stdout: reading stdout first would deadlock.
        let script = "head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o"
        let result = try CommandRunner.run(executable: Self.shell, ["-c", script], in: Self.here, timeLimit: .seconds(60))
        #expect(!result.timedOut && result.status == 0)
        #expect(result.stderr.utf8.count == 1_048_576 && result.stdout.utf8.count == 1_048_576)
    }

    @Test func standardInputIsPassed() throws {
        let result = try CommandRunner.run(executable: Self.shell, ["-c", "tr a-z A-Z"], in: Self.here, input: Data("abc\n".utf8))
        #expect(result.stdout == "ABC\n" && result.status == 0)
        let none = try CommandRunner.run(executable: Self.shell, ["-c", "cat"], in: Self.here)
        #expect(none.stdout.isEmpty && none.status == 0, "without input the child reads an empty stream")
    }

    @Test func aChildOverTheTimeLimitIsKilled() throws {
        let started = ContinuousClock.now
        let result = try CommandRunner.run(executable: Self.shell, ["-c", "echo started; exec sleep 30"], in: Self.here,
                                           timeLimit: .milliseconds(300))
        #expect(result.timedOut && result.signalled)
        #expect(result.stdout == "started\n")
        #expect(ContinuousClock.now - started < .seconds(20))
        let quick = try CommandRunner.run(executable: Self.shell, ["-c", "exit 3"], in: Self.here, timeLimit: .seconds(30))
        #expect(!quick.timedOut && !quick.signalled && quick.status == 3)
    }
}
