import AltaTestSupport
import Foundation
import Testing

/// `list`, `eval`, `compile`, `run NAME`, `compare`, `trace`, `rules` through the executable.
@Suite(.serialized) struct ProgramCommandTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func listShowsBothLanguages() throws {
        let result = try CommandRunner.run(["list", "--json"])
        #expect(result.status == 0)
        let entries = try #require(try Self.json(result.stdout) as? [[String: Any]])
        let names = Set(entries.compactMap { $0["name"] as? String })
        for name in ["reverse", "sort_unique", "shuffle_dyck2", "parity_sequential_absolute", "addition", "subleq"] {
            #expect(names.contains(name), "\(name) is listed")
        }
        #expect(Set(entries.compactMap { $0["language"] as? String }) == ["RASP", "ALTA"])
    }

    @Test func evalRunsTheEvaluatorAndTheInterpreter() throws {
        let rasp = try CommandRunner.run(["eval", "sort", "--input", "3 1 2", "--json"])
        let raspResult = try #require((try Self.json(rasp.stdout) as? [String: Any])?["results"] as? [[String: Any]])
        #expect(raspResult.first?["output"] as? [Int] == [1, 2, 3])
        let alta = try CommandRunner.run(["eval", "addition", "--input", "999+1", "--json"])
        let altaResult = try #require((try Self.json(alta.stdout) as? [String: Any])?["results"] as? [[String: Any]])
        #expect(altaResult.first?["output"] as? String == "1000")
        let bad = try CommandRunner.run(["eval", "sort", "--input", "3 9"])
        #expect(bad.status != 0 && bad.stderr.contains("'9'") && bad.stderr.contains("position 1"))
        let unknown = try CommandRunner.run(["eval", "no_such_program", "--input", "1"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no_such_program"))
    }

    @Test func compileExportsAndRunAgreesWithEval() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-compile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compiled = try CommandRunner.run(["compile", "reverse", "--output", folder, "--max-len", "7", "--json"])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let summary = try #require(try Self.json(compiled.stdout) as? [String: Any])
        #expect((summary["layers"] as? Int ?? 99) <= 4)
        for file in ["model.safetensors", "config.json", "reference_outputs.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file))
        }
        let run = try CommandRunner.run(["run", folder, "--input", "a b c b a c a"])
        #expect(run.stdout.contains("output: BOS a c a b c b a"))
        let byName = try CommandRunner.run(["run", "reverse", "--input", "c a b"])
        #expect(byName.stdout.contains("output: BOS b a c"))
        let badVocab = try CommandRunner.run(["compile", "reverse", "--output", folder, "--vocab", "a,a"])
        #expect(badVocab.status != 0 && badVocab.stderr.contains("twice"))
    }

    @Test func compareReportsAgreementPerSOp() throws {
        let result = try CommandRunner.run(["compare", "sort_unique", "--input", "3 1 5 2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try Self.json(result.stdout) as? [String: Any])
        #expect(report["mismatches"] as? Int == 0)
        let result0 = try #require((report["results"] as? [[String: Any]])?.first)
        let comparisons = try #require(result0["comparisons"] as? [[String: Any]])
        #expect(comparisons.count >= 4 * 2, "several s-ops, every position")
        #expect(comparisons.allSatisfy { $0["match"] as? Bool == true })
        // Every s-op at every one of the 4 positions, after its own sublayer; no disagreement.
        #expect(comparisons.count % 4 == 0)
        #expect((result0["differences"] as? [Any])?.isEmpty == true)
    }

    @Test func traceAndRulesShowTheInterpreter() throws {
        let trace = try CommandRunner.run(["trace", "sparse_parity_sequential_absolute", "--input", "101", "--variables", "parity"])
        #expect(trace.status == 0)
        let lines = trace.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("Element  Variable  Input  L0a  L0b  L1a  L1b") == true)
        #expect(lines.contains { $0.hasPrefix("2        parity    1      1    1    1    0") })
        #expect(trace.stdout.contains("output: 0  (2 layers, halted)"))
        let rules = try CommandRunner.run(["rules", "parity_sequential_absolute", "--json"])
        let stats = try #require(try Self.json(rules.stdout) as? [String: Any])
        #expect(stats["rules_before_minimisation"] as? Int == 15000)
        #expect(stats["rules_after_minimisation"] as? Int == 3)
        #expect(stats["total"] as? Int == 7)
    }

    @Test(arguments: ["list", "compile", "eval", "compare", "trace", "rules"])
    func everyProgramCommandHasHelp(command: String) throws {
        let help = try CommandRunner.run([command, "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }
}
