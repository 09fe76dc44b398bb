import ALTA
import AltaPrograms
import AltaTensors
import Testing
@testable import AltaTraining

@Suite struct EndToEndTaskTests {
    @Test func parityTargetsSitAtTheLastPosition() throws {
        let task = try EndToEndTask(entry: try ALTALibrary.entry(named: "sparse_parity_sequential_relative"))
        #expect(task.classes == ["0", "1"])
        #expect(task.vocabularySize == 3)
        let e = try task.example("1011")
        #expect(e.tokens == [2, 1, 0, 1, 1])   // START 1 0 1 1
        #expect(e.targets == [-1, -1, -1, -1, 1])
        #expect(e.output == "1")
        #expect(task.outputText(predictions: [0, 0, 0, 0, 1]) == "1")
        #expect(task.outputText(predictions: [1, 1, 1, 1, 0]) == "0")
    }

    @Test func additionTargetsAreEveryDigitButEnd() throws {
        let task = try EndToEndTask(entry: try ALTALibrary.entry(named: "addition"))
        #expect(task.classes == (0...9).map(String.init))
        let e = try task.example("57+68")
        // START 5 7 + 6 8 END: every position but END carries a digit.
        #expect(e.tokens.count == 7)
        #expect(e.targets.prefix(6).allSatisfy { $0 >= 0 } && e.targets.last == -1)
        #expect(e.output == "125")
        // The targets, decoded as the model's outputs are, give the interpreter's text.
        #expect(task.outputText(predictions: e.targets.map { max(0, $0) }) == "125")
    }

    @Test func lengthInputsHaveTheirLength() throws {
        let parity = try ALTALibrary.entry(named: "parity_sequential_relative")
        let bits = try LengthInputs.random(for: parity, length: 12, count: 3, seed: 2)
        #expect(bits == LearnedMLPModel.randomBitStrings(length: 12, count: 3, seed: 2))
        let addition = try ALTALibrary.entry(named: "addition")
        let sums = try LengthInputs.random(for: addition, length: 4, count: 5, seed: 1)
        #expect(sums.count == 5)
        #expect(sums.allSatisfy { $0.count == 9 && $0.split(separator: "+").map(\.count) == [4, 4] })
        #expect(try LengthInputs.random(for: addition, length: 4, count: 5, seed: 1) == sums)
        let subleq = try ALTALibrary.entry(named: "subleq")
        #expect(!LengthInputs.supports(subleq))
        #expect(throws: TrainingError.invalidSetting("program", reason: "subleq has no random inputs per length (parity programs and addition have)")) {
            _ = try LengthInputs.random(for: subleq, length: 4, count: 1, seed: 0)
        }
    }

    /// The study on a tiny parity configuration: every method reports every length, progress
    /// counts every training step, and the data are the ones `alta traces` makes.
    @Test func studyReportsEveryMethodAndLength() throws {
        var settings = LearnSettings()
        settings.trainLengths = 1...3
        settings.testLengths = [3, 4]
        settings.samples = 4
        settings.seeds = 1
        settings.mlp.steps = 20
        settings.mlp.width = 8
        for c in [\LearnSettings.stacked, \LearnSettings.looped] {
            settings[keyPath: c].steps = 5
            settings[keyPath: c].dModel = 8
            settings[keyPath: c].heads = 2
            settings[keyPath: c].mlpWidth = 8
            settings[keyPath: c].batchSize = 4
        }
        var calls = 0, last = 0
        let experiment = try LearnExperiment(entry: try ALTALibrary.entry(named: "sparse_parity_sequential_relative"), settings: settings)
        #expect(experiment.totalSteps == 50)
        let report = try experiment.run { p in
            calls += 1
            #expect(p.done > last && p.total == 50)
            last = p.done
        }
        #expect(calls == 50 && last == 50)
        #expect(report.results.map(\.method) == ["trace_noise", "trace_noise", "trace", "trace", "e2e_stacked", "e2e_stacked", "e2e_looped", "e2e_looped"])
        #expect(report.results.allSatisfy { $0.runs.count == 1 && $0.sd == 0 && (0...1).contains($0.accuracy) })
        #expect(report.pairs == 14)
        #expect(report.traceRows == 172)
    }

    /// A parity program with absolute positions takes as many bits as its position table
    /// holds: longer training or test lengths are refused before anything trains.
    @Test func absolutePositionsLimitTheLengths() throws {
        let absolute = try ALTALibrary.entry(named: "sparse_parity_sequential_absolute")
        #expect(LengthInputs.maximumLength(for: absolute) == 50)
        #expect(LengthInputs.maximumLength(for: try ALTALibrary.entry(named: "sparse_parity_sequential_relative")) == nil)
        #expect(LengthInputs.maximumLength(for: try ALTALibrary.entry(named: "addition")) == nil)
        #expect(try LengthInputs.random(for: absolute, length: 50, count: 2, seed: 0).allSatisfy { $0.count == 50 })
        #expect(throws: TrainingError.invalidSetting("lengths", reason: "sparse_parity_sequential_absolute takes at most 50 bits (its compiled model has 50 positions), not 51")) {
            _ = try LengthInputs.random(for: absolute, length: 51, count: 1, seed: 0)
        }
        var settings = LearnSettings()
        settings.testLengths = [8, 16, 32, 64]
        #expect(throws: TrainingError.invalidSetting("test-lengths", reason: "sparse_parity_sequential_absolute takes at most 50 bits (its compiled model has 50 positions), not 64")) {
            _ = try LearnExperiment(entry: absolute, settings: settings)
        }
        settings.testLengths = [8, 50]
        settings.trainLengths = 1...60
        #expect(throws: TrainingError.invalidSetting("train-lengths", reason: "sparse_parity_sequential_absolute takes at most 50 bits (its compiled model has 50 positions), not 60")) {
            _ = try LearnExperiment(entry: absolute, settings: settings)
        }
        settings.trainLengths = 1...8
        _ = try LearnExperiment(entry: absolute, settings: settings)
    }

    /// The absolute-position study runs to the longest length its compiled model takes (one
    /// layer per token: n layers at n positions for n bits, no START token).
    @Test func absolutePositionStudyRunsToFiftyBits() throws {
        var settings = LearnSettings()
        settings.trainLengths = 1...3
        settings.testLengths = [3, 50]
        settings.samples = 2
        settings.seeds = 1
        settings.methods = [.trace]
        settings.mlp.steps = 20
        settings.mlp.width = 8
        let report = try LearnExperiment(entry: try ALTALibrary.entry(named: "sparse_parity_sequential_absolute"), settings: settings).run()
        #expect(report.traceRows == 2 * 1 + 4 * 4 + 8 * 9)
        #expect(report.results.map(\.length) == [3, 50])
        #expect(report.results.allSatisfy { $0.runs.count == 1 && [0, 0.5, 1].contains($0.accuracy) })
    }

    /// `LearnSettings.fill` decides how the study's traces fill undefined MLP inputs.
    @Test func studyTracesUseTheFillSetting() throws {
        let entry = try ALTALibrary.entry(named: "addition")
        let inputs = try LengthInputs.training(for: entry, lengths: 1...2, count: 5, seed: 0)
        let compiled = try LearnExperiment.compile(entry, program: try entry.program(), maxLength: 8)
        var settings = LearnSettings()
        #expect(settings.fill == .uniform)
        for fill in TraceFill.allCases {
            settings.fill = fill
            let traces = try LearnExperiment(entry: entry, settings: settings).traceDataset(compiled: compiled, inputs: inputs)
            let expected = try TraceDataset.extract(entry: entry, compiled: compiled, inputs: inputs, generator: "alta learn",
                                                    fill: fill, seed: 0, layers: .program)
            #expect(traces == expected)
            // Zero fill leaves every input in the compiled model's own range; uniform fills
            // undefined variables (here the head outputs before the first layer) with noise.
            let largest = traces.inputs.values.map(abs).max() ?? 0
            #expect(fill == .zero ? largest <= 1 : largest > 1)
        }
    }

    @Test func resultStatistics() {
        let r = LearnResult(method: .trace, length: 8, runs: [1, 0.5, 0.75])
        #expect(r.accuracy == 0.75)
        #expect(abs(r.sd - 0.25) < 1e-12)
        #expect(LearnMethod.traceNoise.label(noise: 0.1) == "trace, σ = 0.1")
        #expect(LearnMethod.traceNoise.label(noise: 1) == "trace, σ = 1")
    }
}
