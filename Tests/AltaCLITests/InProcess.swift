import AltaTestSupport
import Testing
@testable import AltaCLI

/// `alta` command lines checked in this process (`CommandLineExpectations` with `AltaCommand`
/// as the root), for refusals that need no child process.
enum InProcess {
    /// Expects the parser to refuse `arguments` with `message` (after "Error: ") and `exitCode`.
    static func expectParseError(_ arguments: [String], _ message: String, exitCode: Int32 = 64,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        CommandLineExpectations.expectParseError(AltaCommand.self, arguments, message: message, exitCode: exitCode,
                                                 sourceLocation: sourceLocation)
    }

    /// Expects `arguments` to parse, then their command to fail, rendered exactly as
    /// `Error: message` with `exitCode`; returns the error for checks of its type.
    @discardableResult
    static func expectFailure(_ arguments: [String], _ message: String, exitCode: Int32 = 1,
                              sourceLocation: SourceLocation = #_sourceLocation) throws -> any Error {
        let error = try CommandLineExpectations.runError(AltaCommand.self, arguments, sourceLocation: sourceLocation)
        #expect(AltaCommand.failure(for: error) == AltaCommand.Failure(message: "Error: \(message)\n", exitCode: exitCode),
                "\(arguments)", sourceLocation: sourceLocation)
        return error
    }
}
