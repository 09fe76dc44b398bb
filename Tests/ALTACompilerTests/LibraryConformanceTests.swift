import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTransformer
import Testing

/// Compiled == interpreter at every layer and position, for every example program of the
/// library, on its example inputs and on random inputs (fixed seeds).
@Suite struct LibraryConformanceTests {
    static let names = ALTALibrary.names

    @Test(arguments: names)
    func compiledMatchesInterpreterEverywhere(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let program = try entry.program()
        let compiled = try program.compile(maxLength: entry.randomInputs?.maxTokens)
        let runner = try ALTASparseRunner(compiled)
        var rng = SplitMix64(seed: 0xA17A + UInt64(name.utf8.count))
        var inputs = entry.exampleInputs.map { ($0, false) }
        if let randomInputs = entry.randomInputs {
            for _ in 0..<12 { inputs.append((randomInputs.draw(using: &rng), true)) }
        }
        var checked = 0
        for (text, random) in inputs {
            guard let tokens = try? entry.encode(text), tokens.count <= compiled.model.maxSequenceLength else { continue }
            let limit = random
                ? try #require(entry.randomInputs).layerLimit(entry, forTokenCount: tokens.count)
                : entry.layerLimit(forTokenCount: tokens.count)
            let report: ALTAConformance.Report
            do {
                report = try ALTAConformance.check(compiled, tokens: tokens, layers: limit, runner: runner)
            } catch let error as ALTAError {
                // A run the interpreter itself rejects (e.g. two rules writing one variable) has
                // no reference to compare with.
                if case .conflictingUpdates = error { continue }
                throw error
            }
            #expect(report.mismatches.isEmpty, "\(name) on \(text): \(report.mismatches.prefix(5).map(\.description))")
            #expect(report.interpreterLayers == report.compiledLayers, "\(name) on \(text): layers")
            #expect(!report.haltingCompared || report.interpreterHalted == report.compiledHalted, "\(name) on \(text): halting")
            #expect(report.comparisons > 0)
            checked += 1
        }
        // SCAN has no random-input generator (its inputs come from its data set): its example
        // commands are checked here and SCANCompiledTests runs a dataset sample through the
        // weights.
        let required = entry.randomInputs == nil ? entry.exampleInputs.count : 10
        #expect(checked >= required, "\(name): only \(checked) inputs could be checked")
    }

    /// The runner is bit-identical to the runtime's dense forward pass on compiled programs.
    @Test(arguments: ["sparse_parity_sequential_relative", "parity_sequential_absolute", "sparse_parity_sum_mod_2", "addition", "sort_unique"])
    func runnerEqualsDenseForward(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let compiled = try entry.program().compile(maxLength: entry.randomInputs?.maxTokens)
        let randomInputs = try #require(entry.randomInputs)
        var rng = SplitMix64(seed: 7)
        var batch: [[Int]] = []
        for _ in 0..<4 {
            if let tokens = try? entry.encode(randomInputs.draw(using: &rng)),
               tokens.count <= compiled.model.maxSequenceLength { batch.append(tokens) }
        }
        let layers = batch.map { entry.layerLimit(forTokenCount: $0.count).maxLayers }.max() ?? 1
        let halting = batch.allSatisfy { if case .untilHalt = entry.layerLimit(forTokenCount: $0.count) { true } else { false } }
        let model = compiled.model
        let dense = try model.forward(tokenIDs: batch, options: RunOptions(maxLayers: layers, halting: halting, trace: .full))
        let sparse = try ALTASparseRunner(model: model)
            .run(tokenIDs: batch, trace: true, threads: 2, layers: layers, halting: halting)
        #expect(dense.layersRun == sparse.layersRun)
        #expect(dense.halted == sparse.halted)
        #expect(dense.finalResiduals == sparse.finalResiduals)
        for s in batch.indices {
            let a = dense.traces?[s].layers ?? [], b = sparse.traces?[s] ?? []
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) {
                #expect(x.afterAttention == y.afterAttention)
                #expect(x.afterMLP == y.afterMLP)
            }
        }
    }
}
