import AltaPrograms
import Foundation
import RASP
import AltaTestSupport
import Testing

/// `TracrReference` reads the shipped `tracr_models.json` with exact Python types, and names
/// the entry and field of a table it cannot read.
@Suite struct TracrReferenceTests {
    @Test func theShippedTableHasEveryProgramAndCase() throws {
        let reference = try TracrReference.library()
        #expect(reference.programs.count == 42)
        #expect(reference.unsupported.count == 17)
        let reverse = try #require(reference.program(named: "reverse"))
        #expect(reverse.vocabulary == ["a", "b", "c"] && reverse.maxSeqLen == 5 && !reverse.causal)
        #expect(reverse.layers == 4 && reverse.examples.count == 20)
        #expect(reverse.nodes.first?.label == reverse.outputLabel)
        #expect(reverse.paddedExamples.allSatisfy { $0.padding + $0.input.count == reverse.maxSeqLen })
        #expect(reference.program(named: "nonesuch") == nil)
    }

    @Test func valuesKeepTheirPythonTypes() throws {
        let data = Data("""
            {"p": {"group": "lib", "vocab": [1, 2.0, true, "a", {"tuple": [1, "b"]}], "max_seq_len": 3,
                   "num_layers": 1, "d_model": 4, "param_count_total": 10, "param_count_nonzero": 2,
                   "residual_labels": ["one"], "output_label": "map_1",
                   "nodes": [{"label": "map_1", "class": "Map", "children": ["tokens"], "default": null}],
                   "examples": [{"input": [1], "rasp_output": [1.0], "compiled_output": [null]}]}}
            """.utf8)
        let program = try #require(try TracrReference(data: data).program(named: "p"))
        let expected: [Value] = [.int(1), .float(2), .bool(true), .string("a"), .tuple([.int(1), .string("b")])]
        #expect(program.vocabulary.count == 5 && zip(program.vocabulary, expected).allSatisfy { $0.isIdentical(to: $1) })
        #expect(program.examples[0].raspOutput.first??.isIdentical(to: .float(1)) == true)
        #expect(program.examples[0].compiledOutput == [nil])
        #expect(program.nodes[0].hasDefault && program.nodes[0].defaultValue == nil)
        #expect(program.causal == false && program.compilerBOS == "BOS" && program.forwardBatch64.isNaN)
    }

    @Test func aTableItCannotReadIsNamedWithTheField() throws {
        func error(_ json: String) -> TracrReferenceError? {
            do {
                _ = try TracrReference(data: Data(json.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(error("[1, 2]") == .malformed("the top level is not an object"))
        #expect(error("[1, 2]")?.description == "tracr_models.json: the top level is not an object")
        #expect(error("{\"p\": {\"group\": \"lib\"}}") == .missingField("p", "vocab"))
        #expect(error("{\"p\": {\"group\": \"lib\"}}")?.description == "tracr_models.json: p.vocab is missing")
        #expect(error("{\"p\": {\"group\": 3}}")?.description == "tracr_models.json: p.group is not a string")
        #expect(error("{\"_unsupported\": [{\"name\": \"x\", \"vocab\": [null], \"max_seq_len\": 2}]}")?.description
            == "tracr_models.json: _unsupported[0].vocab is not a list of values without null")
        #expect(error("{\"p\": ")?.description == "tracr_models.json: JSON parse error at byte 6: unexpected end")
        let missing = URL(fileURLWithPath: "/nonexistent/tracr_models.json")
        expectError(TracrReferenceError.unreadable(path: missing.path, reason: "no such file"),
                    message: "cannot read the Tracr reference table '/nonexistent/tracr_models.json': no such file") {
            try TracrReference(contentsOf: missing)
        }
    }
}
