import AltaTransformer
import Foundation

/// A SCAN data set read from lines `IN: <command> OUT: <actions>` (e.g. `tasks.txt`). The
/// published data ships with the library: ``tasks()`` and ``split(_:_:)`` read it.
///
/// Actions may be spelled as in the data files (`I_WALK`, `I_TURN_LEFT`, …) or as in the
/// program (`WALK`, `LTURN`, …). Every line must fit the SCAN program: 1–9 known command
/// words and 1–48 known actions. Blank lines are skipped; any other problem throws
/// ``SCANError/malformedLine(line:reason:)`` with the 1-based line number.
public struct SCANDataset: Hashable, Sendable {
    /// The examples, in file order.
    public let examples: [SCANExample]

    /// A data set from examples.
    public init(examples: [SCANExample]) {
        self.examples = examples
    }

    /// Parses the text of a SCAN data file.
    public init(parsing text: String) throws(SCANError) {
        // Split on UTF-8 bytes (ASCII whitespace); much faster than Character iteration.
        var examples: [SCANExample] = []
        var lineNumber = 0
        let bytes = Array(text.utf8)
        var fields: [String] = []
        var fieldStart: Int?
        for index in 0...bytes.count {
            let byte: UInt8 = index < bytes.count ? bytes[index] : UInt8(ascii: "\n")
            let isSpace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
            if isSpace {
                if let start = fieldStart {
                    fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    fieldStart = nil
                }
                if byte == UInt8(ascii: "\n") {
                    lineNumber += 1
                    if !fields.isEmpty {
                        examples.append(try SCANDataset.parseLine(fields, lineNumber: lineNumber))
                        fields.removeAll(keepingCapacity: true)
                    }
                }
            } else if fieldStart == nil {
                fieldStart = index
            }
        }
        self.examples = examples
    }

    /// Reads and parses a SCAN data file.
    public init(contentsOf url: URL) throws(SCANError) {
        let text: String
        do {
            text = try FileError.readText(url.path, what: "SCAN data file")
        } catch {
            // The reason in words ("no such file", "it is not UTF-8 text"…); the path is in
            // the SCAN error.
            throw .unreadableFile(path: url.path, reason: error.reason)
        }
        try self.init(parsing: text)
    }

    /// Reads and parses a SCAN data file shipped with the library.
    public init(_ file: SCANDataFile) throws(SCANError) {
        try self.init(contentsOf: file.url)
    }

    /// Every command of the bounded SCAN language (`tasks.txt`, 20,910 examples).
    public static func tasks() throws(SCANError) -> SCANDataset {
        try SCANDataset(.tasks)
    }

    /// One part of a split, e.g. `SCANDataset.split(.length, .test)`.
    public static func split(_ split: SCANSplit, _ part: SCANSplit.Part) throws(SCANError) -> SCANDataset {
        try SCANDataset(.split(split, part))
    }

    /// Parses one example from the whitespace-separated fields of a line.
    static func parseLine(_ fields: [String], lineNumber: Int) throws(SCANError) -> SCANExample {
        func malformed(_ reason: String) -> SCANError {
            .malformedLine(line: lineNumber, reason: reason)
        }
        guard fields.first == "IN:" else {
            throw malformed("expected the line to start with 'IN:', found '\(fields[0])'")
        }
        let separators = fields.indices.filter { fields[$0] == "OUT:" }
        guard let separator = separators.first else {
            throw malformed("missing 'OUT:' separator")
        }
        guard separators.count == 1 else {
            throw malformed("'OUT:' appears \(separators.count) times")
        }
        let commandFields = fields[1..<separator]
        let actionFields = fields[(separator + 1)...]
        guard !commandFields.isEmpty else { throw malformed("empty command before 'OUT:'") }
        guard !actionFields.isEmpty else { throw malformed("no actions after 'OUT:'") }
        guard commandFields.count <= SCANLayout.maxInputLength else {
            throw malformed(SCANError.commandTooLong(
                words: commandFields.count, maximum: SCANLayout.maxInputLength).description)
        }
        guard actionFields.count <= SCANLayout.outputLength else {
            throw malformed(SCANError.outputTooLong(
                actions: actionFields.count, maximum: SCANLayout.outputLength).description)
        }
        var command: [SCANWord] = []
        for field in commandFields {
            guard let word = SCANWord.byName[field] else {
                throw malformed(SCANError.unknownWord(field).description)
            }
            command.append(word)
        }
        var actions: [SCANAction] = []
        for field in actionFields {
            guard let action = SCANAction.byName[field] else {
                throw malformed(SCANError.unknownAction(field).description)
            }
            actions.append(action)
        }
        return SCANExample(command: command, actions: actions)
    }
}
