import ALTA
import AltaPrograms
import Testing

/// The registry: names, lazy building, encoding/decoding and the default examples.
@Suite struct LibraryTests {
    @Test func registryHasTheOriginalNames() throws {
        // ALTA-EXAMPLES §1.5 (scan is registered by the SCAN module).
        for name in ["parity_sequential_absolute", "parity_sequential_relative", "parity_sum_mod_2",
                     "sparse_parity_sequential_absolute", "sparse_parity_sequential_relative", "sparse_parity_sum_mod_2",
                     "parity_sum_mod_2_direct", "addition", "subleq", "sort_unique"] {
            #expect(ALTALibrary.names.contains(name), "\(name)")
        }
        #expect(Set(ALTALibrary.names).count == ALTALibrary.names.count)
        #expect(throws: ALTAExampleError.self) { try ALTALibrary.entry(named: "nope") }
        for entry in ALTALibrary.all {
            #expect(!entry.summary.isEmpty && !entry.summary.contains("\n"))
            #expect(!entry.exampleInputs.isEmpty)
        }
    }

    @Test func cheapEntriesRunTheirExamples() throws {
        // Expected results computed independently of the programs.
        let expected: [String: [String: String]] = [
            "sparse_parity_sequential_absolute": ["1": "1", "10110": "1", "1101001110": "0", "111111111111111111111": "1"],
            "sparse_parity_sequential_relative": ["1": "1", "10110": "1", "1101001110": "0", "111111111111111111111": "1"],
            "sparse_parity_sum_mod_2": ["1": "1", "10110": "1", "1101001110": "0", "111111111111111111111": "1"],
            "parity_sequential_relative": ["10110": "1", "1101001110": "0"],
            "parity_sum_mod_2_direct": ["10110": "1", "1101001110": "0"],
            "addition": ["789+456": "1245", "5+7": "12", "99999+1": "100000"],
            "subleq": ["3 -2 0": "3 -2 0 0 0 0 0 0 0 0 0 0 0 0 0 0"],
        ]
        for (name, cases) in expected {
            let entry = try ALTALibrary.entry(named: name)
            let program = try entry.program()
            #expect(program.name == name)
            #expect(program.isRuleForm)
            for (input, output) in cases {
                #expect(try entry.run(input, program: program).output == output, "\(name) \(input)")
            }
        }
    }

    @Test func encodersRejectBadInputs() throws {
        let absolute = try ALTALibrary.entry(named: "sparse_parity_sequential_absolute")
        #expect(throws: ALTAExampleError.self) { try absolute.encode("10x1") }
        #expect(throws: ALTAExampleError.self) { try absolute.encode("") }
        #expect(throws: ALTAExampleError.self) { try absolute.encode(String(repeating: "1", count: 51)) }
        #expect(try absolute.encode("1 0,1") == [1, 0, 1])
        let sum = try ALTALibrary.entry(named: "parity_sum_mod_2_direct")
        #expect(throws: ALTAExampleError.self) { try sum.encode(String(repeating: "1", count: 50)) }
        #expect(try sum.encode("101") == [1, 0, 1, 2])
        #expect(try ALTALibrary.entry(named: "sparse_parity_sequential_relative").encode("01") == [2, 0, 1])
        #expect(throws: ALTAExampleError.self) { try absolute.decode([]) }
        #expect(throws: ALTAExampleError.self) { try absolute.decode([.int(1), nil]) }
    }

    @Test func layerLimitsFollowTheReference() throws {
        let relative = try ALTALibrary.entry(named: "sparse_parity_sequential_relative")
        #expect(relative.layerLimit(forTokenCount: 6) == .untilHalt(maxLayers: 7))
        #expect(try ALTALibrary.entry(named: "sparse_parity_sum_mod_2").layerLimit(forTokenCount: 9) == .exactly(1))
        #expect(try ALTALibrary.entry(named: "sort_unique").layerLimit(forTokenCount: 5) == .exactly(2))
        let (_, run) = try relative.run("101101")
        #expect(run.layersRun == 6 && run.halted)
    }
}
