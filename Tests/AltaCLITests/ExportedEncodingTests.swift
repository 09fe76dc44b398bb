import AltaTestSupport
import Foundation
import Testing

/// An exported folder carries its program's text encoding: `alta run FOLDER` reads and
/// prints exactly what `alta run NAME` does; `inspect` shows the real tokens; `--trace` and
/// `--svg` work for ALTA names, with stages named alike in text and pictures.
@Suite struct ExportedEncodingTests {
    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("alta-encoding-\(UUID().uuidString)").path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every ALTA library program but SCAN (too big to compile twice in a debug test run),
    /// with its example inputs, as `alta list` reports them.
    static let altaPrograms: [(name: String, examples: [String])] = {
        guard let listed = try? CommandRunner.run(["list", "--json"]),
              let items = try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        else { return [] }
        return items.compactMap { item in
            guard item["language"] as? String == "ALTA", let name = item["name"] as? String, name != "scan",
                  let examples = item["examples"] as? [String] else { return nil }
            return (name, examples)
        }
    }()

    /// The names `alta list` gives them.
    static let altaNames = [
        "parity_sequential_absolute", "parity_sequential_relative", "parity_sum_mod_2", "parity_sum_mod_2_direct",
        "sparse_parity_sequential_absolute", "sparse_parity_sequential_relative", "sparse_parity_sum_mod_2",
        "addition", "subleq", "alta:sort_unique",
    ]

    @Test func listHasTheALTAPrograms() {
        #expect(Self.altaPrograms.map(\.name) == Self.altaNames)
    }

    /// `run FOLDER` prints exactly what `run NAME` prints, for every example input. The three
    /// programs slowest to compile (seconds each, twice, through a debug build) run in
    /// optimised builds (`TestBuild`).
    @Test(arguments: TestBuild.cases(altaNames, slowInDebug: ["parity_sum_mod_2", "subleq", "alta:sort_unique"]))
    func folderRunsLikeTheName(name: String) throws {
        let examples = try #require(Self.altaPrograms.first { $0.name == name }?.examples, "\(name) is not listed")
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compiled = try CommandRunner.run(["compile", name, "--output", folder])
        try #require(compiled.status == 0, "\(name): \(compiled.stderr)")
        // Inputs the compiled length fits (the longest parity example exceeds some tables).
        let inputs = examples.flatMap { ["--input", $0] }
        let byName = try CommandRunner.run(["run", name, "--json"] + inputs)
        let byFolder = try CommandRunner.run(["run", folder, "--json"] + inputs)
        #expect(byFolder.status == byName.status, "\(name)")
        #expect(byFolder.stdout == byName.stdout, "\(name)")
        #expect(byFolder.stderr == byName.stderr, "\(name)")
        if byName.status != 0 {
            // Some example is too long for the compiled table: compare the ones that fit.
            for example in examples {
                let one = try CommandRunner.run(["run", name, "--input", example])
                let other = try CommandRunner.run(["run", folder, "--input", example])
                #expect(one.status == other.status && one.stdout == other.stdout && one.stderr == other.stderr, "\(name) \(example)")
            }
        }
        let first = try CommandRunner.run(["run", folder, "--input", examples[0], "--json"])
        #expect(first.status == 0, "\(name): \(first.stderr)")
        let result = try #require((try Self.json(first.stdout)["results"] as? [[String: Any]])?.first)
        #expect(result["text"] as? String == examples[0])
        #expect(!(result["result"] as? String ?? "").isEmpty)
    }

    @Test func theIssuesExamplesGiveTheRightAnswers() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandRunner.run(["compile", "addition", "--output", folder + "/add"]).status == 0)
        let sum = try CommandRunner.run(["run", folder + "/add", "--input", "12+34"])
        #expect(sum.status == 0, "\(sum.stderr)")
        #expect(sum.stdout.contains("input:  12+34\ntokens: START 1 2 + 3 4 END\noutput: 46\nlayers: "))
        let bad = try CommandRunner.run(["run", folder + "/add", "--input", "12+3a"])
        #expect(bad.status != 0 && bad.stdout.isEmpty)
        #expect(bad.stderr.contains("cannot encode input '12+3a': 'a' at position 4 is not one of 0 1 2 3 4 5 6 7 8 9"))

        #expect(try CommandRunner.run(["compile", "alta:sort_unique", "--output", folder + "/sort"]).status == 0)
        for model in [folder + "/sort", "alta:sort_unique"] {
            let sorted = try CommandRunner.run(["run", model, "--input", "3 5 4 2"])
            #expect(sorted.status == 0, "\(sorted.stderr)")
            #expect(sorted.stdout == "input:  3 5 4 2\ntokens: BOS 3 5 4 2\noutput: 2 3 4 5\nlayers: 2 (fixed depth)\n", "\(model)")
        }
    }

    /// A few RASP programs: the folder and the name agree too (whitespace tokens, BOS added).
    @Test(arguments: [("reverse", "c a b", "BOS b a c"), ("sort", "3 1 2", "BOS 1 2 3"), ("hist", "a b b", "BOS 1 2 2")])
    func raspFolderRunsLikeTheName(name: String, input: String, output: String) throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandRunner.run(["compile", name, "--output", folder]).status == 0)
        let inputs = ["--input", input, "--input", "BOS " + input]
        let byName = try CommandRunner.run(["run", name] + inputs)
        let byFolder = try CommandRunner.run(["run", folder] + inputs)
        #expect(byName.status == 0, "\(byName.stderr)")
        #expect(byFolder.stdout == byName.stdout && byFolder.status == byName.status)
        // Plain token models print the tokens as the input, BOS added when missing.
        #expect(byName.stdout == "input:  BOS \(input)\noutput: \(output)\n\ninput:  BOS \(input)\noutput: \(output)\n")
    }

    @Test func inspectShowsTheRealTokensForFoldersAndNames() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandRunner.run(["compile", "addition", "--output", folder]).status == 0)
        for model in [folder, "addition"] {
            let text = try CommandRunner.run(["inspect", model])
            #expect(text.status == 0, "\(text.stderr)")
            #expect(text.stdout.contains("input tokens: 0=0 1=1 2=2 3=3 4=4 5=5 6=6 7=7 8=8 9=9 START=10 +=11 END=12\n"))
            #expect(text.stdout.contains("text in:  per character, pieces 0 1 2 3 4 5 6 7 8 9, 2 operands joined by '+' (shorter ones padded with 0 in front), prefix START, suffix END\n"))
            #expect(text.stdout.contains("text out: every position but the last 1, values 0=0 1=1 2=2 3=3 4=4 5=5 6=6 7=7 8=8 9=9, nulls rejected, joined by \"\", leading zeros dropped\n"))
            let json = try Self.json(try CommandRunner.run(["inspect", model, "--json"]).stdout)
            #expect((json["input_tokens"] as? [String])?.suffix(3) == ["START", "+", "END"])
            let encoding = try #require(json["text_encoding"] as? [String: Any])
            #expect((encoding["input"] as? [String: Any])?["prefix"] as? [String] == ["START"])
        }
        let sort = try CommandRunner.run(["inspect", "alta:sort_unique"])
        #expect(sort.stdout.contains("layout:      looped: one shared layer, exactly 2 iterations (fixed depth, no halting rule)\n"))
    }

    @Test func traceAndPicturesForAnALTAName() throws {
        let run = try CommandRunner.run(["run", "addition", "--input", "12+34", "--trace"])
        #expect(run.status == 0, "\(run.stderr)")
        // One table per stage, positions headed by the real tokens, one row per variable.
        #expect(run.stdout.contains("── embedding ──\nvariable "))
        #expect(run.stdout.contains("── iteration 1 attention ──"))
        #expect(run.stdout.contains("── iteration 5 mlp ──"))
        let lines = run.stdout.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("variable") })
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["variable", "START", "1", "2", "+", "3", "4", "END"])
        #expect(lines.contains { $0.hasPrefix("value_out ") })
        #expect(lines.contains { $0.hasPrefix("step ") })

        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pictures = try CommandRunner.run(["run", "addition", "--input", "12+34", "--svg", folder])
        #expect(pictures.status == 0, "\(pictures.stderr)")
        let residual = try String(contentsOfFile: folder + "/residual-1.svg", encoding: .utf8)
        let attention = try String(contentsOfFile: folder + "/attention-1.svg", encoding: .utf8)
        for svg in [residual, attention] {
            #expect(svg.contains(">START<") && svg.contains(">END<") && svg.contains(">+<"))
        }
        #expect(residual.contains(">iteration 1<") && residual.contains(">attention<") && residual.contains(">value_out:4<"))
        #expect(attention.contains(">iteration 1 head 0<") && attention.contains(">iteration 5 head 0<") && attention.contains(">sink<"))
    }
}
