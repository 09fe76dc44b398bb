import AltaTestSupport
import AltaTransformer
import Foundation
import Testing

/// The command line's conventions: options that do not apply are refused, inputs are
/// validated, runs that do not halt fail, values may start with '-', numbers print as
/// numbers, progress frames only on a terminal, messages without repeated prefixes.
@Suite(.serialized) struct CLIConventionTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("alta-cli-\(UUID().uuidString)").path
    }

    /// Expects a refusal before any work, rendered as `Error: message` with `exitCode` (1, or
    /// 65 for an input that is not well formed), checked in this process.
    static func expectFailure(_ arguments: [String], _ message: String, exitCode: Int32 = 1,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        try InProcess.expectFailure(arguments, message, exitCode: exitCode, sourceLocation: sourceLocation)
    }

    @Test func raspOnlyOptionsAreRefusedForALTAPrograms() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.expectFailure(["compile", "addition", "--causal", "-o", folder],
                               "--causal applies to RASP programs; 'addition' is an ALTA program")
        try Self.expectFailure(["compile", "parity_sum_mod_2", "--tracr-layout", "-o", folder],
                               "--tracr-layout applies to RASP programs; 'parity_sum_mod_2' is an ALTA program")
        try Self.expectFailure(["run", "addition", "--vocab", "1,2", "--input", "1+2"],
                               "--vocab applies to RASP programs; 'addition' is an ALTA program")
        #expect(!FileManager.default.fileExists(atPath: folder), "nothing written")
    }

    @Test func compileOptionsAreRefusedForModelFoldersAndCompareForALTA() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandRunner.run(["example", "spreading-flag", "--output", folder]).status == 0)
        try Self.expectFailure(["run", folder, "--max-len", "4", "--input", "0 1"],
                               "--max-len applies to library programs; '\(folder)' is an exported model folder")
        try Self.expectFailure(["compare", "addition", "--input", "1+2"],
                               "compare applies to RASP programs; 'addition' is an ALTA program (`alta trace` shows its variables at every layer)")
    }

    @Test func maxLenBelowTheShortestInputIsRefused() throws {
        // A one-word SCAN command is 70 tokens: start, 67 memory cells, the word, end.
        try Self.expectFailure(["compile", "scan", "--max-len", "3", "-o", Self.temporaryFolder()],
                               "--max-len 3 is too short for scan: its shortest input takes 70 tokens (use --max-len 70 or more)")
    }

    @Test func misplacedBOSOrPADIsRefused() throws {
        try Self.expectFailure(["run", "reverse", "--input", "a BOS b"],
                               "the BOS token 'BOS' cannot be at position 2 of sequence 0: it may only start a sequence", exitCode: 65)
        try Self.expectFailure(["run", "reverse", "--input", "a PAD b"],
                               "the PAD token 'PAD' cannot be at position 2 of sequence 0: padding may only follow the input", exitCode: 65)
        try Self.expectFailure(["eval", "reverse", "--input", "a BOS b"],
                               "token 'BOS' at position 1 is not in the vocabulary of reverse (a b c)", exitCode: 65)
    }

    @Test func scanCommandsOutsideTheGrammarAreRefused() throws {
        try Self.expectFailure(["eval", "scan", "--input", "twice jump"],
                               "scan: cannot encode input 'twice jump': not a SCAN command: 'twice' at position 0 cannot start a phrase (expected walk, look, run, jump or turn)", exitCode: 65)
        try Self.expectFailure(["eval", "scan", "--input", "jump and walk after run"],
                               "scan: cannot encode input 'jump and walk after run': not a SCAN command: a second 'after' at position 3 (at most one 'and'/'after')", exitCode: 65)
        let good = try CommandRunner.run(["eval", "scan", "--input", "jump twice"])
        #expect(good.status == 0)
        #expect(good.stdout == "input:  jump twice\noutput: JUMP JUMP  (42 layers, halted)\n")
    }

    @Test func reachingTheLayerCapWithoutHaltingFails() throws {
        // SUBLEQ "0 0 0" subtracts cell 0 from itself and jumps back to 0 forever.
        let eval = try CommandRunner.run(["eval", "subleq", "--input", "0 0 0", "--input", "-1 0"])
        #expect(eval.status == 1)
        #expect(eval.stdout == """
            input:  0 0 0
            output: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0  (1000 layers, did not halt)
            input:  -1 0
            output: -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0  (1 layer, halted)

            """)
        #expect(eval.stderr == "Error: subleq on '0 0 0' reached the cap of 1000 layers without halting\n")
        let trace = try CommandRunner.run(["trace", "subleq", "--input", "0 0 0", "--positions", "0", "--variables", "a"])
        #expect(trace.status == 1)
        #expect(trace.stdout.hasSuffix("output: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0  (1000 layers, did not halt)\n"))
        #expect(trace.stderr == "Error: subleq on '0 0 0' reached the cap of 1000 layers without halting\n")
    }

    @Test func aModelFolderThatDoesNotHaltFails() throws {
        // The spreading flag needs 3 iterations for 4 positions; this copy may take only 1.
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SpreadingFlagModel.make(maxIterations: 1).export(to: URL(fileURLWithPath: folder, isDirectory: true))
        let run = try CommandRunner.run(["run", folder, "--input", "0 1", "--input", "0 1 1 0"])
        #expect(run.status == 1)
        #expect(run.stdout == "input:  0 1\noutput: 1 1\nlayers: 1 (halted)\n\ninput:  0 1 1 0\noutput: 1 1 0 0\nlayers: 1 (did not halt)\n")
        #expect(run.stderr == "Error: sequence 1 reached the cap of 1 iteration without halting (its rule, done > 0.5 at every position, never held)\n")
    }

    @Test func fixedDepthProgramsSaySo() throws {
        let eval = try CommandRunner.run(["eval", "alta:sort_unique", "--input", "3 1 2", "--json"])
        #expect(eval.status == 0)
        let result = try #require((try Self.json(eval.stdout) as? [String: Any])?["results"] as? [[String: Any]])
        #expect(result.first?["fixed_depth"] as? Bool == true)
        #expect(result.first?["layers_run"] as? Int == 2)
        let text = try CommandRunner.run(["eval", "parity_sum_mod_2_direct", "--input", "101"])
        #expect(text.status == 0)
        #expect(text.stdout == "input:  101\noutput: 0  (1 layer, fixed depth)\n")
    }

    @Test func valuesMayStartWithAMinus() throws {
        let eval = try CommandRunner.run(["eval", "subleq", "--input", "-1 0"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout == "input:  -1 0\noutput: -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0  (1 layer, halted)\n")
        let run = try CommandRunner.run(["run", "reverse", "--vocab=-1,0,1", "--input", "-1 0 1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "input:  BOS -1 0 1\noutput: BOS 1 0 -1\n")
        let spaced = try CommandRunner.run(["run", "reverse", "--vocab", "-1,0,1", "--input", "-1 -1"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stdout == "input:  BOS -1 -1\noutput: BOS -1 -1\n")
    }

    @Test func numericalOutputsPrintAsNumbersInEvalAndRun() throws {
        let eval = try CommandRunner.run(["eval", "frac_prevs", "--input", "a b a c"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout == "input:  a b a c\noutput: 1 0.5 0.666667 0.5\n")
        let run = try CommandRunner.run(["run", "frac_prevs", "--input", "a b a c"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "input:  BOS a b a c\noutput: BOS 1 0.5 0.666667 0.5\n")
        let json = try CommandRunner.run(["eval", "frac_prevs", "--input", "a b", "--json"])
        let output = try #require(((try Self.json(json.stdout) as? [String: Any])?["results"] as? [[String: Any]])?.first?["output"] as? [Double])
        #expect(output == [1, 0.5])
    }

    @Test func errorsNameTheProgramOnce() throws {
        try Self.expectFailure(["eval", "addition", "--input", "1+"], "addition: cannot encode input '1+': operand 2 is empty", exitCode: 65)
        try Self.expectFailure(["run", "addition", "--input", "1+"], "addition: cannot encode input '1+': operand 2 is empty", exitCode: 65)
        try Self.expectFailure(["trace", "addition", "--input", "1+"], "addition: cannot encode input '1+': operand 2 is empty", exitCode: 65)
    }

    @Test func progressDrawsNoFramesIntoALog() throws {
        let data = Self.temporaryFolder() + ".txt"
        defer { try? FileManager.default.removeItem(atPath: data) }
        try "IN: jump OUT: I_JUMP\nIN: walk twice OUT: I_WALK I_WALK\n".write(toFile: data, atomically: true, encoding: .utf8)
        let scan = try CommandRunner.run(["scan", "--interpreter", "--data", data, "--threads", "1"])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stderr == "scan: 1/2 (50%)\nscan: 2/2 (100%)\n")
        #expect(scan.stdout.hasPrefix("SCAN through the interpreter: 2/2 exact matches (100.00%)\n"))
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let compile = try CommandRunner.run(["compile", "reverse", "-o", folder])
        #expect(compile.status == 0)
        #expect(compile.stderr.isEmpty, "no stage frames when stderr is not a terminal")
    }
}
