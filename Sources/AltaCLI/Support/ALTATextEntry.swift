import ALTA
import ALTAText
import AltaPrograms
import Foundation

/// An `.alta` file given where a library program name is expected (`alta eval|compile|run|
/// trace|rules FILE.alta`), as a library entry: its input encoding (or token ids separated by
/// spaces when it declares none), its layer budget, and its output printed per position.
enum ALTATextEntry {
    /// Whether a program argument names an `.alta` file.
    static func isFile(_ argument: String) -> Bool { argument.hasSuffix(".alta") }

    /// The entry of the file at `path`; a file that does not elaborate fails with its
    /// diagnostic.
    static func entry(file path: String) throws -> ALTAProgramEntry {
        let text = try load(path)
        let program = text.program
        let name = program.name
        let limit = try layerLimit(text, path)
        let encoding = text.encoding
        return ALTAProgramEntry(
            name: name, summary: "read from \(path)",
            inputDescription: encoding == nil ? "token ids separated by spaces" : "text in the program's input encoding",
            exampleInputs: [], layerLimit: { _ in limit }, program: { program },
            encode: { input in
                if let encoding {
                    do {
                        return try encoding.tokens(for: input)
                    } catch let error as ALTATextEncodingError {
                        throw ALTAExampleError.invalidInput(program: name, input: input, reason: error.reason)
                    }
                }
                let fields = input.split(whereSeparator: { $0 == " " || $0 == "," })
                guard !fields.isEmpty else { throw ALTAExampleError.invalidInput(program: name, input: input, reason: "no token ids") }
                return try fields.map { field in
                    guard let id = Int(field), (0..<program.inputRange).contains(id) else {
                        throw ALTAExampleError.invalidInput(program: name, input: input,
                                                            reason: "'\(field)' is not a token id in 0..<\(program.inputRange)")
                    }
                    return id
                }
            },
            decode: { output in output.map(ALTAValue.format).joined(separator: " ") })
    }

    /// The file at `path` parsed and elaborated (which validates the program); a file that
    /// does not read or elaborate fails with its diagnostic.
    static func load(_ path: String) throws -> ALTATextProgram {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        do {
            return try ALTATextProgram(source: source, file: path)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// How many layers the file's program runs: its `layers`, else until it halts (at most
    /// 1,000); a program with neither is an error naming the file.
    static func layerLimit(_ text: ALTATextProgram, _ path: String) throws -> ALTALayerLimit {
        guard let limit = text.layerLimit ?? (text.program.halt != nil ? .untilHalt(maxLayers: 1_000) : nil) else {
            throw CLIError("\(path): the program has no halting condition, so it must say how many layers to run (write 'layers N')")
        }
        return limit
    }
}
