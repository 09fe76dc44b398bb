import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Foundation
import Testing
@testable import AltaTraining

@Suite struct TraceDatasetTests {
    static let name = "sparse_parity_sequential_relative"

    static func parity(lengths: ClosedRange<Int>, fill: TraceFill, layers: TraceLayerPolicy) throws
        -> (TraceDataset, [TraceInput], ALTACompiledProgram, ALTAProgramEntry)
    {
        let entry = try ALTALibrary.entry(named: name)
        let generator = TraceInputGenerator.bitStrings(lengths: lengths)
        let inputs = try generator.inputs(for: entry, seed: 0)
        let compiled = try ALTATransformerCompiler.compile(try entry.program(), maxLength: lengths.upperBound + 1)
        let data = try TraceDataset.extract(entry: entry, compiled: compiled, inputs: inputs, generator: generator.description,
                                            fill: fill, seed: 0, layers: layers)
        return (data, inputs, compiled, entry)
    }

    @Test func parityRowCountIsInputsTimesLayersTimesPositions() throws {
        // Lengths 1–3: 14 bit strings of n bits, n + 1 tokens with START.
        let (tokens, _, _, _) = try Self.parity(lengths: 1...3, fill: .zero, layers: .tokens)
        // One layer per token: Σ 2ⁿ (n + 1)² = 8 + 36 + 128.
        #expect(tokens.rowCount == 172)
        let (program, inputs, compiled, entry) = try Self.parity(lengths: 1...3, fill: .zero, layers: .program)
        var expected = 0
        for input in inputs {
            let run = try ALTAInterpreter(program: compiled.program)
                .run(input.tokens, layers: entry.layerLimit(forTokenCount: input.tokens.count), trace: false)
            expected += run.layersRun * input.tokens.count
        }
        #expect(program.rowCount == expected)
        #expect(program.rowCount < 172)   // halting stops some runs early
        #expect(inputs.count == 14 && inputs[1].text == "1" && inputs[1].tokens == [ALTAParity.start, 1])
    }

    @Test func aKnownRowMatchesTheResidualLabels() throws {
        let (data, _, _, _) = try Self.parity(lengths: 1...3, fill: .zero, layers: .tokens)
        #expect(data.metadata.residual_labels == ["parity:0", "parity:1", "done:0", "done:1", "relative_qk:0",
                                                  "parity_left:0", "parity_left:1", "done_left:0", "done_left:1"])
        // Input "1" (example 1), layer 0, position 1 (the bit after START): after attention
        // parity 1, done 0, relative_qk 0, parity_left 0, done_left 1 (read from START); after
        // the MLP done becomes 1 and the head outputs are reset.
        let row = try #require((0..<data.rowCount).first { data.example[$0] == 1 && data.layer[$0] == 0 && data.position[$0] == 1 })
        #expect(data.inputs.row(row) == [0, 1, 1, 0, 1, 1, 0, 0, 1])
        #expect(data.targets.row(row) == [0, 1, 0, 1, 1, 0, 0, 0, 0])
    }

    @Test func zeroFilledRowsAreTheCompiledModelsResiduals() throws {
        let (data, inputs, compiled, _) = try Self.parity(lengths: 1...3, fill: .zero, layers: .tokens)
        let prepared = try PreparedModel(compiled.model, backend: .sparseRows)
        var row = 0
        for input in inputs {
            let layers = input.tokens.count
            let result = try prepared.forward(
                tokenIDs: [input.tokens], options: RunOptions(maxLayers: layers, halting: false, trace: .residuals))
            let trace = try #require(result.traces?.first?.layers)
            #expect(trace.count == layers)
            for layer in trace {
                for p in 0..<input.tokens.count {
                    for d in 0..<data.dModel {
                        #expect(abs(data.inputs[row, d] - layer.afterAttention[p, d]) < 1e-4, "\(input.text) row \(row) dim \(d)")
                        #expect(abs(data.targets[row, d] - layer.afterMLP[p, d]) < 1e-4, "\(input.text) row \(row) dim \(d)")
                    }
                    row += 1
                }
            }
        }
        #expect(row == data.rowCount)
    }

    @Test func uniformFillNoisesOnlyUndefinedInputs() throws {
        let (zero, _, _, _) = try Self.parity(lengths: 1...3, fill: .zero, layers: .tokens)
        let (noisy, _, _, _) = try Self.parity(lengths: 1...3, fill: .uniform, layers: .tokens)
        let (again, _, _, _) = try Self.parity(lengths: 1...3, fill: .uniform, layers: .tokens)
        #expect(noisy == again)
        #expect(noisy.targets == zero.targets)
        // Position 0 (START) has no left neighbour: its head outputs are undefined.
        var noised = 0
        for r in 0..<zero.rowCount {
            for d in 0..<zero.dModel where zero.inputs[r, d] != noisy.inputs[r, d] {
                #expect(d >= 5, "only head-output dimensions are undefined here")
                #expect(abs(noisy.inputs[r, d]) <= 10)
                noised += 1
            }
        }
        #expect(noised > 0)
    }

    @Test func shardsRoundTripThroughTheSafetensorsReader() throws {
        let (data, _, _, _) = try Self.parity(lengths: 1...3, fill: .uniform, layers: .tokens)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("alta-traces-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try TraceFolder.write(data, to: folder, shardRows: 50)
        let read = try TraceFolder.read(from: folder)
        #expect(read.metadata.shards == ["traces-00000.safetensors", "traces-00001.safetensors",
                                         "traces-00002.safetensors", "traces-00003.safetensors"])
        var expected = data
        expected.metadata.shards = read.metadata.shards
        #expect(read == expected)
        // Writing again replaces the folder Alta wrote.
        try TraceFolder.write(data, to: folder)
        #expect(try TraceFolder.read(from: folder).metadata.shards.count == 1)
    }

    @Test func generatorsAreCheckedAgainstThePrograms() throws {
        let parity = try ALTALibrary.entry(named: Self.name)
        #expect(throws: TrainingError.generatorMismatch(generator: "addition", program: Self.name, expected: "parity")) {
            try TraceInputGenerator.addition(digits: 1...2, count: 3).inputs(for: parity, seed: 0)
        }
        #expect(throws: TrainingError.invalidSetting("lengths", reason: "bit-string lengths must lie in 1...20, not 0...3")) {
            try TraceInputGenerator.bitStrings(lengths: 0...3).inputs(for: parity, seed: 0)
        }
        let addition = try TraceInputGenerator.addition(digits: 2...3, count: 5).inputs(for: try ALTALibrary.entry(named: "addition"), seed: 9)
        #expect(addition.count == 5)
        #expect(addition == (try TraceInputGenerator.addition(digits: 2...3, count: 5).inputs(for: try ALTALibrary.entry(named: "addition"), seed: 9)))
        let sort = try TraceInputGenerator.sortUnique(lengths: 3...3, count: 4).inputs(for: try ALTALibrary.entry(named: "sort_unique"), seed: 1)
        #expect(sort.allSatisfy { Set($0.text.split(separator: " ")).count == 3 })
        let scan = try TraceInputGenerator.scan(split: .length, part: .test, limit: 2).inputs(for: try ALTALibrary.entry(named: "scan"), seed: 0)
        #expect(scan.count == 2)
        let subleq = try TraceInputGenerator.subleq(count: 2).inputs(for: try ALTALibrary.entry(named: "subleq"), seed: 0)
        #expect(subleq.allSatisfy { $0.tokens.count == ALTASubleq.cellCount })
    }
}
