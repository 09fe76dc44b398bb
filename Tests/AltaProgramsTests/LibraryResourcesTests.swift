import AltaPrograms
import Foundation
import RASP
import Testing

/// The data files shipped as resources of `AltaPrograms` load through `LibraryResources`, and
/// the RASP registry mirrors Tracr's reference table.
@Suite struct LibraryResourcesTests {
    /// Tracr's table: one object per program, plus `_meta` (sources, match rule, the
    /// rejected programs) and the precision sweep.
    static func tracrTable() throws -> [String: Any] {
        let data = try Data(contentsOf: LibraryResources.tracrModels)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theResourceFolderHoldsTheTracrTableAndSCAN() throws {
        let folder = LibraryResources.folder
        for file in ["tracr_models.json", "SCAN/tasks.txt", "SCAN/LICENSE", "SCAN/README.md"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        #expect(LibraryResources.tracrModels == LibraryResources.url("tracr_models.json"))
        #expect(!FileManager.default.fileExists(atPath: LibraryResources.url("no/such/file").path))
    }

    /// The table's `_unsupported` list is exactly the registry's rejected programs, in order.
    @Test func theRejectedProgramsMirrorTheTracrTable() throws {
        let listed = try #require(try Self.tracrTable()["_unsupported"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(listed.count == 17)
        #expect(RASPLibrary.unsupported.map(\.name) == listed)
    }

    /// Every program of the table is registered under its name with the table's vocabulary,
    /// maximum length, causal flag and BOS/PAD names, and nothing else is registered.
    @Test func theRASPRegistryMirrorsTheTracrTable() throws {
        let table = try Self.tracrTable()
        let names = table.keys.filter { !$0.hasPrefix("_") }.sorted()
        #expect(names.count == 42)
        #expect(RASPLibrary.all.map(\.name) == names)
        for name in names {
            let row = try #require(table[name] as? [String: Any])
            let entry = try #require(RASPLibrary.entry(named: name))
            let vocabulary = try #require(row["vocab"] as? [Any]).map { item -> Value in
                if let text = item as? String { return .string(text) }
                return .int((item as? Int) ?? Int.min)
            }
            #expect(entry.vocabulary == vocabulary, "\(name)")
            #expect(entry.maxSeqLen == row["max_seq_len"] as? Int, "\(name)")
            #expect(entry.causal == row["causal"] as? Bool, "\(name)")
            #expect(entry.compilerBOS == row["compiler_bos"] as? String, "\(name)")
            #expect(entry.compilerPAD == row["compiler_pad"] as? String, "\(name)")
        }
    }
}
