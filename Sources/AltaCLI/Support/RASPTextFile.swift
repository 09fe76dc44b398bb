import AltaPrograms
import Foundation
import RASP
import RASPText

/// `.rasp` files where a library name goes (`alta eval prog.rasp`, `alta check prog.rasp`).
enum RASPTextFile {
    /// Whether a program argument names a `.rasp` file rather than a library program.
    static func isFile(_ name: String) -> Bool { name.hasSuffix(".rasp") }

    /// The program in `path`; a diagnostic becomes the CLI error (location, line and caret).
    /// `vocab`, `maxLen` and `causal` (the command-line flags) override the file's header.
    static func load(
        _ path: String, output: String? = nil, semantics: String? = nil, vocab: String? = nil, maxLen: Int? = nil,
        causal: Bool = false
    ) throws -> RASPTextProgram {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError("no such file: \(path)", kind: .io) }
        var options = RASPTextOptions()
        options.output = output
        if let vocab { options.vocabulary = try RASPInput.vocabulary(vocab) }
        if let maxLen {
            guard maxLen >= 1 else { throw CLIError("--max-len must be at least 1, not \(maxLen)") }
            options.maxSeqLen = maxLen
        }
        if causal { options.causal = true }
        if let semantics {
            guard let value = EvaluationSemantics(rawValue: semantics) else {
                throw CLIError("--semantics must be repl or tracr, not '\(semantics)'")
            }
            options.semantics = value
        }
        return try RASPTextProgram(contentsOfFile: path, options: options)
    }

    /// Input tokens as the program's values (`tokens_int` reads ints), checked against its
    /// vocabulary and maximum length when the file gives them.
    static func values(_ tokens: [String], _ program: RASPTextProgram) throws -> [Value] {
        if let maxSeqLen = program.maxSeqLen, tokens.count > maxSeqLen {
            throw CLIError("input of \(Plural.count(tokens.count, "token")) is longer than \(program.fileName)'s max_seq_len \(maxSeqLen)", kind: .data)
        }
        guard !tokens.isEmpty else { throw CLIError("an input needs at least one token", kind: .data) }
        if let vocabulary = program.vocabulary {
            return try RASPInput.values(tokens, vocabulary: vocabulary, program: program.fileName)
        }
        guard let values = program.inputValues(tokens) else {
            throw CLIError("'\(tokens.joined(separator: " "))' does not read as \(program.tokenType.rawValue) tokens (the program uses tokens_\(program.tokenType.rawValue))", kind: .data)
        }
        return values
    }

    /// The file at `path` as a library entry, for the commands that compile (`compile`, `run`,
    /// `compare`): its header gives the defaults, the flags override them. A file that does not
    /// name its vocabulary and maximum length (header or flags), or has constructs that do
    /// not compile, is refused with the reason. `output` chooses the output s-op by name.
    static func entry(
        _ path: String, output: String? = nil, vocab: String? = nil, maxLen: Int? = nil, causal: Bool = false
    ) throws -> RASPProgramEntry {
        let program = try load(path, output: output, vocab: vocab, maxLen: maxLen, causal: causal)
        guard let vocabulary = program.vocabulary else {
            throw CLIError("\(path) gives no vocabulary: add a `#@ vocab` line or pass --vocab")
        }
        guard let maxSeqLen = program.maxSeqLen else {
            throw CLIError("\(path) gives no maximum length: add a `#@ max_seq_len` line or pass --max-len")
        }
        if let first = program.compileErrors.first {
            throw CLIError("\(path) evaluates but does not compile (\(Plural.count(program.compileErrors.count, "compile error"))):\n\(first.description)")
        }
        let output = program.output
        return RASPProgramEntry(
            name: path, description: "read from \(path)", group: .lib, vocabulary: vocabulary, maxSeqLen: maxSeqLen,
            causal: program.causal, compilerBOS: program.bos ?? "BOS", compilerPAD: program.pad ?? "PAD",
            build: { _ in output })
    }
}
