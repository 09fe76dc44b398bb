import Foundation
import RASP
import RASPCompiler
import Testing

/// The README's RASP example, verbatim, so the documentation cannot drift from the API.
@Suite struct ReadmeExampleTests {
    @Test func reverseExampleWorksAsDocumented() throws {
        // make_reverse, exactly as Tracr's lib.py builds it
        let length = SelectorWidth(Select(tokens, tokens, .true).named("all_true_selector")).named("length")
        let oppIdx = ((length - indices).named("opp_idx") - 1).named("opp_idx-1")
        let reverse = Aggregate(Select(indices, oppIdx, .eq).named("reverse_selector"), tokens).named("reverse")

        #expect(try evaluate(reverse, on: ["a", "b", "c"]) == ["c", "b", "a"])
        let compiled = try RASPModelCompiler.compile(reverse, vocabulary: ["a", "b", "c"], maxSeqLen: 5)
        let (outputs, _) = try compiled.run([["a", "b", "c"]])
        #expect(outputs == [["c", "b", "a"]])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-reverse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try compiled.model.export(to: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path))
    }

    @Test func sumExampleWorksAsDocumented() throws {
        let runningTotal = numerical(Sum(Select(indices, indices, .leq), tokens)).named("running_total")
        #expect(try evaluate(runningTotal, on: [3, 1, 2]) == [3, 4, 6])
        let totals = try RASPModelCompiler.compile(runningTotal, vocabulary: [0, 1, 2, 3], maxSeqLen: 64)
        let (sums, _) = try totals.run([[3, 1, 2]])
        #expect(sums[0].count == 3)
        #expect(zip(sums[0], [3.0, 4.0, 6.0]).allSatisfy { abs(($0?.doubleValue ?? .nan) - $1) < 1e-4 })
        #expect(totals.model.layers.count == 1 && totals.model.layers[0].heads.count == 1)
    }
}
