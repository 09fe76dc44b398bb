import ALTA
import ALTAText
import AltaPrograms
import AltaTransformer
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
        // The file's encoding as the model's declarative one: piece i names token id i, ids
        // without a piece are named `#id`; without an encoding the input is the token ids.
        let ids = 0..<program.inputRange
        let tokens: [String]
        let input: InputTextEncoding
        if let encoding = text.encoding {
            tokens = ids.map { $0 < encoding.pieces.count ? encoding.pieces[$0] : "#\($0)" }
            let name = { (id: Int) in ids.contains(id) ? tokens[id] : "#\(id)" }
            input = InputTextEncoding(
                split: encoding.split == .characters ? .characters : .whitespace, skipped: encoding.skipped,
                pieces: Array(encoding.pieces.prefix(program.inputRange)),
                prefix: encoding.prefix.map(name), suffix: encoding.suffix.map(name),
                padding: encoding.padding.map { .init(length: $0.length, piece: $0.piece) })
        } else {
            tokens = ids.map(String.init)
            input = InputTextEncoding(split: .whitespace, skipped: ",", pieces: tokens)
        }
        return ALTAProgramEntry(
            name: name, summary: "read from \(path)",
            inputDescription: text.encoding == nil ? "token ids separated by spaces" : "text in the program's input encoding",
            exampleInputs: [], layerLimit: { _ in limit }, program: { program },
            inputTokens: tokens, encoding: TextEncoding(input: input, output: .values))
    }

    /// The file at `path` parsed and elaborated (which validates the program); a file that
    /// does not read or elaborate fails with its diagnostic.
    static func load(_ path: String) throws -> ALTATextProgram {
        let source: String
        do {
            source = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read \(path): \((error as NSError).localizedDescription)", cause: error)
        }
        return try ALTATextProgram(source: source, file: path)
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
