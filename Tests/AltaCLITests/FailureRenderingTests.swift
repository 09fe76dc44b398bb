import AltaTestSupport
import AltaTraining
import AltaTransformer
import ArgumentParser
import Foundation
import Testing
@testable import AltaCLI

/// Errors keep their type up to `AltaCommand`, which renders every one in one place: "Error: "
/// and the error's own description, with the exit status of its kind (usage 64, data 65,
/// I/O 74, anything else 1).
@Suite struct FailureRenderingTests {
    struct Unclassified: Error, CustomStringConvertible {
        var description: String { "something else went wrong" }
    }

    @Test func eachKindHasItsExitStatus() {
        let file = FileError(action: "read input file", path: "x", reason: "no such file")
        #expect(AltaCommand.failure(for: file) == .init(message: "Error: cannot read input file 'x': no such file\n", exitCode: 74))
        let header = SafeTensorsError.headerTooSmall(fileLength: 3)
        #expect(AltaCommand.failure(for: header) == .init(message: "Error: \(header.description)\n", exitCode: 65))
        let dataset = TrainingError.unreadableDataset(path: "t", reason: "no readable traces.json in it")
        #expect(AltaCommand.failure(for: dataset)
            == .init(message: "Error: cannot read the trace dataset 't': no readable traces.json in it\n", exitCode: 74))
        #expect(AltaCommand.failure(for: TrainingError.shapeMismatch("widths differ")) == .init(message: "Error: widths differ\n", exitCode: 1))
        #expect(AltaCommand.failure(for: CLIError("refused")) == .init(message: "Error: refused\n", exitCode: 1))
        #expect(AltaCommand.failure(for: Unclassified()) == .init(message: "Error: something else went wrong\n", exitCode: 1))
    }

    @Test func aWrappedErrorKeepsItsCauseAndKind() throws {
        let cause = FileError(action: "read checkpoint", path: "c", reason: "permission denied")
        let wrapped = CLIError("cannot load c: \(cause)", cause: cause)
        #expect(wrapped.cause as? FileError == cause)
        #expect(AltaCommand.failure(for: wrapped) == .init(message: "Error: cannot load c: cannot read checkpoint 'c': permission denied\n", exitCode: 74))
    }

    @Test func validationErrorsKeepTheParsersRenderingWithTheUsage() {
        let failure = AltaCommand.failure(for: ValidationError("--x is wrong"))
        #expect(failure.exitCode == 64)
        #expect(failure.message.hasPrefix("Error: --x is wrong\nUsage: alta <subcommand>\n"), "\(failure.message)")
    }

    @Test func aFileErrorReachesTheCommandLineWithItsType() throws {
        let path = "/nonexistent/alta-inputs.txt"
        let error = try InProcess.expectFailure(["run", "reverse", "--input-file", path],
                                                "cannot read input file '\(path)': no such file", exitCode: 74)
        #expect(error as? FileError == FileError(action: "read input file", path: path, reason: "no such file"))
    }

    /// The same end to end: the process prints the message and exits with the I/O status.
    @Test func theProcessExitsWithTheKindsStatus() throws {
        let result = try CommandRunner.run(["run", "reverse", "--input-file", "/nonexistent/alta-inputs.txt"])
        #expect(result.status == 74)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "Error: cannot read input file '/nonexistent/alta-inputs.txt': no such file\n")
    }
}
