import AltaPrograms

/// Finds an ALTA library entry, with the CLI's error wording.
enum ALTAEntryLookup {
    static func entry(_ name: String) throws -> ALTAProgramEntry {
        do {
            return try ALTALibrary.entry(named: name)
        } catch {
            throw CLIError("no library program named '\(name)' (see `alta list`)")
        }
    }
}
