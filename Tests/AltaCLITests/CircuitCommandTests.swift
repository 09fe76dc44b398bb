import AltaTestSupport
import Foundation
import Testing

/// `alta compile` writes `circuit.json` beside RASP exports, and `alta circuit check`
/// ablates its components through the real executable.
@Suite(.serialized) struct CircuitCommandTests {
    static func workFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("alta-circuit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static let reverseTable = """
        component         s-op         changed s-ops                     verdict
        blocks.0.attn[0]  length_5     length_5, opp_idx-1_3, reverse_1  ok
        blocks.0.mlp      length_5     length_5, opp_idx-1_3, reverse_1  ok
        blocks.1.mlp      opp_idx-1_3  opp_idx-1_3, reverse_1            ok
        blocks.2.attn[0]  reverse_1    reverse_1                         ok
        4 components ablated on 4 inputs: 4 ok, 0 not exercised, 0 violations

        """

    /// The RASP export holds circuit.json, listed in the manifest; the check passes and
    /// prints one row per head and MLP component.
    @Test func compileWritesTheCircuitAndTheCheckPasses() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let compiled = try CommandRunner.run(["compile", "reverse", "-o", "m"], in: work)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        #expect(try Self.listing(work.appendingPathComponent("m")) == [
            "alta-files.json", "circuit.json", "config.json", "model.safetensors", "reference_outputs.json",
        ])
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: work.appendingPathComponent("m/alta-files.json"))) as? [String: Any]
        #expect(manifest?["files"] as? [String] == ["circuit.json", "config.json", "model.safetensors", "reference_outputs.json"])

        let check = try CommandRunner.run(["circuit", "check", "m"], in: work)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout == Self.reverseTable)
        #expect(check.stderr.isEmpty)

        let json = try CommandRunner.run(["circuit", "check", "m", "--json", "--inputs", "2"], in: work)
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.map { $0["component"] as? String } == ["blocks.0.attn[0]", "blocks.0.mlp", "blocks.1.mlp", "blocks.2.attn[0]"])
        #expect(rows.map { $0["verdict"] as? String } == ["ok", "ok", "ok", "ok"])
        #expect((report["inputs"] as? [[String]])?.count == 2)
    }

    /// A circuit.json that gives reverse the head computing length fails the check, naming
    /// the component and the s-ops it should not have changed.
    @Test func wrongHeadFailsTheCheck() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(try CommandRunner.run(["compile", "reverse", "-o", "m"], in: work).status == 0)
        let url = work.appendingPathComponent("m/circuit.json")
        var circuit = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var sops = try #require(circuit["sops"] as? [[String: Any]])
        let index = try #require(sops.firstIndex { $0["label"] as? String == "reverse_1" })
        var components = try #require(sops[index]["components"] as? [[String: Any]])
        components[0]["name"] = "blocks.0.attn[0]"
        components[0]["layer"] = 0
        components[0]["head"] = 0
        sops[index]["components"] = components
        circuit["sops"] = sops
        try JSONSerialization.data(withJSONObject: circuit).write(to: url)

        let check = try CommandRunner.run(["circuit", "check", "m"], in: work)
        #expect(check.status == 1)
        #expect(check.stderr == "Error: component blocks.0.attn[0] of s-op 'reverse_1' changed 'length_5' and 'opp_idx-1_3', which do not depend on 'reverse_1'\n")
        #expect(check.stdout.contains("blocks.0.attn[0]  reverse_1    length_5, opp_idx-1_3, reverse_1  violation\n"))
        #expect(check.stdout.hasSuffix("4 components ablated on 4 inputs: 3 ok, 0 not exercised, 1 violation\n"))
    }

    /// ALTA exports have no circuit: the check says so, and re-exporting an ALTA program
    /// over a RASP export removes the old circuit.json with the rest of Alta's files.
    @Test func altaExportsHaveNoCircuit() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(try CommandRunner.run(["compile", "reverse", "-o", "m"], in: work).status == 0)
        let alta = try CommandRunner.run(["compile", "parity_sum_mod_2_direct", "--max-len", "4", "-o", "m"], in: work)
        #expect(alta.status == 0, "\(alta.stderr)")
        #expect(try Self.listing(work.appendingPathComponent("m")) == [
            "alta-files.json", "config.json", "model.safetensors", "reference_outputs.json",
        ])
        let check = try CommandRunner.run(["circuit", "check", "m"], in: work)
        #expect(check.status == 1)
        #expect(check.stderr == "Error: m has no circuit.json (`alta compile` writes one for RASP programs only)\n")
    }

    /// A circuit.json that is not one, or of another format version, is refused with the
    /// reason.
    @Test func malformedCircuitIsRefused() throws {
        let work = try Self.workFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        #expect(try CommandRunner.run(["compile", "length", "-o", "m"], in: work).status == 0)
        let url = work.appendingPathComponent("m/circuit.json")
        for (contents, message) in [
            ("{}", "Error: cannot read m/circuit.json: the file: missing field 'format_version'\n"),
            ("{\"format_version\": 2}", "Error: m/circuit.json: format_version is 2, but this Alta reads format 1 only\n"),
        ] {
            try Data(contents.utf8).write(to: url)
            let check = try CommandRunner.run(["circuit", "check", "m"], in: work)
            #expect(check.status == 1)
            #expect(check.stderr == message)
        }
    }
}
