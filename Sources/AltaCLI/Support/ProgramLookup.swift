import AltaPrograms

/// Library lookups by name. A plain name finds a RASP program first, then an ALTA one;
/// `rasp:NAME` and `alta:NAME` choose the language when both have the name (`sort_unique`);
/// a name ending in `.alta` is an ALTA program file.
enum ProgramLookup {
    /// The RASP entry a name refers to, if any.
    static func rasp(_ name: String) -> RASPProgramEntry? {
        if name.hasPrefix("alta:") || ALTATextEntry.isFile(name) { return nil }
        return RASPLibrary.entry(named: name.hasPrefix("rasp:") ? String(name.dropFirst(5)) : name)
    }

    /// The ALTA entry a name refers to, if any.
    static func altaIfPresent(_ name: String) -> ALTAProgramEntry? {
        if ALTATextEntry.isFile(name) { return try? ALTATextEntry.entry(file: name) }
        if name.hasPrefix("rasp:") { return nil }
        return try? ALTALibrary.entry(named: name.hasPrefix("alta:") ? String(name.dropFirst(5)) : name)
    }

    /// The ALTA entry a name refers to, or an error naming it.
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
