import AltaPrograms
import ArgumentParser
import RASP
import RASPCompiler

/// Options shared by commands that compile a RASP library program.
struct CompileOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Comma-separated vocabulary (default: the program's); RASP programs only.")
    var vocab: String?

    @Option(help: "Maximum input length, BOS excluded (default: the program's).")
    var maxLen: Int?

    @Flag(help: "Compile for causal attention (default: the program's setting); RASP programs only.")
    var causal = false

    @Flag(help: "Tracr's layout: no MLP fusion, no composite selectors, 0/1 means only; RASP programs only.")
    var tracrLayout = false

    @Option(
        name: .customLong("output-sop"),
        help: "For a .rasp file: the s-op that is the program's output (default: the file's `#@ output`, else the last one assigned).")
    var outputSOp: String?

    func validate() throws {
        try OptionRange.check(maxLen, "--max-len", in: 1...OptionRange.maxLength)
    }

    /// Refuses the RASP-only options (`--vocab`, `--causal`, `--tracr-layout`) for the ALTA
    /// program the user called `name`, naming the first one given and why.
    func refuseRASPOnlyOptions(forALTA name: String) throws {
        if let option = given.first(where: { $0 != "--max-len" }) {
            throw CLIError("\(option) applies to RASP programs; '\(name)' is an ALTA program")
        }
    }

    /// Refuses every compile option for an exported model folder (it is already compiled).
    func refuseAll(forModelFolder path: String) throws {
        if let option = given.first {
            throw CLIError("\(option) applies to library programs; '\(path)' is an exported model folder")
        }
    }

    /// The options given on the command line, in declaration order.
    private var given: [String] {
        [
            ("--vocab", vocab != nil), ("--max-len", maxLen != nil), ("--causal", causal), ("--tracr-layout", tracrLayout),
            ("--output-sop", outputSOp != nil),
        ]
            .filter(\.1).map(\.0)
    }

    /// Compiles a RASP library program with these options.
    func compileRASP(_ entry: RASPProgramEntry) throws -> CompiledRASPProgram {
        try Self.compileRASP(entry, vocab: vocab, maxLen: maxLen, causal: causal, tracrLayout: tracrLayout)
    }

    /// The parameters a library program is built and compiled for: `nil` settings take the
    /// program's defaults.
    static func parameters(
        _ entry: RASPProgramEntry, vocab: String? = nil, maxLen: Int? = nil, causal: Bool = false
    ) throws -> RASPBuildParameters {
        let vocabulary = try vocab.map(RASPInput.vocabulary)
        if let maxLen, maxLen < 1 { throw CLIError("--max-len must be at least 1") }
        return entry.parameters(vocabulary: vocabulary, maxSeqLen: maxLen, causal: causal)
    }

    /// The parameters these options choose for `entry`.
    func parameters(_ entry: RASPProgramEntry) throws -> RASPBuildParameters {
        try Self.parameters(entry, vocab: vocab, maxLen: maxLen, causal: causal)
    }

    /// The program `entry` built for `parameters`; a vocabulary or length it cannot take is an
    /// error naming the program and the parameter.
    static func program(_ entry: RASPProgramEntry, _ parameters: RASPBuildParameters) throws -> SOp {
        do {
            return try entry.build(parameters)
        } catch {
            throw CLIError("cannot build \(error)", cause: error)
        }
    }

    /// Compiles a RASP library program built for its parameters; `nil` settings take the
    /// program's defaults.
    static func compileRASP(
        _ entry: RASPProgramEntry, vocab: String? = nil, maxLen: Int? = nil, causal: Bool = false, tracrLayout: Bool = false
    ) throws -> CompiledRASPProgram {
        let parameters = try parameters(entry, vocab: vocab, maxLen: maxLen, causal: causal)
        let program = try program(entry, parameters)
        do {
            return try ProgressReporter.during("compiling \(entry.name)") {
                try RASPModelCompiler.compile(
                    program, vocabulary: parameters.vocabulary, maxSeqLen: parameters.maxSeqLen,
                    causal: parameters.causal, bos: entry.compilerBOS, pad: entry.compilerPAD,
                    options: tracrLayout ? .tracrLayout : RASPCompilerOptions())
            }
        } catch {
            throw CLIError("cannot compile \(entry.name): \(error)", cause: error)
        }
    }
}
