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

    @Test func resultStatistics() {
        let r = LearnResult(method: .trace, length: 8, runs: [1, 0.5, 0.75])
        #expect(r.accuracy == 0.75)
        #expect(abs(r.sd - 0.25) < 1e-12)
        #expect(LearnMethod.traceNoise.label(noise: 0.1) == "trace, σ = 0.1")
        #expect(LearnMethod.traceNoise.label(noise: 1) == "trace, σ = 1")
    }
}
