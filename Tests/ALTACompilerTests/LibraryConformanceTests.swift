import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTestSupport
import AltaTransformer
import Testing

/// Compiled == interpreter at every layer and position, for every example program of the
/// library, on its example inputs and on random inputs (fixed seeds). SCAN (over a minute
/// through a debug build's plain loops) runs in optimised builds (`TestBuild`); a debug build
/// checks SCAN on a small sample (`SCANCompiledTests`).
@Suite struct LibraryConformanceTests {
    static let names = TestBuild.cases(ALTALibrary.names, slowInDebug: [SCANProgram.name])
    /// Random inputs per program (a debug build checks a third of them; CI's release step all).
    static let randomInputCount = TestBuild.count(12, inDebug: 4)

    @Test(arguments: names)
    func compiledMatchesInterpreterEverywhere(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let program = try entry.program()
        let compiled = try program.compile(maxLength: entry.randomInputs?.maxTokens)
        let prepared = try PreparedModel(compiled.model)
        var rng = SplitMix64(seed: 0xA17A + UInt64(name.utf8.count))
        var inputs = entry.exampleInputs.map { ($0, false) }
        if let randomInputs = entry.randomInputs {
            for _ in 0..<Self.randomInputCount { inputs.append((randomInputs.draw(using: &rng), true)) }
        }
        var checked = 0
        for (text, random) in inputs {
            guard let tokens = try? entry.encode(text), tokens.count <= compiled.model.maxSequenceLength else { continue }
            let limit = random
                ? try #require(entry.randomInputs).layerLimit(entry, forTokenCount: tokens.count)
                : entry.layerLimit(forTokenCount: tokens.count)
            let report: ALTAConformance.Report
            do {
                report = try ALTAConformance.check(compiled, tokens: tokens, layers: limit, prepared: prepared)
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
        let required = entry.randomInputs == nil ? entry.exampleInputs.count : Self.randomInputCount - 2
        #expect(checked >= required, "\(name): only \(checked) inputs could be checked")
    }

    /// Both backends are bit-identical to the plain per-sequence pass (the runtime's
    /// reference, run here through a hook) on every library program: final residuals,
    /// scores, layer counts, halting and the residual after every sublayer; the sparse
    /// backend gives the same on 1 and 2 threads.
    @Test(arguments: names)
    func backendsEqualThePlainPass(name: String) throws {
        let entry = try ALTALibrary.entry(named: name)
        let compiled = try entry.program().compile(maxLength: entry.randomInputs?.maxTokens)
        var batch: [[Int]] = []
        var texts = entry.exampleInputs
        if let randomInputs = entry.randomInputs {
            var rng = SplitMix64(seed: 7)
            for _ in 0..<3 { texts.append(randomInputs.draw(using: &rng)) }
        }
        for text in texts {
            if let tokens = try? entry.encode(text), tokens.count <= compiled.model.maxSequenceLength { batch.append(tokens) }
        }
        if name == SCANProgram.name { batch = Array(batch.prefix(1)) }
        try #require(!batch.isEmpty)
        let model = compiled.model
        let depth = model.layout.maxDepth(layerCount: model.layers.count)
        var layers = min(depth, batch.map { entry.layerLimit(forTokenCount: $0.count).maxLayers }.max() ?? 1)
        // SCAN through the plain pass is slow in debug builds: its first 40 layers suffice.
        if name == SCANProgram.name { layers = min(layers, 40) }
        let halting = batch.allSatisfy { if case .untilHalt = entry.layerLimit(forTokenCount: $0.count) { true } else { false } }
        var plainOptions = RunOptions(maxLayers: layers, halting: halting, trace: .residuals)
        plainOptions.hooks.read(.embed) { _, _ in }
        let plain = try model.forward(tokenIDs: batch, options: plainOptions)
        let options = RunOptions(maxLayers: layers, halting: halting, trace: .residuals)
        for backend in [RuntimeBackend.featureMajor, .sparseRows] {
            for threads in backend == .sparseRows ? [1, 2] : [2] {
                var threaded = options
                threaded.threads = threads
                let result = try PreparedModel(model, backend: backend).forward(tokenIDs: batch, options: threaded)
                #expect(result.layersRun == plain.layersRun, "\(name) \(backend)")
                #expect(result.halted == plain.halted, "\(name) \(backend)")
                #expect(result.finalResiduals == plain.finalResiduals, "\(name) \(backend) \(threads)")
                #expect(result.outputScores == plain.outputScores, "\(name) \(backend) \(threads)")
                #expect(result.traces == plain.traces, "\(name) \(backend) \(threads)")
            }
        }
    }
}
