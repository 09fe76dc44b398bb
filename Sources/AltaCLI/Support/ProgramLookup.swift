import AltaPrograms

/// Resolves the program argument of every command that takes a program, in one place: a
/// library name, a `.rasp` file or an `.alta` file. A plain name finds a program of the
/// preferred language first (RASP unless the command is ALTA-only), then one of the other;
/// `rasp:NAME` and `alta:NAME` choose the language when both have the name (`sort_unique`).
enum ProgramLookup {
    /// A resolved program argument.
    enum Program {
        /// A RASP program: a library entry, or a `.rasp` file read as one.
        case rasp(RASPProgramEntry)
        /// An ALTA program: a library entry, or an `.alta` file read as one.
        case alta(ALTAProgramEntry)
    }

    /// The two program languages, for the preferred one of a plain name.
    enum Language { case rasp, alta }

    /// The program `argument` names, or an error naming it. A `.rasp` file's header
    /// (vocab / max_seq_len / causal / output) is overridden by `vocab`, `maxLen`, `causal`
    /// and `output` (the s-op that is the program's output; `.rasp` files only).
    static func resolve(
        _ argument: String, preferring language: Language = .rasp, vocab: String? = nil, maxLen: Int? = nil, causal: Bool = false,
        output: String? = nil
    ) throws -> Program {
        if RASPTextFile.isFile(argument) {
            return .rasp(try RASPTextFile.entry(argument, output: output, vocab: vocab, maxLen: maxLen, causal: causal))
        }
        if output != nil { throw outputSOpRefused(argument) }
        if ALTATextEntry.isFile(argument) { return .alta(try ALTATextEntry.entry(file: argument)) }
        let rasp = self.rasp(argument).map(Program.rasp)
        let alta = altaIfPresent(argument).map(Program.alta)
        guard let program = language == .rasp ? rasp ?? alta : alta ?? rasp else {
            throw CLIError("no library program named '\(argument)' (see `alta list`)")
        }
        return program
    }

    /// The error for `--output-sop` given with `argument`, which is not a `.rasp` file.
    static func outputSOpRefused(_ argument: String) -> CLIError {
        CLIError("--output-sop applies to .rasp files; '\(argument)' is not a .rasp file")
    }

    /// The program `argument` names for resolution with a command's compile options.
    static func resolve(_ argument: String, options: CompileOptions) throws -> Program {
        try resolve(argument, vocab: options.vocab, maxLen: options.maxLen, causal: options.causal, output: options.outputSOp)
    }

    /// The ALTA program `argument` names, for a command that applies to ALTA programs only
    /// (`command` and `reason` say why in the error for a RASP program).
    static func alta(_ argument: String, command: String, reason: String) throws -> ALTAProgramEntry {
        switch try resolve(argument, preferring: .alta) {
        case .alta(let entry): return entry
        case .rasp:
            throw CLIError("\(command) applies to ALTA programs; '\(argument)' is a RASP program (\(reason))")
        }
    }

    /// The RASP library entry a name refers to, if any (no files).
    static func rasp(_ name: String) -> RASPProgramEntry? {
        if name.hasPrefix("alta:") || ALTATextEntry.isFile(name) || RASPTextFile.isFile(name) { return nil }
        return RASPLibrary.entry(named: name.hasPrefix("rasp:") ? String(name.dropFirst(5)) : name)
    }

    /// The ALTA library entry a name refers to, if any (no files).
    static func altaIfPresent(_ name: String) -> ALTAProgramEntry? {
        if name.hasPrefix("rasp:") || ALTATextEntry.isFile(name) || RASPTextFile.isFile(name) { return nil }
        return try? ALTALibrary.entry(named: name.hasPrefix("alta:") ? String(name.dropFirst(5)) : name)
    }

    /// The ALTA entry a name or `.alta` file refers to, or an error naming it.
    static func alta(_ name: String) throws -> ALTAProgramEntry {
        if ALTATextEntry.isFile(name) { return try ALTATextEntry.entry(file: name) }
        guard let entry = altaIfPresent(name) else {
            throw CLIError("no library program named '\(name)' (see `alta list`)")
        }
        return entry
    }

    /// The names `list` shows: ALTA names that RASP also uses get the `alta:` prefix.
    static func displayName(alta name: String) -> String {
        RASPLibrary.entry(named: name) == nil ? name : "alta:\(name)"
    }
}
