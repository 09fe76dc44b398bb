import AltaTestSupport
import Foundation
import Testing

/// `alta print NAME`: ALTA library programs as their `.alta` text, which reads back to the
/// same weights; the programs without a text form are refused with the reason.
@Suite(.serialized) struct PrintCommandTests {
    @Test(arguments: ["parity_sum_mod_2", "alta:sort_unique"])
    func printedALTACompilesToTheSameWeights(name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-print-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try CommandRunner.run(["print", name])
        #expect(printed.status == 0)
        let bare = name.hasPrefix("alta:") ? String(name.dropFirst(5)) : name
        let shipped = try String(contentsOf: PackageRoot.url().appendingPathComponent("Sources/ALTAText/Library/\(bare).alta"), encoding: .utf8)
        #expect(printed.stdout == shipped)
        let file = folder.appendingPathComponent("\(bare).alta")
        try printed.stdout.write(to: file, atomically: true, encoding: .utf8)
        let fromText = try CommandRunner.run(["compile", file.path, "-o", folder.appendingPathComponent("text").path])
        let fromName = try CommandRunner.run(["compile", name, "-o", folder.appendingPathComponent("name").path])
        #expect(fromText.status == 0 && fromName.status == 0)
        let a = try Data(contentsOf: folder.appendingPathComponent("text/model.safetensors"))
        let b = try Data(contentsOf: folder.appendingPathComponent("name/model.safetensors"))
        #expect(a == b)
    }

    @Test func refusalsSayWhy() throws {
        let rasp = try CommandRunner.run(["print", "reverse"])
        #expect(rasp.status == 1)
        #expect(rasp.stderr == "Error: print cannot write 'reverse' as .rasp text: RASP library programs are built from Swift functions (their Maps and SequenceMaps), which have no .rasp form yet\n")
        let scan = try CommandRunner.run(["print", "scan"])
        #expect(scan.stderr == "Error: 'scan' has no .alta form (it is built in Swift; its rules are generated from its grammar)\n")
        let file = try CommandRunner.run(["print", "prog.alta"])
        #expect(file.stderr == "Error: print takes a library program name; 'prog.alta' is a program file already\n")
        let unknown = try CommandRunner.run(["print", "nonesuch"])
        #expect(unknown.stderr == "Error: no library program named 'nonesuch' (see `alta list`)\n")
    }
}
