import ALTA
import AltaPrograms
import AltaTestSupport
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
        expectError(ALTAExampleError.unknownProgram("nope", known: ALTALibrary.names),
                    message: "unknown ALTA program 'nope' (known: parity_sequential_absolute, parity_sequential_relative, parity_sum_mod_2, parity_sum_mod_2_direct, sparse_parity_sequential_absolute, sparse_parity_sequential_relative, sparse_parity_sum_mod_2, addition, subleq, sort_unique, scan)") {
            try ALTALibrary.entry(named: "nope")
        }
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
        let program = "sparse_parity_sequential_absolute"
        expectError(ALTAExampleError.invalidInput(program: program, input: "10x1", reason: "'x' at position 2 is not one of 0 1"),
                    message: "sparse_parity_sequential_absolute: cannot encode input '10x1': 'x' at position 2 is not one of 0 1") {
            try absolute.encode("10x1")
        }
        expectError(ALTAExampleError.invalidInput(program: program, input: "", reason: "the input is empty"),
                    message: "sparse_parity_sequential_absolute: cannot encode input '': the input is empty") {
            try absolute.encode("")
        }
        let ones51 = String(repeating: "1", count: 51)
        expectError(ALTAExampleError.invalidInput(program: program, input: ones51, reason: "51 pieces given, at most 50 fit"),
                    message: "sparse_parity_sequential_absolute: cannot encode input '\(ones51)': 51 pieces given, at most 50 fit") {
            try absolute.encode(ones51)
        }
        #expect(try absolute.encode("1 0,1") == [1, 0, 1])
        let sum = try ALTALibrary.entry(named: "parity_sum_mod_2_direct")
        let ones50 = String(repeating: "1", count: 50)
        expectError(ALTAExampleError.invalidInput(program: "parity_sum_mod_2_direct", input: ones50, reason: "'1' appears 50 times, at most 49 are supported"),
                    message: "parity_sum_mod_2_direct: cannot encode input '\(ones50)': '1' appears 50 times, at most 49 are supported") {
            try sum.encode(ones50)
        }
        #expect(try sum.encode("101") == [1, 0, 1, 2])
        #expect(try ALTALibrary.entry(named: "sparse_parity_sequential_relative").encode("01") == [2, 0, 1])
        expectError(ALTAExampleError.invalidOutput(program: program, reason: "the output has no positions to read"),
                    message: "sparse_parity_sequential_absolute: cannot decode output: the output has no positions to read") {
            try absolute.decode([])
        }
        expectError(ALTAExampleError.invalidOutput(program: program, reason: "position 1 holds no value"),
                    message: "sparse_parity_sequential_absolute: cannot decode output: position 1 holds no value") {
            try absolute.decode([.int(1), nil])
        }
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
