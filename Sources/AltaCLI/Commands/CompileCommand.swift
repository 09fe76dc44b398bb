import AltaPrograms
import AltaTensors
import AltaTransformer
import ArgumentParser
import Foundation
import RASP

/// `alta compile NAME -o DIR`: compile a library program and export the weights.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a library program (RASP or ALTA) to transformer weights and export them to a folder.",
        discussion: """
            The folder gets model.safetensors (TransformerLens names; mostly-zero tensors \
            stored sparse unless --dense), config.json and \
            reference_outputs.json (outputs on sample inputs, for the Python cross-check); \
            RASP programs also get circuit.json, their ground-truth circuit (see `alta circuit check`). \
            RASP programs compile to stacked transformers, ALTA programs to looped ones that \
            halt by themselves; --max-len sets the longest input for both.
            """)

    @Argument(help: "A library program name (see `alta list`), a .rasp file or an .alta file.")
    var name: String

    @OptionGroup var options: CompileOptions

    @Option(name: [.short, .customLong("output")], help: "Folder to export to: a new or empty folder, or an earlier Alta export (replaced).")
    var output: String

    @Flag(help: "Store every tensor dense (for loaders that need dense TransformerLens tensors); by default mostly-zero tensors are stored sparse.")
    var dense = false

    @Option(help: "Number of random sample inputs recorded in reference_outputs.json.")
    var samples = 8

    @Flag(help: "Print machine-readable JSON.")
    var json = false

    func validate() throws {
        try OptionRange.check(samples, "--samples", in: 0...100_000)
    }

    func run() throws {
        let started = ContinuousClock.now
        let model: TransformerModel
        let sampleInputs: [[String]]
        var extraFiles: [String: Data] = [:]
        switch try ProgramLookup.resolve(name, options: options) {
        case .rasp(let entry):
            let compiled = try options.compileRASP(entry)
            model = compiled.model
            do {
                extraFiles[GroundTruthCircuit.fileName] = try compiled.circuit.encoded()
            } catch {
                throw CLIError("\(name): cannot encode \(GroundTruthCircuit.fileName): \(error)", cause: error)
            }
            var generator = SplitMix64(seed: 0)
            let maxSeqLen = model.maxSequenceLength - 1
            sampleInputs = (0..<samples).map { i in
                let length = 1 + (i % maxSeqLen)
                return compiled.tokens(for: (0..<length).map { _ in compiled.vocabulary.randomElement(using: &generator)! })
            }
        case .alta(let entry):
            try options.refuseRASPOnlyOptions(forALTA: name)
            model = try ALTACompilation.compile(entry, maxLength: options.maxLen).model
            sampleInputs = try entry.exampleInputs.prefix(samples).map { text in
                do {
                    return try model.tokens(forText: text)
                } catch {
                    throw CLIError("\(entry.name): cannot encode example input '\(text)': \(error)", cause: error)
                }
            }
                .filter { $0.count <= model.maxSequenceLength }
        }
        let compileTime = ContinuousClock.now - started
        try OutputFolder.export(model, name: name, samples: sampleInputs, to: output, extraFiles: extraFiles,
                                encoding: dense ? .dense : .automatic)
        let summary: [String: Any] = [
            "program": name, "folder": output, "layers": model.layers.count, "d_model": model.dModel,
            "parameters": model.parameterCount, "nonzero_parameters": model.nonZeroCount,
            "compile_seconds": compileTime.seconds, "metadata": model.metadata,
            "seconds": (ContinuousClock.now - started).seconds, "peak_rss_bytes": PeakMemory.bytes,
        ]
        if json {
            try JSONOutput.print(summary)
        } else {
            print("compiled \(name) in \(String(format: "%.1f", compileTime.seconds * 1000)) ms: \(Plural.count(model.layers.count, "layer")), d_model \(model.dModel), \(model.parameterCount) parameters (\(model.nonZeroCount) non-zero)")
            print("exported to \(output)")
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
