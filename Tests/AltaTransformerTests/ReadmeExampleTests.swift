import AltaTensors
import AltaTransformer
import Testing

/// The README's runtime example, verbatim, with its comments checked.
@Suite struct ReadmeRuntimeExampleTests {
    @Test func runtimeExampleWorksAsWritten() throws {
        let model = try CopyPreviousTokenModel.make(vocabulary: ["a", "b", "c"], maxLength: 8)
        let result = try model.run([["BOS", "a", "b", "c"]], trace: true)
        print(result.outputs(of: 0))        // [BOS, -, a, b]
        let pattern = result.traces![0].layers[0].attentionPatterns[0]   // [T, T]

        // Many passes: prepare once (validation, runtime tables, reused buffers).
        let prepared = try PreparedModel(model)
        let scores = try prepared.forward(tokenIDs: [[0, 1, 2], [0, 2]]).outputScores(of: 1)   // [2, 3]

        #expect(result.outputs(of: 0) == [.category("BOS"), .null, .category("a"), .category("b")])
        #expect(pattern.rows == 4 && pattern.columns == 4)
        #expect(scores.rows == 2 && scores.columns == 3)
        #expect(scores == (try model.forward(tokenIDs: [[0, 2]])).outputScores(of: 0))
    }

    @Test func hooksExampleWorksAsWritten() throws {
        let model = try CopyPreviousTokenModel.make(vocabulary: ["a", "b", "c"], maxLength: 8)
        var options = RunOptions(threads: 1, trace: .residuals)
        var seen: [String] = []
        options.hooks.readAll { point, _, value in seen.append("\(point) \(value.rows)x\(value.columns)") }
        options.hooks.replace(.attnPattern(step: 0, head: 0)) { _, pattern in
            Matrix(rows: pattern.rows, columns: pattern.columns)      // ablate the head
        }
        let ablated = try model.run([["BOS", "a", "b"]], options: options)
        print(ablated.outputs(of: 0))       // [BOS, -, -]
        print(seen[3])                      // blocks.0.attn.hook_scores.0 3x3

        #expect(ablated.outputs(of: 0) == [.category("BOS"), .null, .null])
        #expect(seen[3] == "blocks.0.attn.hook_scores.0 3x3")
        let plain = try model.run([["BOS", "a", "b"]])
        #expect(plain.outputs(of: 0) == [.category("BOS"), .null, .category("a")])
        #expect(ablated.traces?.first?.layers.count == 1)
    }
}
