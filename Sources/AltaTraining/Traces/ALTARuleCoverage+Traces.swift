import ALTA
import AltaPrograms

extension ALTARuleCoverage {
    /// Rule coverage of a library program over trace inputs (the inputs `alta traces` would
    /// record), each run with the layer limit `layers` gives, capped at `maxLayers`.
    ///
    /// - Parameter progress: called after each input with the number done.
    /// - Throws: `TrainingError.extractionFailed` naming the input the interpreter fails on;
    ///   `.invalidSetting` for a cap below one layer or a program whose coverage cannot be
    ///   measured (function form, no MLP application).
    public static func measure(
        entry: ALTAProgramEntry, program: ALTAProgram, inputs: [TraceInput], layers policy: TraceLayerPolicy = .program,
        maxLayers: Int? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> ALTARuleCoverage {
        if let maxLayers, maxLayers < 1 {
            throw TrainingError.invalidSetting("max-layers", reason: "at least one layer is needed, not \(maxLayers)")
        }
        var coverage: ALTARuleCoverage
        do {
            coverage = try ALTARuleCoverage(program: program)
        } catch {
            throw TrainingError.invalidSetting("program", reason: "\(error)")
        }
        let interpreter = ALTAInterpreter(program: program)
        for (k, input) in inputs.enumerated() {
            let limit = policy.limit(tokenCount: input.tokens.count, program: entry.layerLimit(forTokenCount: input.tokens.count),
                                     maxLayers: maxLayers)
            do {
                if let trace = try interpreter.run(input.tokens, layers: limit, trace: true).trace { try coverage.record(trace) }
            } catch {
                throw TrainingError.extractionFailed(program: entry.name, input: input.text, reason: "\(error)")
            }
            progress(k + 1)
        }
        guard coverage.applications > 0 else {
            throw TrainingError.invalidSetting("inputs", reason: "\(ALTACoverageError.emptyDataset(program: program.name))")
        }
        return coverage
    }
}
