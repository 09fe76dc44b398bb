import AltaTensors
import AltaTestSupport
import AltaTraining
import Foundation
import Testing

/// `alta coverage` through the real executable.
@Suite(.serialized) struct CoverageCommandTests {
    static let name = "sparse_parity_sequential_relative"

    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-coverage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    @Test func oneBitLeavesTheParityRulesUncovered() throws {
        // Bit strings "0" and "1": one layer each; position 1 fires rule 0 and the resets of
        // parity_left=0 and done_left=1, START nothing (RuleCoverageTests derives the rest).
        let result = try CommandRunner.run(["coverage", Self.name, "--lengths", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            sparse_parity_sequential_relative on 2 inputs: 4 MLP applications (2 fire no rule), 3 distinct MLP inputs, 1 layer
            #  rule                                                               fired  L0
            0  done=0 & done_left=1 => done: 0 -> 1                               2      2
            1  parity=0 & done=0 & parity_left=1 & done_left=1 => parity: 0 -> 1  0      0
            2  parity=1 & done=0 & parity_left=1 & done_left=1 => parity: 1 -> 0  0      0
            3  parity_left=0 => parity_left: 0 -> -  (reset)                      2      2
            4  parity_left=1 => parity_left: 1 -> -  (reset)                      0      0
            5  done_left=0 => done_left: 0 -> -  (reset)                          0      0
            6  done_left=1 => done_left: 1 -> -  (reset)                          2      2
            never fired: 1, 2 (and 2 reset rules)
            not minimal with respect to the dataset:
              rules 1, 2 can be removed: never fired
              rule 0: atom done_left=1 can be dropped (matches 0 more inputs)
            smallest rule set reproducing every trace (greedy): 1 rule (from 1 fired program rule)
              done=0 => done: 0 -> 1  ← rule 0

            """)
    }

    @Test func jsonOverEveryStringUpToThreeBits() throws {
        let result = try CommandRunner.run(["coverage", Self.name, "--lengths", "1...3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["inputs"] as? Int == 14)
        #expect(object["applications"] as? Int == 124)
        #expect(object["applicationsWithoutRule"] as? Int == 34)
        #expect(object["minimal"] as? Bool == true)
        let rules = try #require(object["rules"] as? [[String: Any]])
        #expect(rules.map { $0["fired"] as? Int } == [34, 5, 5, 62, 28, 28, 62])
        #expect(rules.first?["perLayer"] as? [Int] == [14, 12, 8])
        #expect(rules.map { $0["reset"] as? Bool } == [false, false, false, true, true, true, true])
        #expect((object["smallestRuleSet"] as? [Any])?.count == 3)
        #expect(object["learned"] == nil)
    }

    @Test func theReadmeExampleIsTheRealOutput() throws {
        let readme = try String(contentsOf: PackageRoot.url().appendingPathComponent("README.md"), encoding: .utf8)
        let prompt = "$ alta coverage sparse_parity_sequential_relative --lengths 1...3\n"
        let start = try #require(readme.range(of: prompt))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let result = try CommandRunner.run(["coverage", Self.name, "--lengths", "1...3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == String(readme[start.upperBound..<end.lowerBound]))
    }

    @Test func aZeroMLPCheckpointGetsEveryRuleFiringWrong() throws {
        // Training set: bit strings of length 1 (rules 0, 3, 6 covered). Test: lengths 1...2.
        // The zero MLP leaves every state as it is, so the 18 applications (of 28) where a
        // rule fires are wrong, in every rule: 38 firings of covered rules, 10 of uncovered
        // ones (worked out per string: "0"/"1" 3 + 0 each; "0x" 9 + 1; "1x" 7 + 4).
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let zero = try MLP(sizes: [9, 2, 9], activation: .relu,
                           parameters: [Matrix(rows: 9, columns: 2), Matrix(rows: 1, columns: 2), Matrix(rows: 2, columns: 9), Matrix(rows: 1, columns: 9)])
        try FileManager.default.createDirectory(at: work.appendingPathComponent("zero"), withIntermediateDirectories: true)
        try MLPCheckpoint.encode(zero).write(to: work.appendingPathComponent("zero/mlp.safetensors"))
        let result = try CommandRunner.run(["coverage", Self.name, "--lengths", "1", "--checkpoint", "zero", "--test-inputs", "lengths=1...2",
                                            "--show", "2"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
        let tail = result.stdout.components(separatedBy: "\n").drop { !$0.hasPrefix("learned MLP") }.joined(separator: "\n")
        #expect(tail == """
            learned MLP zero/mlp.safetensors on 6 test inputs: 18 of 28 applications wrong: 38 wrong transitions on covered rules (of 38), 10 on uncovered rules (of 10), 0 changes no rule makes
            input  layer  position  rules  wrong                                                                      rule covered            input seen
            0      0      1         0,3,6  done=0 (expected 1); parity_left=0 (expected -); done_left=1 (expected -)  0: yes; 3: yes; 6: yes  yes
            1      0      1         0,3,6  done=0 (expected 1); parity_left=0 (expected -); done_left=1 (expected -)  0: yes; 3: yes; 6: yes  yes
            (first 2 of 18 shown; --show N, or --json for all)

            """)
        let json = try CommandRunner.run(["coverage", Self.name, "--lengths", "1", "--checkpoint", "zero/mlp.safetensors",
                                          "--test-inputs", "lengths=1...2", "--json"], in: work)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let learned = try #require(object["learned"] as? [String: Any])
        #expect(learned["applications"] as? Int == 28)
        #expect(learned["wrongOnCoveredRules"] as? Int == 38)
        #expect(learned["wrongOnUncoveredRules"] as? Int == 10)
        #expect((learned["wrong"] as? [Any])?.count == 18)
        let first = try #require((learned["wrong"] as? [[String: Any]])?.first)
        let variables = try #require(first["variables"] as? [[String: Any]])
        #expect(variables.map { $0["variable"] as? String } == ["done", "parity_left", "done_left"])
        #expect(variables[1]["expected"] is NSNull)
        #expect(variables[1]["decoded"] as? String == "0")
        #expect(variables[1]["covered"] as? Bool == true)
    }

    @Test func errorsNameTheProblem() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let cases: [([String], String)] = [
            (["coverage", Self.name, "--checkpoint", "x"],
             "Error: --checkpoint and --test-inputs go together (the learned MLP is audited on the test inputs)"),
            (["coverage", Self.name, "--checkpoint", "x", "--test-inputs", "lengths=0...2"],
             "Error: --test-inputs: --lengths must lie within 1...20 with the low end first, got '0...2'"),
            (["coverage", Self.name, "--checkpoint", "x", "--test-inputs", "bogus=3"], "Error: --test-inputs: Unknown option '--bogus'"),
            (["coverage", Self.name, "--checkpoint", "missing", "--test-inputs", "lengths=2"], "Error: cannot read checkpoint 'missing': no such file"),
            (["coverage", Self.name, "--checkpoint", "x", "--test-inputs", "digits=2"],
             "Error: --test-inputs: --digits does not apply to sparse_parity_sequential_relative (its inputs come from the parity generator)"),
            (["coverage", Self.name, "--digits", "2"],
             "Error: --digits does not apply to sparse_parity_sequential_relative (its inputs come from the parity generator)"),
            (["coverage", Self.name, "--layers", "all"], "Error: --layers must be program or tokens, got 'all'"),
            (["coverage", "nothing"], "Error: no library program named 'nothing' (see `alta list`)"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments, in: work)
            #expect(result.status != 0, "\(arguments)")
            // Progress lines (stderr is not a terminal) may come first.
            #expect(result.stderr.split(separator: "\n").contains { $0 == message }, "\(arguments): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }
}
