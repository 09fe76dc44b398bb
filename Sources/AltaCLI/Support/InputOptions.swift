import AltaTransformer
import ArgumentParser
import Foundation

/// `--input "a b c"` (repeatable) and `--input-file FILE` (one sequence per line; `-` is
/// standard input).
struct InputOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditionalSingleValue, help: "Space-separated input tokens (repeat for a batch); may start with '-', e.g. \"-1 0\".")
    var input: [String] = []

    @Option(name: .long, help: "A file with one space-separated input sequence per line ('-' reads standard input).")
    var inputFile: String?

    /// The sequences, split into tokens; blank lines in a file are skipped.
    func sequences() throws -> [[String]] {
        try lines().map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
    }

    /// The inputs as given, one string per sequence (ALTA programs parse their own input,
    /// e.g. `10110` or `12+34`).
    func lines() throws -> [String] {
        var lines = input
        if let inputFile {
            let text = try Self.read(inputFile)
            lines += text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        guard !lines.isEmpty else { throw CLIError("no input: give --input \"a b c\" or --input-file FILE") }
        return lines.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The text of `path`, or of standard input for `-`; errors say why in words.
    static func read(_ path: String) throws -> String {
        guard path == "-" else {
            return try FileError.readText(path, what: "input file")
        }
        let data: Data
        do {
            data = try FileHandle.standardInput.readToEnd() ?? Data()
        } catch {
            throw CLIError("cannot read standard input: \(FileError.reason(path: "/dev/stdin", expected: .file, reading: true, error: error))", kind: .io)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read standard input: it is not UTF-8 text", kind: .data)
        }
        return text
    }
}
