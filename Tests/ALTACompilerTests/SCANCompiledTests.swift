import ALTA
import ALTACompiler
import AltaPrograms
import AltaTensors
import AltaTestSupport
import AltaTransformer
import Foundation
import Testing

/// SCAN through the compiled weights. The default run checks a small sample (debug builds are
/// slow); `ALTA_SCAN_SAMPLE=N` checks N commands (CI runs 500 in its release step, `.ci/run`).
/// `alta scan` runs all 20,910 commands in release.
@Suite struct SCANCompiledTests {
    static let compiled: Result<ALTACompiledProgram, any Error> = Result {
        try SCANProgram.make().compile(options: ALTACompilerOptions(maxLayers: 600))
    }

    @Test func sampleOfTasksMatchesDataset() throws {
        let compiled = try Self.compiled.get()
        let dataset = try SCANDataset.tasks()
        #expect(dataset.examples.count == 20_910)
        let size = ProcessInfo.processInfo.environment["ALTA_SCAN_SAMPLE"].flatMap(Int.init) ?? 6
        var rng = SplitMix64(seed: 2024)
        let sample = Array(dataset.examples.indices.shuffled(using: &rng).prefix(size)).map { dataset.examples[$0] }
        let calibration = try ["walk around left thrice and look right", "jump"].map { try SCANProgram.encode(command: $0) }
        let profile = try PreparedModel(compiled.model).activationProfile(tokenIDs: calibration)
        let prepared = try PreparedModel(compiled.model, profile: profile)
        #expect(prepared.backend == .sparseRows)
        let executor = SCANExecutor.weights(prepared, threads: 2) { try compiled.outputs(of: $0) }
        let evaluation = SCANEvaluation.run(sample, executor: executor, batchSize: 4)
        #expect(evaluation.correct == sample.count, "\(evaluation.mismatches.prefix(5))")
        #expect(evaluation.notHalted == 0)
        #expect(evaluation.layers == (try sample.map { try SCANParseTree.parse($0.command).layerCount }))
    }

    /// The reference's layer counts (ALTA.md §12.6).
    static let layerCounts = ["jump twice": 42, "walk around left": 76]

    /// Per-layer conformance and the reference's layer counts; the longer command in
    /// optimised builds (`TestBuild`).
    @Test(arguments: TestBuild.cases(["jump twice", "walk around left"], slowInDebug: ["walk around left"]))
    func interpreterAndWeightsAgreeAtEveryLayer(command: String) throws {
        let layers = try #require(Self.layerCounts[command])
        let compiled = try Self.compiled.get()
        let tokens = try SCANProgram.encode(command: command)
        let report = try ALTAConformance.check(compiled, tokens: tokens, layers: .untilHalt(maxLayers: 600))
        #expect(report.isConformant, "\(report.mismatches.prefix(5).map(\.description))")
        #expect(report.compiledLayers == layers)
        #expect(report.compiledHalted)
    }

    @Test func sizes() throws {
        let compiled = try Self.compiled.get()
        let statistics = compiled.statistics
        #expect(statistics.variables == 48)
        #expect(statistics.programHeads == 13)
        // 70,792 lookup units and 300 M dense parameters in the original; ours are stored sparse.
        #expect(statistics.hiddenWidths[2] < 70_792)
        #expect(statistics.nonZeroParameters < statistics.parameters / 100)
        let sparse = compiled.model.layers[0].feedForward.layers.allSatisfy { $0.weight.isSparse }
        #expect(sparse)
    }
}
