/// An error in an `.alta` program: where it is and why.
///
/// `description` renders it the way compilers do — `file:line:column: error: reason`, then
/// the source line, then a caret under the culprit:
///
/// ```
/// parity.alta:7:11: error: unknown variable 'dne'
/// set done = dne
///            ^
/// ```
public struct ALTATextDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name shown in the message.
    public let file: String
    /// Where the culprit starts.
    public let location: ALTASourceLocation
    /// The reason, one line.
    public let message: String
    /// The text of the source line at `location` (without its line break).
    public let sourceLine: String

    /// A diagnostic at `location` of `source`.
    public init(file: String, source: String, location: ALTASourceLocation, message: String) {
        self.file = file
        self.location = location
        self.message = message
        self.sourceLine = Self.line(location.line, of: source)
    }

    /// The first line: `file:line:column: error: message`.
    public var headline: String { "\(file):\(location.line):\(location.column): error: \(message)" }

    /// The headline, the source line and a caret line.
    public var description: String {
        var caret = ""
        for character in sourceLine.prefix(max(0, location.column - 1)) {
            caret.append(character == "\t" ? "\t" : " ")
        }
        caret.append("^")
        return [headline, sourceLine, caret].joined(separator: "\n")
    }

    /// Line `number` (1-based) of `source`, empty when there is none.
    static func line(_ number: Int, of source: String) -> String {
        var current = 1
        var start = source.startIndex
        var index = source.startIndex
        while index < source.endIndex {
            if source[index] == "\n" || source[index] == "\r\n" {
                if current == number { return String(source[start..<index]).trimmingSuffixCR() }
                current += 1
                start = source.index(after: index)
            }
            index = source.index(after: index)
        }
        return current == number ? String(source[start...]).trimmingSuffixCR() : ""
    }
}

extension String {
    fileprivate func trimmingSuffixCR() -> String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
