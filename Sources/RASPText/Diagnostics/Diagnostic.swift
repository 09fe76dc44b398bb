/// A message about a `.rasp` program at a source position, rendered like a compiler's:
///
/// ```
/// prog.rasp:3:12: error: unknown name 'tokns'
/// x = select(tokns, tokens, ==);
///            ^
/// ```
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious the message is.
    public enum Severity: String, Sendable, Hashable {
        /// The program cannot be read (or, among ``RASPTextProgram/compileErrors``, compiled).
        case error
        /// The program runs, but something deserves attention (e.g. the REPL and Tracr differ).
        case warning
    }

    /// What kind of problem this is (the message says the details).
    public enum Kind: String, Sendable, Hashable {
        /// The text does not follow the grammar (including malformed tokens).
        case syntax
        /// A name that is not bound.
        case unknownName
        /// A call with the wrong number of arguments.
        case argumentCount
        /// A selector where an s-op is needed (or the other way round).
        case selectorWhereSOpNeeded
        /// An encoding mismatch (a numerical s-op where a categorical one is needed, …).
        case encodingMismatch
        /// A categorical aggregate whose selector may select several keys.
        case categoricalMean
        /// A value set (vocabulary, length, range) too large for the compiler.
        case valueSetTooLarge
        /// A program that builds too many s-ops and selectors, or takes too many steps.
        case programTooLarge
        /// A construct that has no transformer form (REPL commands, drawing, lists as s-ops).
        case notCompilable
        /// A value of the wrong type for an operation (e.g. a string where an int is needed).
        case type
        /// An invalid `#@` header line or setting.
        case header
        /// A file that cannot be loaded.
        case load
        /// Unparenthesised operators whose RASP grouping differs from Python's (a warning).
        case precedence
        /// The REPL and Tracr semantics give different results for this construct.
        case semanticDifference
    }

    /// The severity.
    public let severity: Severity
    /// The kind of problem.
    public let kind: Kind
    /// The file name.
    public let fileName: String
    /// Where the culprit starts.
    public let location: SourceLocation
    /// The reason, in words.
    public let message: String
    /// The source line holding ``location``.
    public let sourceLine: String

    /// A diagnostic at `location` of `file`.
    public init(
        _ kind: Kind, _ message: String, at location: SourceLocation, in file: SourceFile, severity: Severity = .error
    ) {
        self.severity = severity
        self.kind = kind
        self.message = message
        self.location = location
        self.fileName = file.name
        self.sourceLine = file.lineText(location.line)
    }

    /// `file:line:column: error: reason`, the source line and a caret under the culprit.
    public var description: String {
        let lead = sourceLine.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(fileName):\(location): \(severity.rawValue): \(message)\n\(sourceLine)\n\(lead)^"
    }

    /// Only the first line: `file:line:column: severity: reason`.
    public var summary: String { "\(fileName):\(location): \(severity.rawValue): \(message)" }
}
