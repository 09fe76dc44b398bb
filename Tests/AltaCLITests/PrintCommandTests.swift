import AltaTestSupport
import Foundation
import Testing

/// `alta print NAME`: RASP library programs as `.rasp` text and ALTA ones as their `.alta`
/// text, which read back to the same weights; programs without a text form are refused with
/// the reason.
@Suite(.serialized) struct PrintCommandTests {
    @Test(arguments: ["parity_sum_mod_2", "alta:sort_unique"])
    func printedALTAIsTheShippedFile(name: String) throws {
        let printed = try CommandRunner.run(["print", name])
        #expect(printed.status == 0)
        let bare = name.hasPrefix("alta:") ? String(name.dropFirst(5)) : name
        let shipped = try String(contentsOf: PackageRoot.url().appendingPathComponent("Sources/ALTAText/Library/\(bare).alta"), encoding: .utf8)
        #expect(printed.stdout == shipped)
    }

    /// The printed text of a Swift DSL program compiles to the DSL's weights (for `alta:`
    /// names the printed text is the shipped file itself, above).
    @Test func printedALTACompilesToTheSameWeights() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try CommandRunner.run(["print", "parity_sum_mod_2"])
        #expect(printed.status == 0)
        let file = folder.appendingPathComponent("parity_sum_mod_2.alta")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        try expectSameWeights(file: file, name: "parity_sum_mod_2", in: folder)
    }

    @Test func printedRASPRunsAndCompilesLikeTheName() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try CommandRunner.run(["print", "reverse"])
        #expect(printed.status == 0)
        #expect(printed.stdout.hasPrefix("#@ vocab [\"a\", \"b\", \"c\"]\n#@ max_seq_len 5\n"))
        #expect(printed.stdout.hasSuffix("v_reverse_1 = named(aggregate(v_reverse_selector_2, tokens), \"reverse\");\n"))
        let file = folder.appendingPathComponent("reverse.rasp")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let byFile = try CommandRunner.run(["run", file.path, "--input", "a b c", "--json"])
        let byName = try CommandRunner.run(["run", "reverse", "--input", "a b c", "--json"])
        #expect(byFile.status == 0 && byFile.stdout == byName.stdout)
        try expectSameWeights(file: file, name: "reverse", in: folder)
    }

    /// Tracr's n-ary SequenceMap (tuple-valued s-ops) prints with tuple literals and reads back.
    @Test(arguments: ["nary_sequencemap_add", "nary_sequencemap_muldiv"])
    func printedTupleProgramRunsAndCompilesLikeTheName(name: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try CommandRunner.run(["print", name])
        #expect(printed.status == 0)
        #expect(printed.stdout.contains("(1, 1, 1): "))
        let file = folder.appendingPathComponent("\(name).rasp")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let byFile = try CommandRunner.run(["run", file.path, "--input", "1 2 3", "--json"])
        let byName = try CommandRunner.run(["run", name, "--input", "1 2 3", "--json"])
        #expect(byFile.status == 0 && byFile.stdout == byName.stdout)
        try expectSameWeights(file: file, name: name, in: folder)
    }

    @Test func refusalsSayWhy() throws {
        try InProcess.expectFailure(["print", "scan"], "'scan' has no .alta form (it is built in Swift; its rules are generated from its grammar)")
        try InProcess.expectFailure(["print", "prog.alta"], "print takes a library program name; 'prog.alta' is a program file already")
        try InProcess.expectFailure(["print", "nonesuch"], "no library program named 'nonesuch' (see `alta list`)")
    }

    /// A new empty folder under the temporary directory (the caller removes it).
    private static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Compiling the printed `file` and the library program `name` writes identical weights.
    private func expectSameWeights(file: URL, name: String, in folder: URL) throws {
        let fromText = try CommandRunner.run(["compile", file.path, "-o", folder.appendingPathComponent("text").path])
        let fromName = try CommandRunner.run(["compile", name, "-o", folder.appendingPathComponent("name").path])
        #expect(fromText.status == 0 && fromName.status == 0)
        let a = try Data(contentsOf: folder.appendingPathComponent("text/model.safetensors"))
        let b = try Data(contentsOf: folder.appendingPathComponent("name/model.safetensors"))
        #expect(a == b)
    }
}
